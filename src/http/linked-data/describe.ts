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

/** An Oxigraph term or quad: its memory is WebAssembly's until it is freed. */
interface Freeable { free?(): void }

/** A term of Oxigraph's as N3's (plain strings), the Oxigraph objects read for it freed. */
function termOf(term: oxigraph.Term): Quad['object'] {
  let copy: Quad['object'];
  if (term.termType === 'Literal') {
    const datatype = term.datatype;
    copy = DataFactory.literal(term.value, term.language || DataFactory.namedNode(datatype.value));
    (datatype as Freeable).free?.();
  } else if (term.termType === 'BlankNode') {
    copy = DataFactory.blankNode(term.value);
  } else {
    copy = DataFactory.namedNode(term.value);
  }
  (term as Freeable).free?.();
  return copy;
}

/**
 * Oxigraph's JavaScript objects (quads, terms) live in the engine's WebAssembly
 * memory and are freed only when V8 collects their wrappers, which it has no
 * reason to hurry: at 100 articles 25 person pages grew a query worker's
 * WebAssembly memory by 126 MB, which it never gives back. So every match is
 * copied into N3's plain terms and the Oxigraph objects are freed at once.
 */
export class EntityDescriber {
  constructor(private readonly store: oxigraph.Store, private readonly factory: typeof oxigraph) {}

  /** The store's quads with this subject, predicate and object (undefined: any), at most `limit`, as N3 quads. */
  private match(subject?: string, predicate?: string, object?: string, limit = Infinity): Quad[] {
    const terms = [subject, predicate, object].map((iri) => (iri === undefined ? null : this.factory.namedNode(iri)));
    const found = this.store.match(terms[0], terms[1], terms[2], null);
    for (const term of terms) (term as Freeable | null)?.free?.();
    const quads: Quad[] = [];
    for (const q of found) {
      if (quads.length < limit) quads.push(DataFactory.quad(termOf(q.subject) as Quad['subject'], termOf(q.predicate) as Quad['predicate'], termOf(q.object)));
      (q as Freeable).free?.();
    }
    return quads;
  }

  exists(iri: string): boolean {
    return this.match(iri, undefined, undefined, 1).length > 0;
  }

  /** Own triples of a node and of its hash-IRI parts, found by following links from it. */
  private own(iri: string, into: Map<string, Quad>): void {
    const queue = [iri];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const subject = queue.shift()!;
      for (const quad of this.match(subject)) {
        into.set(key(quad), quad);
        if (quad.object.termType === 'NamedNode' && quad.object.value.startsWith(`${iri}#`) && !seen.has(quad.object.value)) {
          seen.add(quad.object.value);
          queue.push(quad.object.value);
        }
      }
    }
  }

  private isProvenance(iri: string): boolean {
    return this.match(iri, TYPE).some((q) => PROVENANCE_CLASSES.has(q.object.value));
  }

  describe(iri: string): Quad[] | undefined {
    if (!this.exists(iri)) return undefined;
    const out = new Map<string, Quad>();
    this.own(iri, out);
    const incoming = this.match(undefined, undefined, iri, MAX_INCOMING);
    for (const quad of incoming) {
      out.set(key(quad), quad);
      const subject = quad.subject.value;
      const parent = subject.split('#')[0];
      if (this.isProvenance(parent)) this.own(parent, out);
    }
    // Labels and types of everything mentioned, so the description reads on its own.
    const mentioned = new Set<string>();
    for (const quad of out.values()) {
      for (const term of [quad.subject, quad.object]) if (term.termType === 'NamedNode') mentioned.add(term.value);
    }
    for (const other of mentioned) {
      for (const quad of this.match(other, LABEL)) out.set(key(quad), quad);
    }
    return [...out.values()];
  }
}

function key(q: Quad): string {
  return `${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.termType}\u0000${q.object.value}\u0000${q.object.termType === 'Literal' ? `${q.object.language}\u0000${q.object.datatype.value}` : ''}`;
}
