// Which media type to answer with: the format= parameter if given, else the
// Accept header (q-values and wildcards honoured by Express's negotiator).

import { type Request } from 'express';
import { HttpError } from '../httpError.js';
import { GRAPH_TYPES, RESULT_SET_TYPES } from '../../store/execute.js';
import { type QueryForm } from '../../query/parse.js';

/** Short names for format= (people typing URLs) and the file suffixes of entity pages. */
export const FORMAT_ALIASES: Record<string, string> = {
  json: 'application/sparql-results+json',
  srj: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  srx: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  turtle: 'text/turtle',
  ttl: 'text/turtle',
  nt: 'application/n-triples',
  ntriples: 'application/n-triples',
  'n-triples': 'application/n-triples',
  nq: 'application/n-quads',
  nquads: 'application/n-quads',
  trig: 'application/trig',
  jsonld: 'application/ld+json',
  'json-ld': 'application/ld+json',
  rdf: 'application/rdf+xml',
  rdfxml: 'application/rdf+xml',
  'rdf+xml': 'application/rdf+xml',
  html: 'text/html',
};

/** Types offered for each query form, preferred first. Plain JSON/XML map to the result types. */
export function offeredTypes(form: QueryForm): string[] {
  if (form === 'CONSTRUCT' || form === 'DESCRIBE') return [...GRAPH_TYPES];
  return Object.keys(RESULT_SET_TYPES);
}

/** Generic types clients send, and what they mean for result sets or for graphs. */
const RESULT_EQUIVALENTS: Record<string, string> = {
  'application/json': 'application/sparql-results+json',
  'application/xml': 'application/sparql-results+xml',
  'text/xml': 'application/sparql-results+xml',
};
const GRAPH_EQUIVALENTS: Record<string, string> = {
  'application/json': 'application/ld+json',
  'application/xml': 'application/rdf+xml',
  'text/xml': 'application/rdf+xml',
  'text/plain': 'application/n-triples',
  'application/x-turtle': 'text/turtle',
  'text/n3': 'text/turtle',
};

export function chooseType(req: Request, offered: string[], format?: string): string {
  const EQUIVALENTS = offered.includes('application/sparql-results+json') ? RESULT_EQUIVALENTS : GRAPH_EQUIVALENTS;
  if (format) {
    const type = FORMAT_ALIASES[format.toLowerCase()] ?? format.toLowerCase();
    const resolved = offered.includes(type) ? type : EQUIVALENTS[type];
    if (resolved && offered.includes(resolved)) return resolved;
    throw new HttpError(406, `format=${format} is not available here. Available: ${offered.join(', ')}.`);
  }
  if (!req.get('accept')) return offered[0];
  const aliases = Object.entries(EQUIVALENTS).filter(([, target]) => offered.includes(target)).map(([alias]) => alias);
  const best = req.accepts([...offered, ...aliases]);
  if (!best) throw new HttpError(406, `None of the requested types (${req.get('accept')}) is available. Available: ${offered.join(', ')}.`);
  return offered.includes(best) ? best : EQUIVALENTS[best];
}
