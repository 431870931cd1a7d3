// What pages, views, reconciliation and search ask of the data: small, bounded
// lookups (a SELECT for a page, the description of an IRI), answered by the engine
// behind the service rather than by reaching into Oxigraph. The embedded default
// answers from the main thread's store; a remote store answers over SPARQL.
// Asynchronous, so that both fit.

import type oxigraph from 'oxigraph';
import { type Quad } from 'n3';
import { select, type Row } from '../store/select.js';
import { EntityDescriber } from '../http/linked-data/describe.js';

export interface Lookup {
  /** A SELECT with our prefixes predeclared, over the union of the graphs; rows of plain values. */
  select(query: string): Promise<Row[]>;
  /** Whether the dataset says anything about this IRI. */
  exists(iri: string): Promise<boolean>;
  /** The description served when the IRI is dereferenced, or undefined if unknown. */
  describe(iri: string): Promise<Quad[] | undefined>;
  /** The release answering now, where it can change while serving (a store switched by a load); absent where it cannot. */
  release?(): string;
}

/**
 * A value read through a lookup once, and again when the lookup's release
 * changes (a page's vocabulary after a store switch); a failed read is tried again.
 */
export function perRelease<T>(read: (lookup: Lookup) => Promise<T>): (lookup: Lookup) => Promise<T> {
  const cache = new WeakMap<Lookup, { release?: string; value: Promise<T> }>();
  return (lookup) => {
    const release = lookup.release?.();
    const found = cache.get(lookup);
    if (found && found.release === release) return found.value;
    const value = read(lookup);
    cache.set(lookup, { release, value });
    value.catch(() => { if (cache.get(lookup)?.value === value) cache.delete(lookup); });
    return value;
  };
}

/** Lookups in an in-process Oxigraph store (the embedded default's main-thread copy). */
export class StoreLookup implements Lookup {
  private readonly describer: EntityDescriber;

  constructor(private readonly store: oxigraph.Store, factory: typeof oxigraph) {
    this.describer = new EntityDescriber(store, factory);
  }

  async select(query: string): Promise<Row[]> {
    return select(this.store, query);
  }

  async exists(iri: string): Promise<boolean> {
    return this.describer.exists(iri);
  }

  async describe(iri: string): Promise<Quad[] | undefined> {
    return this.describer.describe(iri);
  }
}
