// The one way into reconciliation matching: `run(job)` hands a validated job
// (a batch of name queries, a type-ahead prefix, or records wanted by id) to the
// reconciliation worker thread and resolves with its answer. Jobs wait in a
// bounded queue and have a deadline; past it the job gets 503 and, if it was
// running, the worker is replaced. A per-client scheduler can wrap `run` without
// knowing anything else about it.
//
// The worker reads the release's records file itself and builds its index; the
// main thread holds no records: every answer carries what the HTTP layer needs to
// show the entities it names. Until the first index is built, jobs are refused at
// once (503, Retry-After); while a replacement worker rebuilds it, they wait.

import { Worker } from 'node:worker_threads';
import { closeSync, openSync } from 'node:fs';
import { HttpError } from '../httpError.js';
import { workerScript } from '../../engine/workerScript.js';
import { busy, WorkerJobs } from '../workerJobs.js';
import { type ReconRecord } from '../../reconcile/records.js';
import { type PropertyConstraint } from './index.js';
import { type RecordsSource } from './recordsSource.js';
import { log } from '../../log.js';

export interface ReconQuery { name: string; type?: string; properties: PropertyConstraint[]; limit: number }

export type ReconJob =
  | { op: 'search'; queries: ReconQuery[] }
  | { op: 'suggest'; prefix: string; limit: number; type?: string }
  | { op: 'records'; ids: string[] };

/** What an answer says of an entity it names. */
export interface ReconSummary { id: string; name: string; type: { id: string; name: string }; description?: string }

export interface ReconHit extends ReconSummary { score: number; exact: boolean; match: boolean }

export type ReconJobResult =
  | { op: 'search'; results: ReconHit[][] }
  | { op: 'suggest'; entities: ReconSummary[] }
  | { op: 'records'; records: (ReconRecord | null)[] };

export type WorkerReply = { id: number; ok: true; result: ReconJobResult } | { id: number; ok: false; error: string };

/** What the worker says once: its index is built (or could not be). */
export type WorkerStarted = { ready: true; records: number; buildMs: number; heapBytes: number } | { failed: string };

export interface ReconcileServiceOptions {
  /** The records file to index (found once, and reused by a replacement worker). */
  records: () => Promise<RecordsSource>;
  /** Jobs that may wait for the worker; more get 503. */
  queueLimit: number;
  /** A job's deadline from when it was submitted, in ms. */
  timeoutMs: number;
}

export type ReconcileState = 'building' | 'ready' | 'restarting' | 'failed' | 'closed';

export class ReconcileService {
  private worker?: Worker;
  private ready = false;
  /** The first index is built: until then jobs are refused, after it they wait for a replacement. */
  private built = false;
  private failure?: string;
  private source?: Promise<RecordsSource>;
  /** The records file, open for as long as the service: lent to each worker, which reads records back from it. */
  private fd?: number;
  private recordCount?: number;
  private heapBytes?: number;
  private sourceFrom?: RecordsSource['from'];
  private readonly startedAt = Date.now();
  private closed = false;
  private spawned = false;
  private firstBuilt!: () => void;
  /** Settles when the first index is built, or could not be, or the service is closed. */
  private readonly firstBuild = new Promise<void>((resolve) => { this.firstBuilt = resolve; });
  readonly counters = { batches: 0, queries: 0, rejected: 0, timedOut: 0, restarts: 0, buildMs: 0 };
  private readonly jobs: WorkerJobs<ReconJob, ReconJobResult>;

  constructor(private readonly options: ReconcileServiceOptions) {
    this.jobs = new WorkerJobs({
      queueLimit: options.queueLimit, timeoutMs: options.timeoutMs, noun: 'reconciliation request', plural: 'reconciliation requests', counters: this.counters,
    });
  }

  /**
   * Starts the worker; resolves when its first index is built or could not be
   * (status() then says why, and every job gets that answer). Never rejects: a
   * worker that dies while building is replaced like one that dies later.
   */
  start(): Promise<void> {
    if (!this.spawned) {
      this.spawned = true;
      this.spawn().catch((error: Error) => this.fail(String(error?.message ?? error)));
    }
    return this.firstBuild;
  }

  private fail(message: string): void {
    if (this.closed) return;
    this.failure = message;
    this.firstBuilt();
    log.error({ event: 'reconciliation-unavailable', error: message });
    this.jobs.rejectAll(this.unavailable(), true);
  }

  private unavailable(): HttpError {
    return new HttpError(500, `Reconciliation is unavailable: ${this.failure}`);
  }

  private async spawn(): Promise<void> {
    const source = await (this.source ??= this.options.records());
    if (this.closed) return;
    this.sourceFrom = source.from;
    this.fd ??= openSync(source.path, 'r');
    const worker = new Worker(workerScript('http/reconcile/worker'), { workerData: { file: source.path, fd: this.fd } });
    this.worker = worker;
    this.ready = false;
    worker.unref();
    worker.on('message', (message: WorkerReply | WorkerStarted) => {
      if (worker !== this.worker) return;
      if ('failed' in message) {
        this.worker = undefined;
        void worker.terminate();
        this.fail(message.failed);
        return;
      }
      if ('ready' in message) {
        this.ready = true;
        this.built = true;
        this.firstBuilt();
        this.recordCount = message.records;
        this.counters.buildMs = message.buildMs;
        this.heapBytes = message.heapBytes;
        log.info({ event: 'reconciliation-built', records: message.records, ms: Math.round(message.buildMs), heapMb: Math.round(message.heapBytes / 1048576) });
        this.jobs.use(worker);
        return;
      }
      this.jobs.answered(message.id, message.ok ? { ok: true, result: message.result } : { ok: false, error: new Error(`reconciliation failed: ${message.error}`) });
    });
    worker.on('error', (error) => log.error({ event: 'reconciliation-worker-failed', error: String(error.stack ?? error) }));
    worker.on('exit', () => {
      if (worker !== this.worker) return;
      this.worker = undefined;
      this.ready = false;
      this.jobs.stopped(busy('The reconciliation worker stopped unexpectedly and is being restarted.'));
      this.replace();
    });
  }

  private replace(): void {
    if (this.closed || this.failure) return;
    this.counters.restarts++;
    // A failing start is not retried in a tight loop: wait a little between attempts.
    setTimeout(() => { if (!this.closed) this.spawn().catch(() => undefined); }, this.counters.restarts > 3 ? 1000 : 0).unref();
  }

  /** Runs one job: a batch of queries, a suggestion or records by id. Rejects with an HttpError (503) when busy, late or not built yet. */
  run(job: ReconJob): Promise<ReconJobResult> {
    if (this.closed) return Promise.reject(busy('The server is shutting down.'));
    if (this.failure) return Promise.reject(this.unavailable());
    if (!this.built) {
      this.counters.rejected++;
      const seconds = Math.round((Date.now() - this.startedAt) / 1000);
      return Promise.reject(new HttpError(503, `The reconciliation index is still being built (started ${seconds} s ago; SPARQL and pages are already served). Retry in a few seconds.`, { 'Retry-After': '5' }));
    }
    if (job.op === 'search') { this.counters.batches++; this.counters.queries += job.queries.length; }
    return this.jobs.submit(job);
  }

  get state(): ReconcileState {
    if (this.closed) return 'closed';
    if (this.failure) return 'failed';
    if (this.ready) return 'ready';
    return this.built ? 'restarting' : 'building';
  }

  /** For /ready and /metrics: whether it answers, what it indexed and from where, and its queue. */
  status(): { ready: boolean; state: ReconcileState; records?: number; buildMs?: number; heapBytes?: number; from?: RecordsSource['from']; error?: string; running: boolean; queued: number } {
    return {
      ready: this.ready, state: this.state, records: this.recordCount, buildMs: this.built ? Math.round(this.counters.buildMs) : undefined, heapBytes: this.heapBytes,
      from: this.sourceFrom, error: this.failure, running: this.jobs.isRunning, queued: this.jobs.queued,
    };
  }

  /**
   * Waits (at most a job's deadline and a second) until the jobs it was given are
   * answered: a service replaced after a store switch gets no new ones, and those
   * it has finish before it is closed.
   */
  drain(): Promise<void> {
    return this.jobs.drain(() => this.closed);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.firstBuilt();
    this.jobs.rejectAll(busy('The server is shutting down.'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    (await this.source?.catch(() => undefined))?.dispose();
  }
}
