// One worker thread that builds an index from a release's file and answers jobs
// from it, kept alive: spawned from its script, taking jobs once it says its
// index is ready, replaced when it stops (the job it was running answered 503
// with Retry-After, the waiting ones kept for the replacement; after a few
// replacements, a second between attempts), and closed with the files it was
// lent. Reconciliation and site search each run one: they differ in what their
// workers load and answer, and in what a first start that fails means
// (`startFailure`), not in this. The jobs themselves are ./workerJobs.ts's.

import { Worker } from 'node:worker_threads';
import { closeSync, openSync } from 'node:fs';
import { HttpError } from './httpError.js';
import { busy, WorkerJobs, type WorkerJobsOptions } from './workerJobs.js';
import { workerScript } from '../engine/workerScript.js';
import { log } from '../log.js';

/** What a worker posts once: its index is ready, with what it says of it (S), or why it could not be built. */
export type IndexWorkerStarted<S> = ({ ready: true } & S) | { failed: string };

/** A worker's answer to the job `{ id, job }` it was posted. */
export type IndexWorkerReply<R> = { id: number; ok: true; result: R } | { id: number; ok: false; error: string };

/** starting: no index built yet; restarting: a replacement builds it again. */
export type IndexWorkerState = 'starting' | 'ready' | 'restarting' | 'failed' | 'closed';

export interface IndexWorkerOptions<S> extends Omit<WorkerJobsOptions, 'counters'> {
  /** 'reconciliation', 'search': in log events (`search-worker-replaced`) and in what clients are told. */
  name: string;
  /** The worker's script: its path from src/ for workerScript ('http/search/worker'), or a URL. */
  script: string | URL;
  /**
   * What each worker, the first and every replacement, is started with.
   * `lend(path)` opens that file once, in this thread, for every worker: a
   * crashed worker cannot leave it open, and it is closed when this is.
   */
  workerData(lend: (path: string) => number): unknown;
  /**
   * What a first start that fails means:
   * - 'retry': a worker that stops while building is replaced like one that
   *   stops later; start() resolves once an index is built or cannot be (never
   *   rejects); that failure is logged and every job is answered with it.
   * - 'reject': start() rejects when the first worker cannot build its index
   *   (it says so, or stops) or this is closed before: its owner keeps what it
   *   had, and says why.
   */
  startFailure: 'retry' | 'reject';
  /** A worker's index is ready (the first's and each replacement's): what the worker says of it. */
  onReady(started: S): void;
  /** Why a job is refused before the first index is built. */
  notStarted(): HttpError;
  /** What jobs are told once this is closed ('The server is shutting down.'). */
  closing: string;
  /** Counted here: jobs refused or past their deadline (by the queue), workers replaced. */
  counters: WorkerJobsOptions['counters'] & { restarts: number };
}

export class IndexWorker<J, R, S> {
  /** The running thread, if any (tests end it as a crash would). */
  private thread?: Worker;
  private ready = false;
  /** A first index was built: jobs are taken from then on (and wait while a replacement builds). */
  private started = false;
  private failure?: string;
  private closed = false;
  private closing?: Promise<void>;
  private first?: Promise<void>;
  private settleFirst?: (error?: Error) => void;
  /** Files lent to the workers, by path: open for as long as this is. */
  private readonly lent = new Map<string, number>();
  private readonly jobs: WorkerJobs<J, R>;

  constructor(private readonly options: IndexWorkerOptions<S>) {
    this.jobs = new WorkerJobs(options);
  }

  /** Starts the first worker (once); settles as `startFailure` says. */
  start(): Promise<void> {
    this.first ??= new Promise<void>((resolve, reject) => {
      this.settleFirst = (error) => (error && this.options.startFailure === 'reject' ? reject(error) : resolve());
      if (this.closed) return this.settleFirst(new Error('closed'));
      this.spawn();
    });
    return this.first;
  }

  /** Why a job cannot be taken now, or undefined: it can (and waits for a ready worker). */
  refusal(): HttpError | undefined {
    if (this.closed) return busy(this.options.closing);
    if (this.failure) return this.unavailable();
    if (!this.started) return this.options.notStarted();
    return undefined;
  }

  /** A job for the worker (refused first if refusal() says so); rejects with an HttpError (503) when the queue is full or the job late. */
  submit(job: J): Promise<R> {
    const refused = this.refusal();
    return refused ? Promise.reject(refused) : this.jobs.submit(job);
  }

  get state(): IndexWorkerState {
    if (this.closed) return 'closed';
    if (this.failure) return 'failed';
    if (this.ready) return 'ready';
    return this.started ? 'restarting' : 'starting';
  }

  /** For /ready and /metrics. */
  status(): { ready: boolean; state: IndexWorkerState; started: boolean; error?: string; running: boolean; queued: number } {
    return { ready: this.ready, state: this.state, started: this.started, error: this.failure, running: this.jobs.isRunning, queued: this.jobs.queued };
  }

  /** Waits (at most a job's deadline and a second) until the jobs given so far are answered: an owner replacing this gives it no new ones. */
  drain(): Promise<void> {
    return this.jobs.drain(() => this.closed);
  }

  /** Refuses every job, ends the worker and closes the files lent to it. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.closed = true;
      this.settleFirst?.(new Error('closed'));
      this.jobs.rejectAll(busy(this.options.closing));
      const thread = this.thread;
      this.thread = undefined;
      await thread?.terminate();
      for (const fd of this.lent.values()) closeSync(fd);
      this.lent.clear();
    })());
  }

  private readonly lend = (path: string): number => {
    if (this.closed) throw new Error(`the ${this.options.name} worker is closed`);
    let fd = this.lent.get(path);
    if (fd === undefined) this.lent.set(path, (fd = openSync(path, 'r')));
    return fd;
  };

  private spawn(): void {
    this.startThread().catch((error: Error) => this.fail(String(error?.message ?? error)));
  }

  private async startThread(): Promise<void> {
    const { name, script } = this.options;
    const workerData = await this.options.workerData(this.lend);
    if (this.closed) return;
    const thread = new Worker(typeof script === 'string' ? workerScript(script) : script, { workerData });
    this.thread = thread;
    this.ready = false;
    thread.unref();
    thread.on('message', (message: IndexWorkerReply<R> | IndexWorkerStarted<S>) => {
      if (thread !== this.thread) return;
      if ('failed' in message) {
        this.thread = undefined;
        void thread.terminate();
        this.fail(message.failed);
        return;
      }
      if ('ready' in message) {
        this.ready = true;
        this.started = true;
        this.options.onReady(message);
        this.settleFirst?.();
        this.jobs.use(thread);
        return;
      }
      this.jobs.answered(message.id, message.ok ? { ok: true, result: message.result } : { ok: false, error: new Error(`${name} failed: ${message.error}`) });
    });
    thread.on('error', (error) => log.error({ event: `${name}-worker-failed`, error: String(error.stack ?? error) }));
    thread.on('exit', (code) => {
      if (thread !== this.thread) return;
      this.thread = undefined;
      this.ready = false;
      this.jobs.stopped(busy(`The ${name} worker stopped unexpectedly and is being replaced.`));
      if (!this.started && this.options.startFailure === 'reject') return this.fail(`the ${name} worker stopped (exit code ${code}) before its index was ready`);
      this.replace();
    });
  }

  private replace(): void {
    if (this.closed || this.failure) return;
    const { counters, name } = this.options;
    counters.restarts++;
    log.warn({ event: `${name}-worker-replaced`, restarts: counters.restarts });
    // A worker that keeps dying is not restarted in a tight loop: after three, a second between attempts.
    setTimeout(() => { if (!this.closed) this.spawn(); }, counters.restarts > 3 ? 1000 : 0).unref();
  }

  private fail(message: string): void {
    if (this.closed || this.failure) return;
    this.failure = message;
    // An owner told by start()'s rejection says why itself.
    if (this.started || this.options.startFailure === 'retry') log.error({ event: `${this.options.name}-unavailable`, error: message });
    this.settleFirst?.(new Error(message));
    this.jobs.rejectAll(this.unavailable(), true);
  }

  private unavailable(): HttpError {
    const { name } = this.options;
    return new HttpError(500, `${name[0].toUpperCase()}${name.slice(1)} is unavailable: ${this.failure}`);
  }
}
