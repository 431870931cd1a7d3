// /metrics in the Prometheus text format (prom-client): what an operator needs at
// 3 a.m. Observed at the seams — requests as they leave the HTTP layer, queries as
// the engine or a limit decides their outcome, the scheduler's queue and the
// workers read when scraped — rather than counted throughout the code.

import { type Request, type RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type ScheduleObserver } from '../query/schedule/scheduler.js';

export interface MetricsSources {
  schedule(): { clients: number; queued: number; running: number; long: number };
  engine(): { capacity: number; busy: number; ready: boolean; workers?: { memoryMb?: number }[] };
  engineCounters?(): Record<string, number>;
  /** Reconciliation: whether its index is built (it is built after the engine starts for a large release), and of how many records. */
  reconcile?(): { ready: boolean; records?: number; buildMs?: number; heapBytes?: number } | undefined;
  search?(): { ready: boolean; documents?: number; loadMs?: number; restarts?: number } | undefined;
}

const ROUTES = ['/sparql', '/reconcile', '/id/', '/dumps/', '/views/', '/assets/', '/search', '/rdf-graph-store', '/health', '/ready', '/metrics', '/.well-known/', '/dataset', '/ontology'];

/** A bounded label for a path: the route family, never the path itself. */
function routeOf(req: Request): string {
  const path = req.path;
  if (path === '/') return '/';
  return ROUTES.find((route) => (route.endsWith('/') ? path.startsWith(route) : path === route || path.startsWith(`${route}/`))) ?? 'other';
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'delicacy_http_requests_total', help: 'HTTP requests by route family, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  private readonly duration = new Histogram({ name: 'delicacy_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route family.', labelNames: ['route'] as const, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  private readonly queries = new Counter({ name: 'delicacy_queries_total', help: 'SPARQL queries by outcome: ok, cached, failed (engine error), timeout, memory, fault, or refused/rejected with the rule that said no.', labelNames: ['outcome', 'rule'] as const, registers: [this.registry] });
  private readonly queueWait = new Histogram({ name: 'delicacy_query_queue_wait_seconds', help: 'Time queries waited for a worker.', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
  private readonly runTime = new Histogram({ name: 'delicacy_query_run_seconds', help: 'Time queries ran, by lane (short, or long after LONG_QUERY_MS).', labelNames: ['lane'] as const, buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30], registers: [this.registry] });
  private readonly reconcile = new Counter({ name: 'delicacy_reconcile_batches_total', help: 'Reconciliation batches by outcome.', labelNames: ['outcome'] as const, registers: [this.registry] });
  private readonly reconcileQueries = new Counter({ name: 'delicacy_reconcile_queries_total', help: 'Names reconciled.', registers: [this.registry] });

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'delicacy_process_' });
    const registers = [this.registry];
    new Gauge({ name: 'delicacy_query_queue_length', help: 'Queries waiting for a worker.', registers, collect() { this.set(sources.schedule().queued); } });
    new Gauge({ name: 'delicacy_query_clients', help: 'Clients the scheduler is tracking.', registers, collect() { this.set(sources.schedule().clients); } });
    new Gauge({ name: 'delicacy_queries_running', help: 'Queries running, by lane.', labelNames: ['lane'] as const, registers, collect() {
      const { running, long } = sources.schedule();
      this.set({ lane: 'short' }, running - long);
      this.set({ lane: 'long' }, long);
    } });
    new Gauge({ name: 'delicacy_workers', help: 'Query workers by state (ready: can take a query; busy: running one).', labelNames: ['state'] as const, registers, collect() {
      const engine = sources.engine();
      this.set({ state: 'ready' }, engine.capacity);
      this.set({ state: 'busy' }, engine.busy);
    } });
    new Gauge({ name: 'delicacy_worker_memory_bytes', help: 'Memory of the query workers after their last query (V8 heap and WebAssembly), summed.', registers, collect() {
      this.set((sources.engine().workers ?? []).reduce((sum, w) => sum + (w.memoryMb ?? 0), 0) * 1024 * 1024);
    } });
    new Gauge({ name: 'delicacy_ready', help: '1 when the service can answer queries.', registers, collect() { this.set(sources.engine().ready ? 1 : 0); } });
    if (sources.reconcile) {
      const reconcile = sources.reconcile;
      new Gauge({ name: 'delicacy_reconcile_ready', help: '1 when reconciliation can answer (its index is built; 0 while it is built at start or rebuilt).', registers, collect() { this.set(reconcile()?.ready ? 1 : 0); } });
      new Gauge({ name: 'delicacy_reconcile_records', help: 'Entities in the reconciliation index (0 until it is built).', registers, collect() { this.set(reconcile()?.records ?? 0); } });
      new Gauge({ name: 'delicacy_reconcile_heap_bytes', help: 'The reconciliation worker\'s JavaScript heap once its index was built (0 until then).', registers, collect() { this.set(reconcile()?.heapBytes ?? 0); } });
      new Gauge({ name: 'delicacy_reconcile_index_build_seconds', help: 'Time the reconciliation worker took to read the records file and build its index.', registers, collect() { this.set((reconcile()?.buildMs ?? 0) / 1000); } });
    }
    if (sources.search) {
      const search = sources.search;
      new Gauge({ name: 'delicacy_search_ready', help: '1 when site search can answer (its index is loaded in its worker).', registers, collect() { this.set(search()?.ready ? 1 : 0); } });
      new Gauge({ name: 'delicacy_search_documents', help: 'Documents in the site search index (0 until it is loaded).', registers, collect() { this.set(search()?.documents ?? 0); } });
      new Gauge({ name: 'delicacy_search_load_seconds', help: 'Time the search worker took to load its index.', registers, collect() { this.set((search()?.loadMs ?? 0) / 1000); } });
      new Gauge({ name: 'delicacy_search_worker_restarts', help: 'Search workers replaced (after a crash or a search past its deadline) since the index was loaded.', registers, collect() { this.set(search()?.restarts ?? 0); } });
    }
    if (sources.engineCounters) {
      new Gauge({ name: 'delicacy_worker_events', help: 'Worker events since start: restarts (replaced after a fault or stop), recycled (grown), timedOut, memoryKills, faults, spawnFailures, grown.', labelNames: ['event'] as const, registers, collect() {
        for (const [event, count] of Object.entries(sources.engineCounters!())) this.set({ event }, count);
      } });
    }
  }

  /** Counts every request with its route family and status, when the response ends. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.duration.startTimer();
      res.on('finish', () => {
        const route = routeOf(req);
        this.requests.inc({ route, method: req.method, status: String(res.statusCode) });
        end({ route });
      });
      next();
    };
  }

  query(outcome: string, rule = ''): void {
    this.queries.inc({ outcome, rule });
  }

  reconciled(outcome: 'ok' | 'refused', names: number): void {
    this.reconcile.inc({ outcome });
    if (names > 0) this.reconcileQueries.inc(names);
  }

  scheduleObserver(): ScheduleObserver {
    return {
      rejected: (rule) => this.query('rejected', rule),
      started: (waitMs) => this.queueWait.observe(waitMs / 1000),
      finished: (runMs, long) => this.runTime.observe({ lane: long ? 'long' : 'short' }, runMs / 1000),
    };
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
