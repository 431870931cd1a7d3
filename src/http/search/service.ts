// The one way into a release's site search: `run(q, limit)` hands a search to
// the search worker thread, which holds the release's index, and resolves with
// its answer. One service per loaded release (a store switch loads the next one
// beside it); searches run one at a time, wait in a bounded queue and have a
// deadline: past it the search gets 503 and, if it was running, the worker is
// replaced. A worker that dies is replaced too (its search answered 503 with
// Retry-After, never left hanging); searches wait for the replacement's load.
//
// The index file of a large release is opened here, in the main thread, once,
// and lent to each worker (hits are read through it when shown): a crashed
// worker cannot leave it open, and it is closed when the service is.

import { HttpError } from '../httpError.js';
import { IndexWorker, type IndexWorkerReply, type IndexWorkerStarted } from '../indexWorker.js';
import { type SearchDoc } from '../../search/documents.js';
import { type SearchAnswer } from '../../search/searchIndex.js';

/** Where a release's index comes from: its file (hits read from it when shown, or held in memory), or documents read from its data. */
export type SearchSource =
  | { file: string; positional: boolean }
  | { documents: () => Promise<SearchDoc[]> };

/** What a worker is started with. */
export type SearchData = { file: string; positional: boolean; fd?: number } | { documents: SearchDoc[] };

export interface SearchJob { q: string; limit: number }

export type SearchReply = IndexWorkerReply<SearchAnswer>;

/** What the worker says of its index once loaded. */
export interface SearchLoaded { documents: number; loadMs: number }

/** What the worker says once: its index is loaded (or could not be). */
export type SearchStarted = IndexWorkerStarted<SearchLoaded>;

export interface SearchServiceOptions {
  source: SearchSource;
  /** Searches that may wait for the worker; more get 503. */
  queueLimit: number;
  /** A search's deadline from when it was submitted, in ms. */
  timeoutMs: number;
}

export class SearchService {
  /** The worker thread, kept alive once loaded: a worker that dies while loading fails the load. */
  private readonly worker: IndexWorker<SearchJob, SearchAnswer, SearchLoaded>;
  documents?: number;
  readonly counters = { searches: 0, rejected: 0, timedOut: 0, restarts: 0, loadMs: 0 };

  constructor(options: SearchServiceOptions) {
    const { source } = options;
    this.worker = new IndexWorker({
      name: 'search', script: 'http/search/worker', startFailure: 'reject',
      queueLimit: options.queueLimit, timeoutMs: options.timeoutMs, noun: 'search', plural: 'searches', counters: this.counters,
      closing: 'The search index is being replaced.',
      workerData: async (lend): Promise<SearchData> => 'documents' in source ? { documents: await source.documents() }
        : { file: source.file, positional: source.positional, fd: source.positional ? lend(source.file) : undefined },
      onReady: (loaded) => {
        this.documents = loaded.documents;
        this.counters.loadMs = loaded.loadMs;
      },
      notStarted: () => new HttpError(503, 'The search index is being loaded; try again in a few seconds.', { 'Retry-After': '5' }),
    });
  }

  /**
   * Starts the worker; resolves with the number of documents once its index is
   * loaded, rejects if it cannot be (the service then answers nothing: its
   * owner closes it and keeps what it had, or says why there is no search).
   */
  async load(): Promise<number> {
    await this.worker.start();
    return this.documents!;
  }

  /** One search. Rejects with an HttpError (503) when busy, late or not loaded, (500) when the index is gone. */
  run(q: string, limit: number): Promise<SearchAnswer> {
    const refused = this.worker.refusal();
    if (refused) return Promise.reject(refused);
    this.counters.searches++;
    return this.worker.submit({ q, limit });
  }

  /** For /metrics: whether it answers, its index and its queue. */
  status(): { ready: boolean; documents?: number; loadMs?: number; error?: string; running: boolean; queued: number; restarts: number } {
    const { ready, started, error, running, queued } = this.worker.status();
    return { ready, documents: this.documents, loadMs: started ? Math.round(this.counters.loadMs) : undefined, error, running, queued, restarts: this.counters.restarts };
  }

  /** Waits (at most a search's deadline and a second) until the searches it was given are answered: a replaced service gets no new ones. */
  drain(): Promise<void> {
    return this.worker.drain();
  }

  /** Ends the worker and closes the index file lent to it. */
  close(): Promise<void> {
    return this.worker.close();
  }
}
