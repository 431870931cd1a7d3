// The ontology file as quads in its own graph, and materialisation of the
// superclasses it declares (Oxigraph does no inference, so `?x a dly:Claim`
// must be stated for a dly:SourceClaim to be found).

import { readFileSync } from 'node:fs';
import { DataFactory, Parser, type Quad } from 'n3';
import { ns } from '../model/namespaces.js';
import { graphIri } from '../model/iri.js';

const { namedNode, quad } = DataFactory;
const RDF_TYPE = ns.rdf('type');

export function readOntology(path: string): Quad[] {
  const graph = namedNode(graphIri('ontology'));
  return new Parser({ baseIRI: path }).parse(readFileSync(path, 'utf8')).map((q) => quad(q.subject, q.predicate, q.object, graph));
}

/** class -> all its superclasses (transitive), from rdfs:subClassOf statements. */
export function superclassClosure(ontology: Quad[]): Map<string, Set<string>> {
  const direct = new Map<string, string[]>();
  for (const q of ontology) {
    if (q.predicate.value !== ns.rdfs('subClassOf') || q.object.termType !== 'NamedNode') continue;
    direct.set(q.subject.value, [...(direct.get(q.subject.value) ?? []), q.object.value]);
  }
  const closure = new Map<string, Set<string>>();
  const visit = (cls: string, seen: Set<string>): Set<string> => {
    const cached = closure.get(cls);
    if (cached) return cached;
    const all = new Set<string>();
    for (const parent of direct.get(cls) ?? []) {
      if (seen.has(parent)) continue;
      all.add(parent);
      for (const ancestor of visit(parent, new Set([...seen, cls]))) all.add(ancestor);
    }
    closure.set(cls, all);
    return all;
  };
  for (const cls of direct.keys()) visit(cls, new Set());
  return closure;
}

/** Adds the superclasses of every typed node, in the same graph; no duplicates. */
export function materialiseTypes(quads: Quad[], closure: Map<string, Set<string>>): Quad[] {
  const stated = new Set(quads.filter((q) => q.predicate.value === RDF_TYPE).map((q) => `${q.subject.value} ${q.object.value} ${q.graph.value}`));
  const added: Quad[] = [];
  for (const q of quads) {
    if (q.predicate.value !== RDF_TYPE) continue;
    for (const parent of closure.get(q.object.value) ?? []) {
      const key = `${q.subject.value} ${parent} ${q.graph.value}`;
      if (stated.has(key)) continue;
      stated.add(key);
      added.push(quad(q.subject, q.predicate, namedNode(parent), q.graph));
    }
  }
  return [...quads, ...added];
}
