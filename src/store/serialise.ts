// Serialises triples to any of the RDF formats we serve: Turtle and TriG with our
// prefixes, N-Triples/N-Quads, JSON-LD compacted with our context, RDF/XML.

import oxigraph from 'oxigraph';
import { DataFactory, Writer, type Quad } from 'n3';
import { datasetPrefixes } from '../model/iri.js';
import { compactor, jsonLdContext, nodeObjects } from '../build/dumps/jsonld.js';

export const RDF_TYPES = ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml', 'application/n-quads', 'application/trig'] as const;

function writeN3(quads: Quad[], format: string, prefixes?: Record<string, string>): string {
  const writer = new Writer({ format, prefixes });
  writer.addQuads(quads);
  let out = '';
  writer.end((_error, result) => { out = result; });
  return out;
}

/** Only the prefixes the triples use, so small documents stay small. */
function usedPrefixes(quads: Quad[], prefixes: Record<string, string>): Record<string, string> {
  const used: Record<string, string> = {};
  const iris = new Set<string>();
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, ...(q.object.termType === 'Literal' ? [q.object.datatype] : [])]) if (t.termType === 'NamedNode') iris.add(t.value);
  }
  for (const [prefix, namespace] of Object.entries(prefixes)) {
    for (const iri of iris) if (iri.startsWith(namespace)) { used[prefix] = namespace; break; }
  }
  return used;
}

/** Triples (graph ignored) in the given media type. */
export function serialiseTriples(input: Quad[], mediaType: string, options: { jsonLdContextUrl?: string } = {}): string {
  const quads = input.map((q) => (q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object)));
  const prefixes = datasetPrefixes();
  switch (mediaType) {
    case 'application/n-triples':
      return writeN3(quads, 'N-Triples');
    case 'application/n-quads':
      return writeN3(quads, 'N-Quads');
    case 'application/trig':
      return writeN3(quads, 'TriG', usedPrefixes(quads, prefixes));
    case 'application/rdf+xml': {
      const temp = new oxigraph.Store();
      temp.load(writeN3(quads, 'N-Triples'), { format: 'application/n-triples' });
      return temp.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph.defaultGraph() });
    }
    case 'application/ld+json': {
      const compact = compactor(prefixes);
      const sorted = [...quads].sort((a, b) => a.subject.value.localeCompare(b.subject.value));
      const graph = [...nodeObjects(sorted.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode('urn:x-default'))), compact)].map((n) => n.node);
      return JSON.stringify({ '@context': options.jsonLdContextUrl ? [options.jsonLdContextUrl] : jsonLdContext(prefixes)['@context'], '@graph': graph });
    }
    default:
      return writeN3(quads, 'Turtle', usedPrefixes(quads, prefixes));
  }
}
