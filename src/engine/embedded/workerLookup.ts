// Lookups answered by the embedded engine's query workers, for a main thread
// that holds no copy of the dataset: SELECTs as SPARQL (see sparqlLookup.ts),
// and the description of an IRI computed in the worker by the same
// EntityDescriber the main-thread copy uses — one message instead of a dozen
// queries. Descriptions are kept (the release never changes while serving).

import { Parser, type Quad } from 'n3';
import { SparqlLookup } from '../sparqlLookup.js';
import { LruCache } from '../../store/lruCache.js';
import { type WorkerPool } from './workerPool.js';

interface CachedDescription { quads: Quad[] | undefined; length: number }

export class WorkerLookup extends SparqlLookup {
  private readonly descriptions = new LruCache<CachedDescription>(32 * 1024 * 1024);

  constructor(private readonly pool: WorkerPool) {
    super(pool.lookupSession);
  }

  override async exists(iri: string): Promise<boolean> {
    return (await this.describe(iri)) !== undefined;
  }

  override async describe(iri: string): Promise<Quad[] | undefined> {
    const cached = this.descriptions.get(iri);
    if (cached) return cached.quads;
    const text = await this.pool.describe(iri);
    const quads = text ? new Parser({ format: 'N-Triples' }).parse(text) : undefined;
    this.descriptions.set(iri, { quads, length: 256 + text.length * 2 });
    return quads;
  }
}
