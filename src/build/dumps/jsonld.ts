// A streaming JSON-LD writer that emits the dataset already compacted with our
// context (prefixes only), one node object per subject inside one object per
// named graph. Linear in the number of quads: jsonld.js's fromRDF + compact took
// seconds at our size and did not finish at ten times it.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type Quad, type Term } from 'n3';
import { ns } from '../../model/namespaces.js';

const RDF_TYPE = ns.rdf('type');
const XSD_STRING = ns.xsd('string');
const RDF_LANG_STRING = ns.rdf('langString');

export interface JsonLdContext { '@context': Record<string, string> }

export function jsonLdContext(prefixes: Record<string, string>): JsonLdContext {
  return { '@context': { ...prefixes } };
}

/** Compacts an IRI to prefix:local when a prefix matches and the result is unambiguous. */
export function compactor(prefixes: Record<string, string>): (iri: string) => string {
  // Longest namespaces first so person: wins over id-level prefixes.
  const entries = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length);
  return (iri: string) => {
    for (const [prefix, namespace] of entries) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        const local = iri.slice(namespace.length);
        if (!local.startsWith('//')) return `${prefix}:${local}`;
      }
    }
    return iri;
  };
}

export function objectValue(term: Term, compact: (iri: string) => string): unknown {
  if (term.termType === 'NamedNode') return { '@id': compact(term.value) };
  if (term.termType === 'BlankNode') return { '@id': `_:${term.value}` };
  if (term.termType === 'Literal') {
    const literal = term as Term & { language: string; datatype: { value: string } };
    if (literal.language) return { '@value': literal.value, '@language': literal.language };
    if (literal.datatype.value === XSD_STRING) return literal.value;
    if (literal.datatype.value === RDF_LANG_STRING) return literal.value;
    return { '@value': literal.value, '@type': compact(literal.datatype.value) };
  }
  throw new Error(`Cannot write ${term.termType} as JSON-LD`);
}

/** Groups consecutive quads of one subject (input sorted by graph, subject) into node objects. */
export function* nodeObjects(quads: Iterable<Quad>, compact: (iri: string) => string): Generator<{ graph: string; node: Record<string, unknown> }> {
  let current: { graph: string; subject: string; node: Record<string, unknown> } | undefined;
  for (const q of quads) {
    if (!current || current.graph !== q.graph.value || current.subject !== q.subject.value) {
      if (current) yield { graph: current.graph, node: current.node };
      const id = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : compact(q.subject.value);
      current = { graph: q.graph.value, subject: q.subject.value, node: { '@id': id } };
    }
    const node = current.node;
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
      ((node['@type'] ??= []) as unknown[]).push(compact(q.object.value));
    } else {
      ((node[compact(q.predicate.value)] ??= []) as unknown[]).push(objectValue(q.object, compact));
    }
  }
  if (current) yield { graph: current.graph, node: current.node };
}

export async function writeJsonLd(path: string, sortedQuads: Iterable<Quad>, prefixes: Record<string, string>): Promise<void> {
  const out = createWriteStream(path);
  const compact = compactor(prefixes);
  const write = (chunk: string) => (out.write(chunk) ? undefined : once(out, 'drain'));
  await write(`{\n"@context": ${JSON.stringify(jsonLdContext(prefixes)['@context'])},\n"@graph": [`);
  let graph: string | undefined;
  let firstNode = true;
  for (const { graph: g, node } of nodeObjects(sortedQuads, compact)) {
    if (!g) throw new Error('The JSON-LD dump expects every quad in a named graph');
    if (g !== graph) {
      await write(`${graph === undefined ? '' : '\n]},'}\n{"@id": ${JSON.stringify(compact(g))}, "@graph": [`);
      graph = g;
      firstNode = true;
    }
    await write(`${firstNode ? '' : ','}\n${JSON.stringify(node)}`);
    firstNode = false;
  }
  await write(`${graph === undefined ? '' : '\n]}'}\n]}\n`);
  out.end();
  await once(out, 'finish');
}
