// The one way into reconciliation matching: `run(job)` hands a validated job
// (a batch of name queries, or a type-ahead prefix) to the reconciliation worker
// thread and resolves with its answer. Jobs wait in a bounded queue and have a
// deadline; past it the job gets 503 and, if it was running, the worker is replaced.
// A per-client scheduler can wrap `run` without knowing anything else about it.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectPath } from '../../model/paths.js';
import { HttpError } from '../httpError.js';
import { type ReconRecord } from '../../reconcile/records.js';
import { type PropertyConstraint } from './index.js';

export interface ReconQuery { name: string; type?: string; properties: PropertyConstraint[]; limit: number }

export type ReconJob =
  | { op: 'search'; queries: ReconQuery[] }
  | { op: 'suggest'; prefix: string; limit: number; type?: string };

export interface ScoredAt { at: number; score: number; exact: boolean; match: boolean }

export type ReconJobResult =
  | { op: 'search'; results: ScoredAt[][] }
  | { op: 'suggest'; ids: number[] };

export type WorkerReply = { id: number; ok: true; result: ReconJobResult } | { id: number; ok: false; error: string };

export interface ReconcileServiceOptions {
  records: ReconRecord[];
  /** Jobs that may wait for the worker; more get 503. */
  queueLimit: number;
  /** A job's deadline from when it was submitted, in ms. */
  timeoutMs: number;
}

interface Pending {
  id: number;
  job: ReconJob;
  deadline: number;
  resolve(result: ReconJobResult): void;
  reject(error: Error): void;
}

/** The worker is compiled JavaScript; under the test runner (src/*.ts) it comes from build/. */
function workerUrl(): URL {
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const compiled = projectPath('build', 'src', 'http', 'reconcile', 'worker.js');
  if (!existsSync(compiled)) throw new Error(`The reconciliation worker is not compiled (${compiled}); run \`npm run compile\`.`);
  return pathToFileURL(compiled);
}

const busy = (message: string) => new HttpError(503, `${message} Retry shortly.`, { 'Retry-After': '2' });

export class ReconcileService {
  private worker?: Worker;
  private ready = false;
  private running?: Pending;
  private timer?: NodeJS.Timeout;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly counters = { batches: 0, queries: 0, rejected: 0, timedOut: 0, restarts: 0, buildMs: 0 };

  /** The entities, in the order the worker's answers refer to them (ScoredAt.at). */
  readonly records: ReconRecord[];

  constructor(private readonly options: ReconcileServiceOptions) {
    this.records = options.records;
  }

  /** Starts the worker and waits until its index is built. */
  async start(): Promise<void> {
    await this.spawn();
  }

  private spawn(): Promise<void> {
    const worker = new Worker(workerUrl(), { workerData: { records: this.options.records } });
    this.worker = worker;
    this.ready = false;
    worker.unref();
    worker.on('message', (message: WorkerReply | { ready: true; buildMs: number }) => {
      if (worker !== this.worker) return;
      if ('ready' in message) {
        this.ready = true;
        this.counters.buildMs = message.buildMs;
        this.dispatch();
        return;
      }
      const job = this.running;
      if (!job || job.id !== message.id) return;
      this.settle();
      if (message.ok) job.resolve(message.result);
      else job.reject(new Error(`reconciliation failed: ${message.error}`));
    });
    worker.on('error', (error) => console.error(JSON.stringify({ time: new Date().toISOString(), error: `reconciliation worker: ${error.stack ?? error}` })));
    worker.on('exit', () => {
      if (worker !== this.worker) return;
      const job = this.running;
      this.settle();
      job?.reject(busy('The reconciliation worker stopped unexpectedly and is being restarted.'));
      this.replace();
    });
    return new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => { if (message.ready) { worker.off('exit', onExit); resolve(); } };
      const onExit = (code: number) => reject(new Error(`the reconciliation worker exited with code ${code} before it was ready`));
      worker.once('message', onMessage);
      worker.once('exit', onExit);
    });
  }

  private replace(): void {
    if (this.closed) return;
    this.counters.restarts++;
    // A failing start is not retried in a tight loop: wait a little between attempts.
    setTimeout(() => { if (!this.closed) this.spawn().catch(() => undefined); }, this.counters.restarts > 3 ? 1000 : 0).unref();
  }

  /** Runs one job: a batch of queries or a suggestion. Rejects with an HttpError (503) when busy or late. */
  run(job: ReconJob): Promise<ReconJobResult> {
    if (this.closed) return Promise.reject(busy('The server is shutting down.'));
    if (this.queue.length >= this.options.queueLimit) {
      this.counters.rejected++;
      return Promise.reject(busy(`${this.queue.length} reconciliation requests are already waiting (the limit is ${this.options.queueLimit}).`));
    }
    if (job.op === 'search') { this.counters.batches++; this.counters.queries += job.queries.length; }
    return new Promise<ReconJobResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, deadline: Date.now() + this.options.timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (!this.ready || this.running || !this.worker) return;
    let next: Pending | undefined;
    while ((next = this.queue.shift())) {
      if (Date.now() < next.deadline) break;
      this.counters.timedOut++;
      next.reject(busy(`The reconciliation request waited longer than the limit of ${this.options.timeoutMs / 1000} s.`));
    }
    if (!next) return;
    const job = next;
    this.running = job;
    this.timer = setTimeout(() => this.expire(job), Math.max(0, job.deadline - Date.now()));
    this.worker.postMessage({ id: job.id, job: job.job });
  }

  private expire(job: Pending): void {
    if (this.running !== job) return;
    this.counters.timedOut++;
    this.settle();
    job.reject(busy(`The reconciliation request took longer than the limit of ${this.options.timeoutMs / 1000} s and was stopped.`));
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    void worker?.terminate();
    this.replace();
  }

  private settle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = undefined;
    queueMicrotask(() => this.dispatch());
  }

  status(): { ready: boolean; running: boolean; queued: number } {
    return { ready: this.ready, running: this.running !== undefined, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    this.settle();
    for (const job of [...(running ? [running] : []), ...this.queue.splice(0)]) job.reject(busy('The server is shutting down.'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
