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
 * Promises by key, each made once and shared by every caller; a failed one is
 * forgotten, so that the next caller tries again. The one memo of values read
 * asynchronously (per release: perRelease, a release's lists, its graphs' counts).
 */
export function promiseMemo<K, T>(make: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const made = new Map<K, Promise<T>>();
  return (key) => {
    let value = made.get(key);
    if (!value) {
      const making = make(key);
      made.set(key, (value = making));
      making.catch(() => { if (made.get(key) === making) made.delete(key); });
    }
    return value;
  };
}

/**
 * Values read through a lookup once per key, and again when the lookup's
 * release changes (a kind's list after a store switch); a failed read is tried again.
 */
export function perReleaseByKey<K, T>(read: (lookup: Lookup, key: K) => Promise<T>): (lookup: Lookup, key: K) => Promise<T> {
  const cache = new WeakMap<Lookup, { release?: string; get: (key: K) => Promise<T> }>();
  return (lookup, key) => {
    const release = lookup.release?.();
    let found = cache.get(lookup);
    if (!found || found.release !== release) cache.set(lookup, (found = { release, get: promiseMemo((k: K) => read(lookup, k)) }));
    return found.get(key);
  };
}

/**
 * A value read through a lookup once, and again when the lookup's release
 * changes (a page's vocabulary after a store switch); a failed read is tried again.
 */
export function perRelease<T>(read: (lookup: Lookup) => Promise<T>): (lookup: Lookup) => Promise<T> {
  const keyed = perReleaseByKey((lookup: Lookup, _key: undefined) => read(lookup));
  return (lookup) => keyed(lookup, undefined);
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
