// Runs one SPARQL query against an Oxigraph store and returns the serialised
// result in the requested format, cut at the result limit with the cut reported.
// Oxigraph serialises (its writers follow the W3C result formats); this module only
// counts, trims and, for graphs, re-serialises with our prefixes and context.

import oxigraph from 'oxigraph';
import { Parser } from 'n3';
import { type QueryForm } from './queryForm.js';
import { serialiseTriples } from './serialise.js';

export interface QueryRequest {
  query: string;
  form: QueryForm;
  mediaType: string;
  /** default-graph-uri values; when this or namedGraphs is given they define the dataset. */
  defaultGraphs?: string[];
  namedGraphs?: string[];
  maxResults: number;
}

export interface QueryResult {
  body: string;
  mediaType: string;
  /** Rows (SELECT), triples (CONSTRUCT/DESCRIBE) or 1 (ASK) returned. */
  count: number;
  truncated: boolean;
}

export class QueryEvaluationError extends Error {
  override name = 'QueryEvaluationError';
  constructor(message: string, readonly syntax: boolean) { super(message); }
}

export const RESULT_SET_TYPES = {
  'application/sparql-results+json': 'json',
  'application/sparql-results+xml': 'xml',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
} as const;

export const GRAPH_TYPES = [
  'text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig', 'application/ld+json', 'application/rdf+xml',
] as const;

function datasetOptions(request: QueryRequest): Record<string, unknown> {
  if (!request.defaultGraphs?.length && !request.namedGraphs?.length) return { use_default_graph_as_union: true };
  return {
    default_graph: (request.defaultGraphs ?? []).map((iri) => oxigraph.namedNode(iri)),
    named_graphs: (request.namedGraphs ?? []).map((iri) => oxigraph.namedNode(iri)),
  };
}

function run(store: oxigraph.Store, request: QueryRequest, resultsFormat: string): string {
  try {
    return store.query(request.query, { ...datasetOptions(request), results_format: resultsFormat }) as string;
  } catch (error) {
    const message = String((error as Error).message ?? error);
    throw new QueryEvaluationError(message, /^(?:Parser )?error at|^Parser error|expected one of/i.test(message));
  }
}

export function executeQuery(store: oxigraph.Store, request: QueryRequest): QueryResult {
  if (request.form === 'CONSTRUCT' || request.form === 'DESCRIBE') return executeGraphQuery(store, request);
  const format = RESULT_SET_TYPES[request.mediaType as keyof typeof RESULT_SET_TYPES] ?? 'json';
  const body = run(store, request, format);
  if (request.form === 'ASK' || /^\s*\{\s*"head"\s*:\s*\{[^}]*\}\s*,\s*"boolean"/.test(body) || body.includes('<boolean>') || body === 'true' || body === 'false') {
    return { body, mediaType: request.mediaType, count: 1, truncated: false };
  }
  return capResultSet(body, format, request.maxResults, request.mediaType);
}

/** Cuts a serialised SELECT result after `max` rows. */
export function capResultSet(body: string, format: 'json' | 'xml' | 'csv' | 'tsv', max: number, mediaType: string): QueryResult {
  if (format === 'json') {
    // A row takes at least a few bytes, so short results need no parsing.
    if (body.length < max * 2) return { body, mediaType, count: countJsonRows(body), truncated: false };
    const parsed = JSON.parse(body) as { head: { vars: string[]; link?: string[] }; results: { bindings: unknown[] } };
    const count = parsed.results.bindings.length;
    if (count <= max) return { body, mediaType, count, truncated: false };
    parsed.results.bindings = parsed.results.bindings.slice(0, max);
    return { body: JSON.stringify({ ...parsed, truncated: true, limit: max }), mediaType, count: max, truncated: true };
  }
  if (format === 'xml') {
    let index = 0;
    let count = 0;
    while ((index = body.indexOf('</result>', index)) !== -1) {
      index += '</result>'.length;
      if (++count === max && body.indexOf('</result>', index) !== -1) {
        return { body: `${body.slice(0, index)}</results></sparql>`, mediaType, count, truncated: true };
      }
    }
    return { body, mediaType, count, truncated: false };
  }
  // CSV rows end at CRLF outside quotes; TSV escapes line breaks, so rows are lines.
  const ends = format === 'tsv' ? lineEnds(body) : csvRowEnds(body);
  const rows = Math.max(0, ends.length - 1); // the first line is the header
  if (rows <= max) return { body, mediaType, count: rows, truncated: false };
  return { body: body.slice(0, ends[max] + 1), mediaType, count: max, truncated: true };
}

function countJsonRows(body: string): number {
  try {
    return (JSON.parse(body) as { results?: { bindings?: unknown[] } }).results?.bindings?.length ?? 0;
  } catch {
    return 0;
  }
}

function lineEnds(body: string): number[] {
  const ends: number[] = [];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) ends.push(i);
  return ends;
}

function csvRowEnds(body: string): number[] {
  const ends: number[] = [];
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) ends.push(i);
  }
  return ends;
}

function executeGraphQuery(store: oxigraph.Store, request: QueryRequest): QueryResult {
  const ntriples = run(store, request, 'application/n-triples');
  const lines = ntriples.length === 0 ? [] : ntriples.split('\n').filter((line) => line.length > 0);
  const truncated = lines.length > request.maxResults;
  const kept = truncated ? lines.slice(0, request.maxResults) : lines;
  const text = kept.length ? `${kept.join('\n')}\n` : '';
  const body = request.mediaType === 'application/n-triples' || request.mediaType === 'application/n-quads'
    ? text : serialiseTriples(new Parser({ format: 'N-Triples' }).parse(text), request.mediaType);
  return { body, mediaType: request.mediaType, count: kept.length, truncated };
}
