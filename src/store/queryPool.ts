// A pool of query worker threads. Oxigraph's query() is synchronous WebAssembly:
// run in the main thread, one heavy query would freeze every other request. Here
// each worker holds its own copy of the dataset; a query that passes the time
// limit has its worker terminated and replaced; a bounded queue turns overload
// into a fast 503 instead of a pile-up.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectPath } from '../model/paths.js';
import { type QueryRequest, type QueryResult } from './execute.js';
import { type WorkerMessage, type WorkerReply } from './queryWorker.js';

export class QueueFullError extends Error { override name = 'QueueFullError'; }
export class QueryTimeoutError extends Error { override name = 'QueryTimeoutError'; }
export class WorkerCrashedError extends Error { override name = 'WorkerCrashedError'; }
export class QueryMemoryError extends Error { override name = 'QueryMemoryError'; }
export class QueryFailedError extends Error {
  override name = 'QueryFailedError';
  constructor(message: string, readonly syntax: boolean) { super(message); }
}

export interface PoolOptions {
  dist: string;
  workers: number;
  queueLimit: number;
  timeoutMs: number;
  memoryMb: number;
}

interface Job {
  id: number;
  started?: number;
  request: QueryRequest;
  resolve(result: QueryResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  /** Being terminated: gets no more jobs. */
  dead: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/**
 * The worker script is always the compiled JavaScript: when this module runs
 * from src/ (under the test runner), the worker comes from build/ (`npm run compile`).
 */
function workerScript(): { url: URL; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return { url: new URL('./queryWorker.js', import.meta.url), execArgv: [] };
  const compiled = projectPath('build', 'src', 'store', 'queryWorker.js');
  if (!existsSync(compiled)) throw new Error(`The query worker is not compiled (${compiled}); run \`npm run compile\`.`);
  return { url: pathToFileURL(compiled), execArgv: [] };
}

export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private baselineRss = 0;
  private watchdog?: NodeJS.Timeout;
  readonly counters = { completed: 0, timedOut: 0, crashed: 0, rejected: 0, restarts: 0, memoryKills: 0 };

  constructor(private readonly options: PoolOptions) {}

  /** Starts the workers and waits until each has loaded the dataset. */
  async start(): Promise<void> {
    for (let i = 0; i < this.options.workers; i++) this.slots.push(this.spawn());
    await Promise.all(this.slots.map((slot) => slot.ready));
    this.baselineRss = process.memoryUsage.rss();
    // WebAssembly memory is outside the V8 heap limit of a worker, so the process
    // size is watched too: past the ceiling, the longest-running query is stopped.
    this.watchdog = setInterval(() => this.checkMemory(), 200);
    this.watchdog.unref();
  }

  private checkMemory(): void {
    const running = this.slots.filter((s) => s.job?.started !== undefined);
    if (running.length === 0) return;
    const ceiling = this.baselineRss + this.options.workers * this.options.memoryMb * 1024 * 1024;
    if (process.memoryUsage.rss() <= ceiling) return;
    const longest = running.sort((a, b) => a.job!.started! - b.job!.started!)[0];
    const job = longest.job!;
    this.counters.memoryKills++;
    longest.dead = true;
    this.finish(longest);
    job.reject(new QueryMemoryError(`the query needed more memory than the limit of ${this.options.memoryMb} MB per worker and was stopped`));
    void longest.worker.terminate();
  }

  private spawn(): Slot {
    const { url, execArgv } = workerScript();
    const worker = new Worker(url, {
      workerData: { dist: this.options.dist },
      execArgv,
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
    });
    const slot: Slot = { worker, ready: Promise.resolve(), isReady: false, dead: false };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (message.ready) { worker.off('error', onError); slot.isReady = true; resolve(); this.dispatch(); }
      };
      const onError = (error: Error) => reject(error);
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
    worker.on('message', (reply: WorkerReply | { ready: true }) => {
      if ('ready' in reply) return;
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.finish(slot);
      if (reply.ok) { this.counters.completed++; job.resolve(reply.result); } else job.reject(new QueryFailedError(reply.error.message, reply.error.syntax));
    });
    worker.on('error', () => undefined);
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private onExit(slot: Slot): void {
    slot.dead = true;
    const job = slot.job;
    if (job) {
      this.finish(slot);
      this.counters.crashed++;
      job.reject(new WorkerCrashedError('the query worker stopped unexpectedly (out of memory or an engine fault); it has been replaced'));
    }
    this.replace(slot);
  }

  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) return;
    this.counters.restarts++;
    const fresh = this.spawn();
    this.slots[index] = fresh;
    fresh.ready.catch(() => undefined);
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    queueMicrotask(() => this.dispatch());
  }

  run(request: QueryRequest): Promise<QueryResult> {
    if (this.closed) return Promise.reject(new QueueFullError('the server is shutting down'));
    const idle = this.slots.filter((s) => !s.job && s.isReady && !s.dead).length;
    if (idle === 0 && this.queue.length >= this.options.queueLimit) {
      this.counters.rejected++;
      return Promise.reject(new QueueFullError(`all ${this.slots.length} query workers are busy and ${this.queue.length} queries are waiting`));
    }
    return new Promise<QueryResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job || !slot.isReady || slot.dead) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      job.started = performance.now();
      slot.timer = setTimeout(() => this.timeout(slot, job), this.options.timeoutMs);
      slot.worker.postMessage({ id: job.id, request: job.request } satisfies WorkerMessage);
    }
  }

  private timeout(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.counters.timedOut++;
    slot.dead = true;
    slot.job = undefined;
    slot.timer = undefined;
    job.reject(new QueryTimeoutError(`the query ran longer than the limit of ${this.options.timeoutMs / 1000} s and was stopped`));
    // Terminating is the only way to stop synchronous WebAssembly; exit triggers replacement.
    void slot.worker.terminate();
  }

  status(): { workers: number; busy: number; queued: number } {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  /** Waits for running and queued queries to finish (up to `graceMs`), then stops the workers. */
  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const deadline = Date.now() + graceMs;
    while ((this.queue.length > 0 || this.slots.some((s) => s.job)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const job of this.queue.splice(0)) job.reject(new QueueFullError('the server is shutting down'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
