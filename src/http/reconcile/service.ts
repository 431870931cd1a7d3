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

import { HttpError } from '../httpError.js';
import { IndexWorker, type IndexWorkerReply, type IndexWorkerStarted } from '../indexWorker.js';
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

export type WorkerReply = IndexWorkerReply<ReconJobResult>;

/** What the worker says of its index once built. */
export interface ReconBuilt { records: number; buildMs: number; heapBytes: number }

/** What the worker says once: its index is built (or could not be). */
export type WorkerStarted = IndexWorkerStarted<ReconBuilt>;

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
  /** The worker thread, kept alive: a worker that dies, while building too, is replaced. */
  private readonly worker: IndexWorker<ReconJob, ReconJobResult, ReconBuilt>;
  private source?: Promise<RecordsSource>;
  private recordCount?: number;
  private heapBytes?: number;
  private sourceFrom?: RecordsSource['from'];
  private readonly startedAt = Date.now();
  private closing?: Promise<void>;
  readonly counters = { batches: 0, queries: 0, rejected: 0, timedOut: 0, restarts: 0, buildMs: 0 };

  constructor(options: ReconcileServiceOptions) {
    this.worker = new IndexWorker({
      name: 'reconciliation', script: 'http/reconcile/worker', startFailure: 'retry',
      queueLimit: options.queueLimit, timeoutMs: options.timeoutMs, noun: 'reconciliation request', plural: 'reconciliation requests', counters: this.counters,
      closing: 'The server is shutting down.',
      // The records file, found once, is opened once and lent to each worker, which reads records back from it.
      workerData: async (lend) => {
        const source = await (this.source ??= options.records());
        this.sourceFrom = source.from;
        return { file: source.path, fd: lend(source.path) };
      },
      onReady: (built) => {
        this.recordCount = built.records;
        this.counters.buildMs = built.buildMs;
        this.heapBytes = built.heapBytes;
        log.info({ event: 'reconciliation-built', records: built.records, ms: Math.round(built.buildMs), heapMb: Math.round(built.heapBytes / 1048576) });
      },
      notStarted: () => {
        this.counters.rejected++;
        const seconds = Math.round((Date.now() - this.startedAt) / 1000);
        return new HttpError(503, `The reconciliation index is still being built (started ${seconds} s ago; SPARQL and pages are already served). Retry in a few seconds.`, { 'Retry-After': '5' });
      },
    });
  }

  /**
   * Starts the worker; resolves when its first index is built or could not be
   * (status() then says why, and every job gets that answer). Never rejects: a
   * worker that dies while building is replaced like one that dies later.
   */
  start(): Promise<void> {
    return this.worker.start();
  }

  /** Runs one job: a batch of queries, a suggestion or records by id. Rejects with an HttpError (503) when busy, late or not built yet. */
  run(job: ReconJob): Promise<ReconJobResult> {
    const refused = this.worker.refusal();
    if (refused) return Promise.reject(refused);
    if (job.op === 'search') { this.counters.batches++; this.counters.queries += job.queries.length; }
    return this.worker.submit(job);
  }

  get state(): ReconcileState {
    const state = this.worker.state;
    return state === 'starting' ? 'building' : state;
  }

  /** For /ready and /metrics: whether it answers, what it indexed and from where, and its queue. */
  status(): { ready: boolean; state: ReconcileState; records?: number; buildMs?: number; heapBytes?: number; from?: RecordsSource['from']; error?: string; running: boolean; queued: number } {
    const { ready, started, error, running, queued } = this.worker.status();
    return {
      ready, state: this.state, records: this.recordCount, buildMs: started ? Math.round(this.counters.buildMs) : undefined, heapBytes: this.heapBytes,
      from: this.sourceFrom, error, running, queued,
    };
  }

  /**
   * Waits (at most a job's deadline and a second) until the jobs it was given are
   * answered: a service replaced after a store switch gets no new ones, and those
   * it has finish before it is closed.
   */
  drain(): Promise<void> {
    return this.worker.drain();
  }

  /** Ends the worker, closes the records file and lets go of the records source. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      await this.worker.close();
      (await this.source?.catch(() => undefined))?.dispose();
    })());
  }
}
