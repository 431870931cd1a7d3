// The embedded engine: a pool of worker threads, each holding the release in its
// own Oxigraph store. Oxigraph's query() is synchronous WebAssembly; only
// terminating its thread stops it. So the pool
// - stops a query past the time limit, or when the scheduler or the client gives
//   up on it, by terminating its worker, and replaces the worker;
// - lowers the CPU priority of a query the scheduler calls long, so that short
//   queries on the other workers keep a core;
// - measures each worker's memory after every query and recycles one that has
//   grown (WebAssembly memory never shrinks), and stops a query whose worker grows
//   past the ceiling while it runs;
// - restarts failed workers with a growing delay instead of in a loop;
// - may grow by extra workers when long queries hold all the others, and retires
//   them when idle.
// It does not queue: the scheduler (src/query/schedule) calls run() only when a
// worker is free.

import { leanHeaps } from '../../memory.js';
import { Worker } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { workerScript } from '../workerScript.js';
import { type Engine, type EngineQuery, type EngineResult, type EngineStatus, type JobControl } from '../engine.js';
import { EngineFaultError, EngineUnavailableError, QueryFailedError, QueryMemoryError, QueryTimeoutError } from '../errors.js';
import { QueryRefusedError } from '../../query/errors.js';
import { DatasetUnavailableError } from '../../store/loadDataset.js';
import { type LookupMessage, type LookupReply, type WorkerData, type WorkerMessage, type WorkerReply } from './queryWorker.js';
import { type SourceSession } from '../sparqlLookup.js';
import { normaliseTerm, type Binding } from '../remote/results.js';

export interface WorkerPoolOptions {
  /** The release folder the workers load (the same for every replacement). */
  dist: string;
  prepare: WorkerData['prepare'];
  /** Workers kept running. */
  workers: number;
  /** Workers at most, extra ones included (each holds a copy of the dataset). */
  maxWorkers: number;
  timeoutMs: number;
  /** Memory a worker may use for one query (V8 heap and WebAssembly), in MB. */
  memoryMb: number;
  /** A worker that has grown by more than this since it started is replaced after its query, in MB. */
  recycleGrowthMb: number;
  /**
   * A recycled worker stops before its replacement loads, when another worker is
   * ready to serve meanwhile: for a large release, whose third copy during the
   * overlap would cost as much memory as a worker (780 MB at 100 articles).
   * Otherwise it serves on until the replacement is ready.
   */
  retireBeforeReplacing?: boolean;
}

const MB = 1024 * 1024;
/**
 * Without a WORKER_RECYCLE_MB, a worker is recycled when it has grown by 128 MB and
 * by half its size after loading: at 1× (about 200 MB) the 128 MB decide; at 100×
 * a query's working set of a few hundred MB is kept rather than the whole release
 * reloaded after nearly every query (which cut the competency queries to 0.2 per second).
 */
const DEFAULT_RECYCLE_MB = 128;
const RECYCLE_SHARE_OF_BASE = 0.5;
const LOW_PRIORITY = 19;
const EXTRA_IDLE_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

type SlotState = 'starting' | 'ready' | 'dead';

interface Job {
  id: number;
  started: number;
  rssAtStart: number;
  long: boolean;
  resolve(result: EngineResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  state: SlotState;
  extra: boolean;
  tid?: number;
  /** Memory after loading, and after the last query. */
  baseMemory: number;
  memory: number;
  /** Runs at low priority and could not be raised again. */
  lowered: boolean;
  /** To be replaced once idle (grown, or left at low priority). */
  recycle: boolean;
  /** Its replacement has been started. */
  replacing: boolean;
  job?: Job;
  jobs: number;
  idleSince: number;
  /** Lookups sent to this worker and not answered yet. */
  lookups: Map<number, PendingLookup>;
  spawnedAt: number;
}

interface PendingLookup { id: number; ask: { text: string } | { describe: string }; resolve(json: string): void; reject(error: Error): void; attempts: number }

export class WorkerPool implements Engine {
  readonly name = 'embedded';
  private readonly slots: Slot[] = [];
  private readonly listeners: (() => void)[] = [];
  private nextId = 1;
  private nextLookup = 1;
  /** Lookups waiting for a worker to be ready. */
  private readonly waitingLookups: PendingLookup[] = [];
  private closed = false;
  /** How long the last worker took to load the release. */
  private loadMs = 0;
  private failures = 0;
  private respawnTimer?: NodeJS.Timeout;
  private housekeeping?: NodeJS.Timeout;
  readonly counters = { completed: 0, timedOut: 0, faults: 0, memoryKills: 0, restarts: 0, recycled: 0, spawnFailures: 0, grown: 0, aborted: 0 };

  constructor(private readonly options: WorkerPoolOptions) {}

  async start(): Promise<void> {
    const first = Array.from({ length: this.options.workers }, () => this.spawn(false));
    try {
      await Promise.all(first.map((slot) => new Promise<void>((resolve, reject) => {
        // The workers load the release: a missing or corrupt one is reported as such.
        let failure: Error | undefined;
        slot.worker.once('error', (error) => { failure = error; });
        slot.worker.once('message', () => resolve());
        slot.worker.once('exit', (code) => reject(failure?.name === 'DatasetUnavailableError' ? new DatasetUnavailableError(failure.message)
          : new EngineUnavailableError(`a query worker failed to start (exit ${code})${failure ? `: ${failure.message}` : ''}`)));
      })));
    } catch (error) {
      await this.close(0);
      throw error;
    }
    this.housekeeping = setInterval(() => this.tick(), 200);
    this.housekeeping.unref();
  }

  capacity(): number {
    return this.slots.filter((s) => s.state === 'ready').length;
  }

  onCapacity(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) queueMicrotask(listener);
  }

  /** A stopped query ends its worker (WebAssembly cannot be interrupted): the replacement reloads the release. */
  stopCostMs(): number {
    return this.loadMs;
  }

  grow(): boolean {
    if (this.closed || this.slots.filter((s) => s.state !== 'dead').length >= this.options.maxWorkers) return false;
    this.counters.grown++;
    this.spawn(true);
    return true;
  }

  private spawn(extra: boolean): Slot {
    const worker = new Worker(workerScript('engine/embedded/queryWorker'), {
      workerData: { dist: this.options.dist, prepare: this.options.prepare, lean: leanHeaps() } satisfies WorkerData,
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
    });
    const slot: Slot = { worker, state: 'starting', extra, baseMemory: 0, memory: 0, lowered: false, recycle: false, replacing: false, jobs: 0, idleSince: Date.now(), lookups: new Map(), spawnedAt: Date.now() };
    this.slots.push(slot);
    worker.on('message', (reply: WorkerReply | LookupReply) => ('lookup' in reply ? this.onLookupReply(slot, reply) : this.onMessage(slot, reply)));
    worker.on('error', () => undefined); // the exit that follows is handled
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private onMessage(slot: Slot, reply: WorkerReply): void {
    if ('ready' in reply) {
      slot.state = 'ready';
      this.loadMs = Date.now() - slot.spawnedAt;
      slot.tid = reply.tid;
      slot.baseMemory = slot.memory = reply.memoryBytes;
      this.failures = 0;
      this.retireReplaced();
      for (const pending of this.waitingLookups.splice(0)) this.sendLookup(pending);
      this.changed();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    slot.memory = reply.memoryBytes || slot.memory;
    this.finish(slot);
    if (reply.ok) {
      this.counters.completed++;
      job.resolve(reply.result);
      return;
    }
    const { error } = reply;
    if (error.kind === 'refused') job.reject(new QueryRefusedError(error.status, error.message, error.rule, error.headers));
    else if (error.kind === 'failed') job.reject(new QueryFailedError(error.message));
    else {
      this.counters.faults++;
      slot.state = 'dead'; // it exits by itself
      job.reject(new EngineFaultError(`the query engine failed (${error.message}); its worker has been replaced`));
    }
  }

  private onExit(slot: Slot): void {
    const wasStarting = slot.state === 'starting';
    slot.state = 'dead';
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    const job = slot.job;
    if (job) {
      this.finish(slot);
      this.counters.faults++;
      job.reject(new EngineFaultError('the query worker stopped unexpectedly (out of memory or an engine fault); it has been replaced'));
    }
    // Lookups it had not answered go to another worker.
    for (const pending of slot.lookups.values()) this.sendLookup(pending);
    slot.lookups.clear();
    this.changed();
    if (this.closed) return;
    if (wasStarting) {
      // A worker that cannot even load the release: try again later, not in a loop.
      this.counters.spawnFailures++;
      this.failures++;
      this.scheduleRespawn();
      return;
    }
    this.refill();
  }

  /** Brings the pool back to its base size. */
  private refill(): void {
    if (this.closed || this.respawnTimer) return;
    const base = this.slots.filter((s) => s.state !== 'dead' && !s.extra && !s.recycle).length;
    for (let i = base; i < this.options.workers; i++) {
      this.counters.restarts++;
      this.spawn(false);
    }
  }

  private scheduleRespawn(): void {
    if (this.respawnTimer) return;
    this.respawnTimer = setTimeout(() => { this.respawnTimer = undefined; this.refill(); }, this.backoffMs());
    this.respawnTimer.unref();
  }

  /** Delay before the next attempt to start a worker, when starting fails. */
  backoffMs(): number {
    return this.failures === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures - 1, 10));
  }

  run(query: EngineQuery, control: JobControl): Promise<EngineResult> {
    const slot = this.slots.find((s) => s.state === 'ready' && !s.job && !s.recycle && !s.lowered)
      ?? this.slots.find((s) => s.state === 'ready' && !s.job);
    if (!slot || this.closed) return Promise.reject(new EngineUnavailableError('no query worker is free'));
    return new Promise<EngineResult>((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = {
        id, started: performance.now(), rssAtStart: process.memoryUsage.rss(), long: false, resolve, reject,
        timer: setTimeout(() => this.stop(slot, job, new QueryTimeoutError(`the query ran longer than the limit of ${this.options.timeoutMs / 1000} s and was stopped`), 'timedOut'), this.options.timeoutMs),
      };
      slot.job = job;
      slot.jobs++;
      if (control.signal.aborted) return void this.stop(slot, job, control.signal.reason as Error, 'aborted');
      control.signal.addEventListener('abort', () => this.stop(slot, job, control.signal.reason as Error, 'aborted'), { once: true });
      control.onLong(() => this.lower(slot, job));
      slot.worker.postMessage({ id, query } satisfies WorkerMessage);
    });
  }

  /**
   * A lookup for pages and views, answered by a worker's copy of the dataset (the
   * main thread holds none): sent to the worker that will answer soonest — an
   * idle one, else one running a short query — and not through the scheduler,
   * since lookups are small and bounded. A worker that dies before answering
   * passes its lookups on.
   */
  lookup(text: string): Promise<string> {
    return this.ask({ text });
  }

  /** The description of an IRI as N-Triples, '' when the dataset says nothing about it. */
  describe(iri: string): Promise<string> {
    return this.ask({ describe: iri });
  }

  private ask(ask: PendingLookup['ask']): Promise<string> {
    return new Promise((resolve, reject) => {
      const id = this.nextLookup++;
      // Long enough to wait out a query on a worker and that worker's replacement.
      const deadlineMs = this.options.timeoutMs * 2 + 10_000;
      const timer = setTimeout(() => {
        for (const slot of this.slots) slot.lookups.delete(id);
        const index = this.waitingLookups.findIndex((p) => p.id === id);
        if (index !== -1) this.waitingLookups.splice(index, 1);
        reject(new QueryTimeoutError(`a lookup took longer than ${deadlineMs / 1000} s`));
      }, deadlineMs);
      this.sendLookup({ id, ask, resolve: (json) => { clearTimeout(timer); resolve(json); }, reject: (error) => { clearTimeout(timer); reject(error); }, attempts: 0 });
    });
  }

  /** Lookups that see this pool's release (the embedded engine serves one release for its whole life). */
  readonly lookupSession: SourceSession = () => ({
    release: 'embedded',
    select: async (text) => {
      const json = JSON.parse(await this.lookup(text)) as { results: { bindings: Record<string, Record<string, unknown>>[] } };
      return json.results.bindings.map((b): Binding => Object.fromEntries(Object.entries(b).map(([name, term]) => [name, normaliseTerm(term)])));
    },
  });

  private sendLookup(pending: PendingLookup): void {
    if (this.closed) return pending.reject(new EngineUnavailableError('the server is shutting down'));
    if (pending.attempts >= 3) return pending.reject(new EngineFaultError('the query workers stopped three times while answering a lookup'));
    const ready = this.slots.filter((s) => s.state === 'ready');
    if (ready.length === 0) { this.waitingLookups.push(pending); return; }
    const wait = (s: Slot) => (s.job ? (s.job.long ? 1000 : 100) : 0) + (s.lowered ? 50 : 0) + s.lookups.size;
    const slot = ready.reduce((best, s) => (wait(s) < wait(best) ? s : best));
    pending.attempts++;
    slot.lookups.set(pending.id, pending);
    slot.worker.postMessage({ lookup: pending.id, ...pending.ask } satisfies LookupMessage);
  }

  private onLookupReply(slot: Slot, reply: LookupReply): void {
    const pending = slot.lookups.get(reply.lookup);
    if (!pending) return;
    slot.lookups.delete(reply.lookup);
    if (reply.ok) pending.resolve(reply.json);
    else pending.reject(new QueryFailedError(reply.message));
  }

  /** A long query yields the CPU to short ones: its thread gets the lowest priority. */
  private lower(slot: Slot, job: Job): void {
    if (slot.job !== job || slot.tid === undefined) return;
    job.long = true;
    try {
      setPriority(slot.tid, LOW_PRIORITY);
      slot.lowered = true;
    } catch {
      // Not permitted here: the query runs at normal priority.
    }
  }

  private finish(slot: Slot): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    slot.idleSince = Date.now();
    if (slot.lowered && slot.tid !== undefined && slot.state === 'ready') {
      try {
        setPriority(slot.tid, 0);
        slot.lowered = false;
      } catch {
        slot.recycle = true; // raising a priority needs a privilege; a fresh worker starts at normal priority
      }
    }
    // Replacing a worker costs a reload of the whole release (about 10 s of CPU at 100 articles): by
    // default worth it only for a growth that is large both absolutely and against what the worker holds.
    const recycleAt = this.options.recycleGrowthMb > 0 ? this.options.recycleGrowthMb * MB : Math.max(DEFAULT_RECYCLE_MB * MB, slot.baseMemory * RECYCLE_SHARE_OF_BASE);
    if (slot.state === 'ready' && slot.memory - slot.baseMemory > recycleAt) slot.recycle = true;
    if (slot.recycle && slot.state === 'ready') this.replaceRecycled(slot);
    this.changed();
  }

  /**
   * Starts the replacement of a worker marked for recycling; it keeps serving until
   * the new one is ready, or, with retireBeforeReplacing, stops at once if another
   * worker serves meanwhile.
   */
  private replaceRecycled(slot: Slot): void {
    if (this.closed || slot.replacing) return;
    slot.replacing = true;
    this.counters.recycled++;
    const othersReady = this.slots.some((other) => other !== slot && other.state === 'ready' && !other.recycle);
    if (this.options.retireBeforeReplacing && othersReady && !slot.job) {
      slot.state = 'dead';
      void slot.worker.terminate();
    }
    this.spawn(slot.extra);
  }

  /** Terminates recycled workers once a replacement is ready and they are idle. */
  private retireReplaced(): void {
    const ready = this.slots.filter((s) => s.state === 'ready' && !s.recycle).length;
    for (const slot of this.slots) {
      if (slot.recycle && !slot.job && slot.state === 'ready' && ready > 0) {
        slot.state = 'dead';
        void slot.worker.terminate();
      }
    }
  }

  /** Stops a running query: terminating its worker is the only way to stop WebAssembly. */
  private stop(slot: Slot, job: Job, error: Error, counter: 'timedOut' | 'memoryKills' | 'aborted'): void {
    if (slot.job !== job) return;
    this.counters[counter]++;
    clearTimeout(job.timer);
    slot.job = undefined;
    slot.state = 'dead';
    job.reject(error);
    void slot.worker.terminate();
    this.changed();
  }

  /** Every 200 ms: the memory ceiling for running queries, idle workers to retire or replace. */
  private tick(): void {
    const running = this.slots.filter((s) => s.job);
    if (running.length > 0) {
      // A worker's own memory cannot be read while it runs WebAssembly, so the
      // growth of the process since the earliest running query began is theirs.
      const growth = process.memoryUsage.rss() - Math.min(...running.map((s) => s.job!.rssAtStart));
      const limit = this.options.memoryMb * MB;
      if (growth > limit * running.length || (running.length === 1 && growth > limit)) {
        const oldest = running.sort((a, b) => a.job!.started - b.job!.started)[0];
        this.stop(oldest, oldest.job!, new QueryMemoryError(`the query needed more memory than the limit of ${this.options.memoryMb} MB per worker and was stopped`), 'memoryKills');
      }
    }
    const now = Date.now();
    for (const slot of this.slots) {
      if (slot.extra && slot.state === 'ready' && !slot.job && now - slot.idleSince > EXTRA_IDLE_MS) {
        slot.state = 'dead';
        void slot.worker.terminate();
        this.changed();
      }
    }
    this.retireReplaced();
    if (!this.respawnTimer) this.refill();
  }

  status(): EngineStatus {
    const live = this.slots.filter((s) => s.state !== 'dead');
    const capacity = this.capacity();
    return {
      ready: capacity > 0 && !this.closed,
      capacity,
      busy: live.filter((s) => s.job).length,
      workers: live.map((s) => ({ state: s.state, busy: Boolean(s.job), long: Boolean(s.job?.long), memoryMb: Math.round(s.memory / MB), jobs: s.jobs })),
      detail: this.failures > 0 ? `workers failed to start ${this.failures} time(s) in a row; next attempt in ${this.backoffMs()} ms`
        : capacity === 0 ? `no query worker is ready (${live.filter((s) => s.state === 'starting').length} starting)` : undefined,
    };
  }

  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    for (const pending of this.waitingLookups.splice(0)) pending.reject(new EngineUnavailableError('the server is shutting down'));
    if (this.housekeeping) clearInterval(this.housekeeping);
    if (this.respawnTimer) clearTimeout(this.respawnTimer);
    const deadline = Date.now() + graceMs;
    while (this.slots.some((s) => s.job) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
