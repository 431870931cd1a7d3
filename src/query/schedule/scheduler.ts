// Who may run a query now. The scheduler knows clients, costs and deadlines, not
// SPARQL. Its rules, so that no client can freeze the service for the others:
// - fair queuing: when a slot frees, the next query comes from the client that
//   has used the least query time lately, not from the head of one FIFO;
// - per-client limits: queries running at once, queries waiting, and query time
//   per minute (then 429 with Retry-After, as the Wikidata Query Service does);
// - long queries never hold every slot: a query running past `longAfterMs` is
//   long. A client most of whose recent queries were long (and one lately) counts
//   as heavy; heavy clients' queries may use all slots but one. (One slow query
//   on a busy machine does not make a client heavy.) When a query turns long and no slot is left for
//   short ones, the engine is asked for one more slot; if it cannot grow, the
//   newest long query is stopped (503 with Retry-After). A stop can cost its slot
//   for a while (`stopCostMs`: an embedded worker ends and its replacement reloads
//   the release). When that is longer than a query may wait in the queue, stopping
//   early would time out the queue behind it, release after release of a large
//   dataset: then the query is stopped only once it has run as long as the stop
//   costs, so a stop never costs more than twice letting it finish (ski rental);
// - deadlines: a query waits at most `queueTimeoutMs` for a slot.

import { type JobControl } from '../../engine/engine.js';
import { ScheduleRejectedError } from './rejected.js';
import { SpentTime } from './spentTime.js';

export interface SchedulerOptions {
  longAfterMs: number;
  clientRunning: number;
  clientQueued: number;
  queueLimit: number;
  queueTimeoutMs: number;
  /** Query time a client may use per minute, in ms; 0: no limit. */
  clientMsPerMinute: number;
  /** How long a client can count as heavy after its last long query. */
  heavyForMs: number;
}

/** What the scheduler needs from an engine. */
export interface Slots {
  capacity(): number;
  grow(): boolean;
  onCapacity(listener: () => void): void;
  /** How long the slot of a stopped query is lost for (0 or absent: stopping is free). */
  stopCostMs?(): number;
}

export interface ScheduleObserver {
  rejected?(rule: string): void;
  started?(waitMs: number): void;
  finished?(runMs: number, long: boolean): void;
}

const WINDOW_MS = 60_000;
const USAGE_HALF_LIFE_MS = 10_000;
/** Heavy: at least half of a client's last RECENT queries were long. */
const RECENT = 8;

interface Task {
  client: Client;
  work(control: JobControl): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
  queuedAt: number;
  startedAt?: number;
  /** Dispatched as a heavy client's query, or turned long while running. */
  heavy: boolean;
  long: boolean;
  controller: AbortController;
  longListeners: (() => void)[];
  timer?: NodeJS.Timeout;
  /** The client has gone: stop the query if it turns long. */
  abandoned: boolean;
}

interface Client {
  id: string;
  queue: Task[];
  running: Set<Task>;
  usage: number;
  usageAt: number;
  /** When its last query turned long. */
  lastLong: number;
  /** Whether each of its last RECENT finished queries was long, oldest first. */
  recent: boolean[];
  /** Query time of finished queries in the last minute. */
  spent: SpentTime;
}

export class Scheduler {
  private readonly clients = new Map<string, Client>();
  private readonly running = new Set<Task>();
  private queued = 0;
  private longLaneTimer?: NodeJS.Timeout;

  constructor(private readonly slots: Slots, private readonly options: SchedulerOptions, private readonly observer: ScheduleObserver = {}) {
    slots.onCapacity(() => this.dispatch());
  }

  /** Runs `work` when the client's turn comes; rejects with ScheduleRejectedError when a limit says no. */
  submit<T>(clientId: string, work: (control: JobControl) => Promise<T>, gone?: AbortSignal): Promise<T> {
    const now = Date.now();
    const client = this.client(clientId, now);
    const refusal = this.admission(client, now);
    if (refusal) {
      this.observer.rejected?.(refusal.rule);
      return Promise.reject(refusal);
    }
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        client, work, resolve: resolve as (value: unknown) => void, reject, queuedAt: now,
        heavy: false, long: false, controller: new AbortController(), longListeners: [], abandoned: false,
      };
      task.timer = setTimeout(() => this.expire(task), this.options.queueTimeoutMs);
      client.queue.push(task);
      this.queued++;
      gone?.addEventListener('abort', () => this.abandon(task), { once: true });
      this.dispatch();
    });
  }

  private client(id: string, now: number): Client {
    let client = this.clients.get(id);
    if (!client) {
      client = { id, queue: [], running: new Set(), usage: 0, usageAt: now, lastLong: -Infinity, recent: [], spent: new SpentTime(WINDOW_MS) };
      this.clients.set(id, client);
    }
    return client;
  }

  private admission(client: Client, now: number): ScheduleRejectedError | undefined {
    const { clientQueued, clientRunning, queueLimit, clientMsPerMinute } = this.options;
    if (clientMsPerMinute > 0) {
      let used = client.spent.total(now);
      for (const task of client.running) used += now - task.startedAt!;
      if (used >= clientMsPerMinute) {
        const oldest = client.spent.oldest(now) ?? now;
        const retry = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
        return new ScheduleRejectedError(429, `This client has used ${Math.round(used / 1000)} s of query time in the last minute; the limit is ${clientMsPerMinute / 1000} s per minute per client (setting CLIENT_QUERY_MS_PER_MINUTE). Retry after ${retry} s.`, 'client-time', retry);
      }
    }
    if (client.queue.length + client.running.size >= clientQueued + clientRunning) {
      return new ScheduleRejectedError(429, `This client already has ${client.running.size} queries running and ${client.queue.length} waiting; the limits are ${clientRunning} running and ${clientQueued} waiting per client (settings CLIENT_CONCURRENT_QUERIES, CLIENT_QUEUED_QUERIES).`, 'client-queue', 1);
    }
    if (this.queued >= queueLimit) {
      return new ScheduleRejectedError(503, `The server is busy: ${this.queued} queries are waiting, the limit is ${queueLimit} (setting QUERY_QUEUE). Try again shortly.`, 'queue-full', 2);
    }
    return undefined;
  }

  private isHeavy(client: Client, now: number): boolean {
    if (now - client.lastLong > this.options.heavyForMs) return false;
    let long = 0;
    let all = 0;
    for (const wasLong of client.recent) { all++; if (wasLong) long++; }
    for (const task of client.running) { all++; if (task.long) long++; }
    return all > 0 && long * 2 >= all;
  }

  private usageOf(client: Client, now: number): number {
    let usage = client.usage * 2 ** (-(now - client.usageAt) / USAGE_HALF_LIFE_MS);
    for (const task of client.running) usage += now - task.startedAt!;
    return usage;
  }

  private dispatch(): void {
    for (;;) {
      const capacity = this.slots.capacity();
      if (this.running.size >= capacity || this.queued === 0) return;
      const now = Date.now();
      const heavySlots = capacity > 1 ? capacity - 1 : capacity;
      const heavyRunning = [...this.running].filter((t) => t.heavy || t.long).length;
      let best: Client | undefined;
      let bestUsage = Infinity;
      for (const client of this.clients.values()) {
        if (client.queue.length === 0 || client.running.size >= this.options.clientRunning) continue;
        if (heavyRunning >= heavySlots && this.isHeavy(client, now)) continue;
        const usage = this.usageOf(client, now);
        if (usage < bestUsage) { best = client; bestUsage = usage; }
      }
      if (!best) return;
      this.start(best.queue.shift()!, now);
    }
  }

  private start(task: Task, now: number): void {
    const { client } = task;
    this.queued--;
    clearTimeout(task.timer);
    task.startedAt = now;
    task.heavy = this.isHeavy(client, now);
    client.running.add(task);
    this.running.add(task);
    this.observer.started?.(now - task.queuedAt);
    task.timer = setTimeout(() => this.turnLong(task), this.options.longAfterMs);
    const control: JobControl = {
      signal: task.controller.signal,
      onLong: (listener) => { if (task.long) listener(); else task.longListeners.push(listener); },
    };
    let work: Promise<unknown>;
    try {
      work = task.work(control);
    } catch (error) {
      work = Promise.reject(error);
    }
    work.then((value) => { this.end(task); task.resolve(value); }, (error: Error) => { this.end(task); task.reject(error); });
  }

  private turnLong(task: Task): void {
    if (!this.running.has(task)) return;
    const now = Date.now();
    task.long = true;
    task.client.lastLong = now;
    for (const listener of task.longListeners.splice(0)) listener();
    if (task.abandoned) return void task.controller.abort(new ScheduleRejectedError(499, 'The client went away.', 'client-gone', 0));
    this.enforceLongLane();
  }

  /** Stops the newest long query when long queries hold every slot and none can be added. */
  private enforceLongLane(): void {
    clearTimeout(this.longLaneTimer);
    const capacity = this.slots.capacity();
    const long = [...this.running].filter((t) => t.long);
    if (capacity <= 1 || long.length < capacity || this.slots.grow()) return;
    const now = Date.now();
    const newest = long.sort((a, b) => b.startedAt! - a.startedAt!)[0];
    const cost = this.slots.stopCostMs?.() ?? 0;
    const wait = cost > this.options.queueTimeoutMs ? newest.startedAt! + cost - now : 0;
    if (wait > 0) {
      this.longLaneTimer = setTimeout(() => this.enforceLongLane(), wait);
      this.longLaneTimer.unref?.();
      return;
    }
    this.observer.rejected?.('long-lane');
    newest.controller.abort(new ScheduleRejectedError(503, `The query was stopped after ${Math.round((now - newest.startedAt!) / 1000 * 10) / 10} s because long queries held every worker: one is always kept for short queries. Retry later, or make the query cheaper.`, 'long-lane', 10));
  }

  private end(task: Task): void {
    if (!this.running.delete(task)) return;
    clearTimeout(task.timer);
    const now = Date.now();
    const { client } = task;
    client.running.delete(task);
    const ms = now - task.startedAt!;
    client.usage = this.usageOf(client, now) + ms;
    client.usageAt = now;
    client.spent.add(now, ms);
    client.recent.push(task.long);
    if (client.recent.length > RECENT) client.recent.shift();
    this.observer.finished?.(ms, task.long);
    this.forgetIdle(now);
    queueMicrotask(() => this.dispatch());
  }

  private expire(task: Task): void {
    if (!this.dequeue(task)) return;
    this.observer.rejected?.('queue-timeout');
    task.reject(new ScheduleRejectedError(503, `The query waited ${this.options.queueTimeoutMs / 1000} s for a free worker without getting one (setting QUEUE_TIMEOUT_MS). Try again shortly.`, 'queue-timeout', 5));
  }

  private abandon(task: Task): void {
    if (this.dequeue(task)) return void task.reject(new ScheduleRejectedError(499, 'The client went away.', 'client-gone', 0));
    task.abandoned = true;
    if (task.long && this.running.has(task)) task.controller.abort(new ScheduleRejectedError(499, 'The client went away.', 'client-gone', 0));
  }

  private dequeue(task: Task): boolean {
    const index = task.client.queue.indexOf(task);
    if (index === -1) return false;
    task.client.queue.splice(index, 1);
    this.queued--;
    clearTimeout(task.timer);
    return true;
  }

  /** Clients with nothing running, nothing waiting and nothing to remember are dropped. */
  private forgetIdle(now: number): void {
    if (this.clients.size < 1024) return;
    for (const [id, client] of this.clients) {
      if (client.queue.length === 0 && client.running.size === 0 && now - client.lastLong > this.options.heavyForMs && client.spent.isEmpty(now)) this.clients.delete(id);
    }
  }

  status(): { clients: number; queued: number; running: number; long: number } {
    return { clients: this.clients.size, queued: this.queued, running: this.running.size, long: [...this.running].filter((t) => t.long).length };
  }
}
