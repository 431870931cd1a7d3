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

import { Worker } from 'node:worker_threads';
import { closeSync, openSync } from 'node:fs';
import { HttpError } from '../httpError.js';
import { workerScript } from '../../engine/workerScript.js';
import { busy, WorkerJobs } from '../workerJobs.js';
import { type SearchDoc } from '../../search/documents.js';
import { type SearchAnswer } from '../../search/searchIndex.js';
import { log } from '../../log.js';

/** Where a release's index comes from: its file (hits read from it when shown, or held in memory), or documents read from its data. */
export type SearchSource =
  | { file: string; positional: boolean }
  | { documents: () => Promise<SearchDoc[]> };

/** What a worker is started with. */
export type SearchData = { file: string; positional: boolean; fd?: number } | { documents: SearchDoc[] };

export interface SearchJob { q: string; limit: number }

export type SearchReply = { id: number; ok: true; answer: SearchAnswer } | { id: number; ok: false; error: string };

/** What the worker says once: its index is loaded (or could not be). */
export type SearchStarted = { ready: true; documents: number; loadMs: number } | { failed: string };

export interface SearchServiceOptions {
  source: SearchSource;
  /** Searches that may wait for the worker; more get 503. */
  queueLimit: number;
  /** A search's deadline from when it was submitted, in ms. */
  timeoutMs: number;
}

export class SearchService {
  private worker?: Worker;
  private ready = false;
  private loaded = false;
  private failure?: string;
  private fd?: number;
  private closed = false;
  private first?: Promise<number>;
  private settleFirst?: { resolve(documents: number): void; reject(error: Error): void };
  documents?: number;
  readonly counters = { searches: 0, rejected: 0, timedOut: 0, restarts: 0, loadMs: 0 };
  private readonly jobs: WorkerJobs<SearchJob, SearchAnswer>;

  constructor(private readonly options: SearchServiceOptions) {
    this.jobs = new WorkerJobs({
      queueLimit: options.queueLimit, timeoutMs: options.timeoutMs, noun: 'search', plural: 'searches', counters: this.counters,
    });
  }

  /**
   * Starts the worker; resolves with the number of documents once its index is
   * loaded, rejects if it cannot be (the service then answers nothing: its
   * owner closes it and keeps what it had, or says why there is no search).
   */
  load(): Promise<number> {
    this.first ??= new Promise<number>((resolve, reject) => {
      this.settleFirst = { resolve, reject };
      this.spawn().catch((error: Error) => this.fail(String(error?.message ?? error)));
    });
    return this.first;
  }

  private async spawn(): Promise<void> {
    const { source } = this.options;
    let data: SearchData;
    if ('documents' in source) {
      data = { documents: await source.documents() };
    } else {
      if (source.positional) this.fd ??= openSync(source.file, 'r');
      data = { file: source.file, positional: source.positional, fd: this.fd };
    }
    if (this.closed) return;
    const worker = new Worker(workerScript('http/search/worker'), { workerData: data });
    this.worker = worker;
    this.ready = false;
    worker.unref();
    worker.on('message', (message: SearchReply | SearchStarted) => {
      if (worker !== this.worker) return;
      if ('failed' in message) {
        this.worker = undefined;
        void worker.terminate();
        this.fail(message.failed);
        return;
      }
      if ('ready' in message) {
        this.ready = true;
        this.loaded = true;
        this.documents = message.documents;
        this.counters.loadMs = message.loadMs;
        this.settleFirst?.resolve(message.documents);
        this.jobs.use(worker);
        return;
      }
      this.jobs.answered(message.id, message.ok ? { ok: true, result: message.answer } : { ok: false, error: new Error(`search failed: ${message.error}`) });
    });
    worker.on('error', (error) => log.error({ event: 'search-worker-failed', error: String(error.stack ?? error) }));
    worker.on('exit', (code) => {
      if (worker !== this.worker) return;
      this.worker = undefined;
      this.ready = false;
      this.jobs.stopped(busy('The search worker stopped unexpectedly and is being replaced.'));
      if (!this.loaded) return this.fail(`the search worker stopped (exit code ${code}) while loading the index`);
      this.replace();
    });
  }

  private fail(message: string): void {
    if (this.closed || this.failure) return;
    this.failure = message;
    this.settleFirst?.reject(new Error(message));
    if (this.loaded) log.error({ event: 'search-unavailable', error: message });
    this.jobs.rejectAll(this.unavailable(), true);
  }

  private unavailable(): HttpError {
    return new HttpError(500, `Search is unavailable: ${this.failure}`);
  }

  private replace(): void {
    if (this.closed || this.failure) return;
    this.counters.restarts++;
    log.warn({ event: 'search-worker-replaced', restarts: this.counters.restarts });
    // A worker that keeps dying is not restarted in a tight loop.
    setTimeout(() => { if (!this.closed) this.spawn().catch((error: Error) => this.fail(String(error?.message ?? error))); }, this.counters.restarts > 3 ? 1000 : 0).unref();
  }

  /** One search. Rejects with an HttpError (503) when busy, late or not loaded, (500) when the index is gone. */
  run(q: string, limit: number): Promise<SearchAnswer> {
    if (this.closed) return Promise.reject(busy('The search index is being replaced.'));
    if (this.failure) return Promise.reject(this.unavailable());
    if (!this.loaded) return Promise.reject(new HttpError(503, 'The search index is being loaded; try again in a few seconds.', { 'Retry-After': '5' }));
    this.counters.searches++;
    return this.jobs.submit({ q, limit });
  }

  /** For /metrics: whether it answers, its index and its queue. */
  status(): { ready: boolean; documents?: number; loadMs?: number; error?: string; running: boolean; queued: number; restarts: number } {
    return {
      ready: this.ready, documents: this.documents, loadMs: this.loaded ? Math.round(this.counters.loadMs) : undefined, error: this.failure,
      running: this.jobs.isRunning, queued: this.jobs.queued, restarts: this.counters.restarts,
    };
  }

  /** Waits (at most a search's deadline and a second) until the searches it was given are answered: a replaced service gets no new ones. */
  drain(): Promise<void> {
    return this.jobs.drain(() => this.closed);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.settleFirst?.reject(new Error('closed'));
    this.jobs.rejectAll(busy('The search index is being replaced.'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
