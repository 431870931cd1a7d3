// The description of one of our entities, as served when its IRI is dereferenced:
// its own triples and those of its hash-IRI parts (passages, quotations, citation
// items, office holdings), the labels of everything it points to, and what points
// to it, with the full description of the claims and comparisons about it.

import type oxigraph from 'oxigraph';
import { DataFactory, type Quad } from 'n3';
import { ns } from '../../model/namespaces.js';

const LABEL = ns.rdfs('label');
const TYPE = ns.rdf('type');
const PROVENANCE_CLASSES = new Set([ns.dly('Claim'), ns.dly('AccountComparison')]);
/** Incoming links followed in full: the claims and comparisons about the entity. */
const MAX_INCOMING = 5000;

function toN3(q: oxigraph.Quad): Quad {
  return DataFactory.quad(q.subject as never, q.predicate as never, q.object as never);
}

export class EntityDescriber {
  constructor(private readonly store: oxigraph.Store, private readonly factory: typeof oxigraph) {}

  exists(iri: string): boolean {
    return this.store.match(this.factory.namedNode(iri), null, null, null).length > 0;
  }

  /** Own triples of a node and of its hash-IRI parts, found by following links from it. */
  private own(iri: string, into: Map<string, Quad>): void {
    const queue = [iri];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const subject = queue.shift()!;
      for (const q of this.store.match(this.factory.namedNode(subject), null, null, null)) {
        const quad = toN3(q);
        into.set(key(quad), quad);
        if (q.object.termType === 'NamedNode' && q.object.value.startsWith(`${iri}#`) && !seen.has(q.object.value)) {
          seen.add(q.object.value);
          queue.push(q.object.value);
        }
      }
    }
  }

  private isProvenance(iri: string): boolean {
    return this.store.match(this.factory.namedNode(iri), this.factory.namedNode(TYPE), null, null)
      .some((q) => PROVENANCE_CLASSES.has(q.object.value));
  }

  describe(iri: string): Quad[] | undefined {
    if (!this.exists(iri)) return undefined;
    const out = new Map<string, Quad>();
    this.own(iri, out);
    const incoming = this.store.match(null, null, this.factory.namedNode(iri), null).slice(0, MAX_INCOMING);
    for (const q of incoming) {
      const quad = toN3(q);
      out.set(key(quad), quad);
      const subject = q.subject.value;
      const parent = subject.split('#')[0];
      if (this.isProvenance(parent)) this.own(parent, out);
    }
    // Labels and types of everything mentioned, so the description reads on its own.
    const mentioned = new Set<string>();
    for (const quad of out.values()) {
      for (const term of [quad.subject, quad.object]) if (term.termType === 'NamedNode') mentioned.add(term.value);
    }
    for (const other of mentioned) {
      for (const q of this.store.match(this.factory.namedNode(other), this.factory.namedNode(LABEL), null, null)) {
        const quad = toN3(q);
        out.set(key(quad), quad);
      }
    }
    return [...out.values()];
  }
}

function key(q: Quad): string {
  return `${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.termType}\u0000${q.object.value}\u0000${q.object.termType === 'Literal' ? `${q.object.language}\u0000${q.object.datatype.value}` : ''}`;
}
