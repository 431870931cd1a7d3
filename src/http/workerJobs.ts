// Jobs for a worker thread that answers one at a time: a bounded queue, each
// job with a deadline from when it was submitted; a job still waiting at its
// deadline is refused, and the one running past it is refused and its worker
// terminated (JavaScript and WebAssembly cannot be interrupted): the owner
// (./indexWorker.ts, which reconciliation and site search both run) sees that
// worker exit, as after a crash, and starts another.

import { type Worker } from 'node:worker_threads';
import { HttpError } from './httpError.js';

/** 503 with Retry-After: the request may succeed in a moment. */
export const busy = (message: string) => new HttpError(503, `${message} Retry shortly.`, { 'Retry-After': '2' });

interface Pending<J, R> {
  id: number;
  job: J;
  deadline: number;
  resolve(result: R): void;
  reject(error: Error): void;
}

export interface WorkerJobsOptions {
  /** Jobs that may wait; more get 503. */
  queueLimit: number;
  /** A job's deadline from when it was submitted, in ms. */
  timeoutMs: number;
  /** A job in refusals ("search"), and jobs ("searches"). */
  noun: string;
  plural: string;
  /** Counted here: jobs refused for a full queue, jobs past their deadline. */
  counters: { rejected: number; timedOut: number };
}

export class WorkerJobs<J, R> {
  private worker?: Worker;
  private running?: Pending<J, R>;
  private timer?: NodeJS.Timeout;
  private readonly queue: Pending<J, R>[] = [];
  private nextId = 1;

  constructor(private readonly options: WorkerJobsOptions) {}

  /** Queues a job; it is posted to the worker as `{ id, job }` when its turn comes. */
  submit(job: J): Promise<R> {
    const { queueLimit, plural, counters, timeoutMs } = this.options;
    if (this.queue.length >= queueLimit) {
      counters.rejected++;
      return Promise.reject(busy(`${this.queue.length} ${plural} are already waiting (the limit is ${queueLimit}).`));
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, deadline: Date.now() + timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  /** Jobs go to this worker from now on, once it is ready; to none (they wait) while it is undefined. */
  use(worker: Worker | undefined): void {
    this.worker = worker;
    this.dispatch();
  }

  /** The worker's answer to job `id` (an answer to another job is ignored). */
  answered(id: number, answer: { ok: true; result: R } | { ok: false; error: Error }): void {
    const job = this.running;
    if (!job || job.id !== id) return;
    this.settle();
    if (answer.ok) job.resolve(answer.result);
    else job.reject(answer.error);
  }

  /** The worker stopped: the job it was running gets `error`; the others wait for the next worker. */
  stopped(error: Error): void {
    this.worker = undefined;
    const job = this.running;
    this.settle();
    job?.reject(error);
  }

  /** Every job, the running one too, gets `error` (the owner closes); none is taken any more until `use`. */
  rejectAll(error: Error, waitingOnly = false): void {
    const running = waitingOnly ? undefined : this.running;
    if (!waitingOnly) this.settle();
    for (const job of [...(running ? [running] : []), ...this.queue.splice(0)]) job.reject(error);
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Waits (at most a job's deadline and a second) until the jobs given so far are answered, or `stop()` says to stop waiting. */
  async drain(stop: () => boolean): Promise<void> {
    const until = Date.now() + this.options.timeoutMs + 1000;
    while ((this.running || this.queue.length) && !stop() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private dispatch(): void {
    if (!this.worker || this.running) return;
    let next: Pending<J, R> | undefined;
    while ((next = this.queue.shift())) {
      if (Date.now() < next.deadline) break;
      this.options.counters.timedOut++;
      next.reject(busy(`The ${this.options.noun} waited longer than the limit of ${this.options.timeoutMs / 1000} s.`));
    }
    if (!next) return;
    const job = next;
    this.running = job;
    this.timer = setTimeout(() => this.overrun(job), Math.max(0, job.deadline - Date.now()));
    this.worker.postMessage({ id: job.id, job: job.job });
  }

  private overrun(job: Pending<J, R>): void {
    if (this.running !== job) return;
    this.options.counters.timedOut++;
    const worker = this.worker;
    this.worker = undefined;
    this.settle();
    job.reject(busy(`The ${this.options.noun} took longer than the limit of ${this.options.timeoutMs / 1000} s and was stopped.`));
    void worker?.terminate();
  }

  private settle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = undefined;
    queueMicrotask(() => this.dispatch());
  }
}
