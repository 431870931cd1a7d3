// A small pool of prepare-only worker threads (see prepareWorker.ts). One query
// at a time per worker; the rest wait here in arrival order. A preparation that
// takes longer than its limit (a text the parser chokes on) ends its worker,
// which is replaced, and the query is refused.

import { Worker } from 'node:worker_threads';
import { workerScript } from '../workerScript.js';
import { QueryRefusedError } from '../../query/errors.js';
import { EngineUnavailableError } from '../errors.js';
import { type PrepareData, type PrepareMessage, type PrepareReply, type PreparedText } from './prepareWorker.js';

export interface PreparePoolOptions extends PrepareData {
  workers: number;
  /** Longest time one preparation may take, in ms. */
  timeoutMs: number;
}

interface Pending {
  message: PrepareMessage;
  resolve(prepared: PreparedText): void;
  reject(error: Error): void;
  signal?: AbortSignal;
}

interface PrepareSlot { worker: Worker; ready: boolean; job?: Pending; timer?: NodeJS.Timeout }

export class PreparePool {
  private readonly slots: PrepareSlot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly counters = { prepared: 0, refused: 0, timedOut: 0, replaced: 0 };

  constructor(private readonly options: PreparePoolOptions) {}

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: Math.max(1, this.options.workers) }, () => this.spawn()));
  }

  private spawn(): Promise<void> {
    const worker = new Worker(workerScript('engine/prepare/prepareWorker'), { workerData: { prepare: this.options.prepare } satisfies PrepareData });
    const slot: PrepareSlot = { worker, ready: false };
    this.slots.push(slot);
    worker.on('error', () => undefined); // the exit that follows is handled
    worker.on('exit', () => this.onExit(slot));
    return new Promise((resolve, reject) => {
      worker.on('message', (reply: PrepareReply) => {
        if ('ready' in reply) { slot.ready = true; resolve(); this.dispatch(); return; }
        this.onReply(slot, reply);
      });
      worker.once('exit', (code) => { if (!slot.ready) reject(new EngineUnavailableError(`a prepare worker failed to start (exit ${code})`)); });
    });
  }

  get ready(): boolean {
    return !this.closed && this.slots.some((s) => s.ready);
  }

  prepare(query: string, defaultGraphs: string[], namedGraphs: string[], signal?: AbortSignal): Promise<PreparedText> {
    if (this.closed) return Promise.reject(new EngineUnavailableError('the server is shutting down'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { message: { id: this.nextId++, query, defaultGraphs, namedGraphs }, resolve, reject, signal };
      this.queue.push(pending);
      signal?.addEventListener('abort', () => {
        const index = this.queue.indexOf(pending);
        if (index !== -1) { this.queue.splice(index, 1); reject(signal.reason as Error); }
      }, { once: true });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      slot.job = pending;
      slot.timer = setTimeout(() => this.timeout(slot), this.options.timeoutMs);
      slot.worker.postMessage(pending.message);
    }
  }

  private onReply(slot: PrepareSlot, reply: Exclude<PrepareReply, { ready: true }>): void {
    const job = slot.job;
    if (!job || job.message.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if (reply.ok) { this.counters.prepared++; job.resolve(reply.prepared); }
    else if (reply.refused) {
      this.counters.refused++;
      const { status, message, rule, headers } = reply.refused;
      job.reject(new QueryRefusedError(status, message, rule, headers));
    } else job.reject(new QueryRefusedError(400, `The query could not be prepared: ${reply.fault}`, 'syntax'));
    this.dispatch();
  }

  private timeout(slot: PrepareSlot): void {
    const job = slot.job;
    if (!job) return;
    slot.job = undefined;
    this.counters.timedOut++;
    job.reject(new QueryRefusedError(400, `The query took longer than ${this.options.timeoutMs} ms to parse and check, and was refused; simplify it.`, 'prepare-time'));
    void slot.worker.terminate();
  }

  private onExit(slot: PrepareSlot): void {
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    clearTimeout(slot.timer);
    slot.job?.reject(new QueryRefusedError(400, 'The query could not be prepared (its parser stopped); simplify it.', 'prepare-fault'));
    if (this.closed) return;
    this.counters.replaced++;
    // A worker that never became ready (its script cannot load) is retried after a pause, not in a loop.
    if (slot.ready) this.spawn().catch(() => undefined);
    else setTimeout(() => { if (!this.closed) this.spawn().catch(() => undefined); }, 1000).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new EngineUnavailableError('the server is shutting down'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
