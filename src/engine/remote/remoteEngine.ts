// The remote engine: queries run in an existing SPARQL store (Virtuoso, Fuseki,
// GraphDB, QLever...) while everything around them stays ours. A query is
// prepared off the main thread by the same prepareQuery the embedded engine uses
// (parse once, limits, SERVICE check, predeclared prefixes, dataset), the
// prepared text goes to the store with the release's graphs as its dataset, and
// the answer is read as it arrives, cut at our limits and written by us.
// Capacity is a configured number of concurrent requests to the store; stopping
// a query aborts its HTTP request and, where the store has one, its own limit
// stops the work there too. The store is probed while idle, so that /ready
// tells the truth about it.

import { type Engine, type EngineQuery, type EngineResult, type EngineStatus, type JobControl } from '../engine.js';
import { EngineUnavailableError, QueryTimeoutError } from '../errors.js';
import { type PrepareOptions } from '../../query/prepare.js';
import { capResultSet, graphResult, RESULT_SET_TYPES } from '../../store/execute.js';
import { PreparePool } from '../prepare/preparePool.js';
import { type PreparedText } from '../prepare/prepareWorker.js';
import { BindingStream, selectWriter, writeAsk, type Binding, type ResultFormat } from './results.js';
import { readBody, sendQuery, type StoreResponse } from './storeClient.js';
import { type StoreRelease, type StoreTarget } from './storeTarget.js';
import { type SourceSession } from '../sparqlLookup.js';

export interface RemoteEngineOptions {
  target: StoreTarget;
  /** Queries sent to the store at once. */
  concurrency: number;
  timeoutMs: number;
  prepare: Omit<PrepareOptions, 'defaultGraphs' | 'namedGraphs'>;
  prepareWorkers: number;
  /** How often the store is probed while no query shows it is up, in ms. */
  probeMs?: number;
}

const PROBE_QUERY = 'SELECT (1 AS ?up) WHERE {}';

export class RemoteEngine implements Engine {
  readonly name = 'remote';
  private readonly prepare: PreparePool;
  private readonly listeners: (() => void)[] = [];
  private busy = 0;
  private up = false;
  private lastError = '';
  private closed = false;
  private probeTimer?: NodeJS.Timeout;
  private lastSeenUp = 0;
  readonly counters = { completed: 0, timedOut: 0, failed: 0, aborted: 0, unavailable: 0, probes: 0 };

  constructor(private readonly options: RemoteEngineOptions) {
    this.prepare = new PreparePool({ workers: options.prepareWorkers, timeoutMs: 10_000, prepare: options.prepare });
  }

  async start(): Promise<void> {
    await this.prepare.start();
    await this.probe();
    if (!this.up) {
      await this.prepare.close();
      throw new EngineUnavailableError(`the store at ${this.options.target.current().endpoint} does not answer (${this.lastError})`);
    }
    this.probeTimer = setInterval(() => { if (Date.now() - this.lastSeenUp > (this.options.probeMs ?? 1000)) void this.probe(); }, this.options.probeMs ?? 1000);
    this.probeTimer.unref();
    this.options.target.onSwitch(() => void this.probe());
  }

  private setUp(up: boolean, error = ''): void {
    if (up) this.lastSeenUp = Date.now();
    else this.lastError = error;
    if (up === this.up) return;
    this.up = up;
    for (const listener of this.listeners) queueMicrotask(listener);
  }

  private async probe(): Promise<void> {
    this.counters.probes++;
    const signal = AbortSignal.timeout(5000);
    try {
      const response = await sendQuery({ release: this.options.target.current(), text: PROBE_QUERY, dataset: 'union', accept: 'application/sparql-results+json', timeoutMs: 5000, signal });
      await response.text();
      this.setUp(true);
    } catch (error) {
      this.setUp(false, (error as Error).message);
    }
  }

  capacity(): number {
    return this.up && this.prepare.ready && !this.closed ? this.options.concurrency : 0;
  }

  onCapacity(listener: () => void): void {
    this.listeners.push(listener);
  }

  grow(): boolean {
    return false; // the store's capacity is its own; we do not add to it
  }

  async run(query: EngineQuery, control: JobControl): Promise<EngineResult> {
    if (this.closed) throw new EngineUnavailableError('the server is shutting down');
    this.busy++;
    const started = Date.now();
    try {
      const prepared = await this.prepare.prepare(query.query, query.defaultGraphs, query.namedGraphs, control.signal);
      const remaining = this.options.timeoutMs - (Date.now() - started);
      const result = await this.execute(prepared, query, control.signal, Math.max(1, remaining));
      this.counters.completed++;
      return result;
    } catch (error) {
      if (error instanceof QueryTimeoutError) this.counters.timedOut++;
      else if (error instanceof EngineUnavailableError) { this.counters.unavailable++; void this.probe(); }
      else if (control.signal.aborted) this.counters.aborted++;
      else this.counters.failed++;
      throw error;
    } finally {
      this.busy--;
    }
  }

  /** Runs a prepared query in the store and reads its answer within our limits. */
  private async execute(prepared: PreparedText, query: EngineQuery, signal: AbortSignal, timeoutMs: number): Promise<EngineResult> {
    const release = this.options.target.current();
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(new QueryTimeoutError(`the query ran longer than the limit of ${this.options.timeoutMs / 1000} s and was stopped`)), timeoutMs);
    const onAbort = () => stop.abort(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const graph = prepared.form === 'CONSTRUCT' || prepared.form === 'DESCRIBE';
    try {
      const response = await sendQuery({
        release, text: prepared.text, dataset: prepared.dataset, rangesOverGraphs: prepared.rangesOverGraphs, timeoutMs, signal: stop.signal,
        accept: graph ? 'application/n-triples' : 'application/sparql-results+json',
      });
      this.setUp(true);
      const result = graph ? await this.readGraph(response, prepared, query, stop) : await this.readResults(response, prepared, query, stop);
      return result;
    } catch (error) {
      if (stop.signal.aborted) throw stop.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async readResults(response: StoreResponse, prepared: PreparedText, query: EngineQuery, stop: AbortController): Promise<EngineResult> {
    const format: ResultFormat = RESULT_SET_TYPES[query.resultSetType as keyof typeof RESULT_SET_TYPES] ?? 'json';
    const mediaType = query.resultSetType in RESULT_SET_TYPES ? query.resultSetType : 'application/sparql-results+json';
    const stream = new BindingStream();
    const writer = selectWriter(format);
    let written = 0;
    let rows: string[] = [];
    // Read until one row past either limit: then capResultSet cuts exactly as for the embedded engine.
    await readBody(response, (chunk) => {
      stream.feed(chunk);
      if (prepared.form !== 'SELECT') return true;
      const vars = stream.vars();
      while (rows.length < stream.bindings.length) {
        const row = writer.row(vars, stream.bindings[rows.length], rows.length);
        rows.push(row);
        written += row.length;
      }
      return rows.length <= query.maxResults && written <= query.maxResultBytes;
    }, () => stop.abort());
    if (prepared.form === 'ASK') {
      let value = stream.boolean();
      // Virtuoso answers some ASK queries as a one-cell SELECT (1 or 0).
      if (value === undefined && stream.bindings.length === 1) value = Object.values(stream.bindings[0])[0]?.value === '1';
      return { body: writeAsk(Boolean(value), format), mediaType, form: 'ASK', count: 1, truncated: false };
    }
    const vars = stream.vars();
    rows = stream.bindings.slice(0, rows.length).map((row, index) => writer.row(vars, row, index));
    const body = writer.head(vars) + rows.join('') + writer.tail();
    return capResultSet(body, format, { ...query, resultSetType: mediaType }, prepared.form);
  }

  private async readGraph(response: StoreResponse, prepared: PreparedText, query: EngineQuery, stop: AbortController): Promise<EngineResult> {
    let text = '';
    let lines = 0;
    await readBody(response, (chunk) => {
      text += chunk;
      for (let i = text.length - chunk.length; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
      return lines <= query.maxResults && text.length <= query.maxResultBytes + 65_536;
    }, () => stop.abort());
    // A read stopped early may end inside a line: drop the unfinished one.
    const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    return graphResult(complete, prepared.form, query, false);
  }

  /**
   * SELECTs for lookups (pages, views): straight to the store, not through the
   * scheduler — they are small and bounded — over the current release's graphs.
   */
  readonly lookupSession: SourceSession = () => {
    const release = this.options.target.current();
    return { release: `${release.generation}`, select: (text) => this.lookup(release, text) };
  };

  private async lookup(release: StoreRelease, text: string): Promise<Binding[]> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const response = await sendQuery({ release, text, dataset: 'union', accept: 'application/sparql-results+json', timeoutMs: this.options.timeoutMs, signal });
    const stream = new BindingStream();
    await readBody(response, (chunk) => { stream.feed(chunk); return true; }, () => undefined);
    return stream.bindings;
  }

  status(): EngineStatus {
    const capacity = this.capacity();
    return {
      ready: capacity > 0,
      capacity,
      busy: this.busy,
      detail: this.up ? `store ${this.options.target.current().endpoint}` : `the store at ${this.options.target.current().endpoint} does not answer: ${this.lastError}`,
    };
  }

  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    const deadline = Date.now() + graceMs;
    while (this.busy > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.prepare.close();
  }
}
