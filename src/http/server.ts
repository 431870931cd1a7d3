// Starts the service: pins the built release (refusing a missing or corrupt
// one), starts the query engine — the embedded worker pool, or a remote store —
// and the scheduler in front of it, listens, and on SIGTERM first says it is not
// ready (so that a load balancer stops sending), then drains requests in flight.

import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { isLargeRelease, type ServerConfig } from './config.js';
import { type AppContext, memoiser, type ReleaseSwitch } from './context.js';
import { createApp } from './app.js';
import { Metrics } from './metrics.js';
import { useSite } from '../web/site.js';
import { loadDataset, readManifest, type Manifest } from '../store/loadDataset.js';
import { pinRelease } from '../store/pinnedRelease.js';
import { releaseVoid } from './graphs.js';
import { WorkerPool } from '../engine/embedded/workerPool.js';
import { StoreLookup, type Lookup } from '../engine/lookup.js';
import { RemoteEngine } from '../engine/remote/remoteEngine.js';
import { isStoreUrl, StoreTarget } from '../engine/remote/storeTarget.js';
import { SparqlLookup } from '../engine/sparqlLookup.js';
import { WorkerLookup } from '../engine/embedded/workerLookup.js';
import oxigraph from 'oxigraph';
import { Scheduler } from '../query/schedule/scheduler.js';
import { datasetPrefixes } from '../model/iri.js';
import { ReconcileService } from './reconcile/service.js';
import { readRecords } from '../reconcile/records.js';
import { releaseRecords } from './reconcile/recordsSource.js';
import type express from 'express';
import { log } from '../log.js';
import { leanParseCache } from '../query/parse.js';
import { useLeanHeaps } from '../memory.js';

export interface RunningServer {
  url: string;
  server: Server;
  context: AppContext;
  close(): Promise<void>;
}

export interface StartOptions {
  extraRouters?: (context: AppContext) => express.Router[];
  /** Why an older release is served (the latest build failed); shown on /ready and the home page. */
  staleReason?: string;
}

/** The engine a configuration asks for, and the lookups that go with it. */
function createEngine(config: ServerConfig, manifest: Manifest, store: () => oxigraph.Store, graphs: () => string[]): { engine: WorkerPool | RemoteEngine; lookup: Lookup; target?: StoreTarget } {
  const prepare = { prefixes: datasetPrefixes(), maxDepth: config.maxQueryDepth, serviceAllowlist: config.serviceAllowlist, canFederate: false, maxValueBytes: config.maxResultBytes };
  if (config.store) {
    const target = isStoreUrl(config.store)
      ? StoreTarget.fixed(config.store, config.storeKind, graphs())
      : StoreTarget.watch(config.store);
    const engine = new RemoteEngine({ target, concurrency: config.storeConcurrency, timeoutMs: config.queryTimeoutMs, prepare, prepareWorkers: config.prepareWorkers });
    return { engine, lookup: new SparqlLookup(engine.lookupSession), target };
  }
  // A large release takes tens of seconds to load: an extra worker would arrive after the queue's deadline.
  const large = isLargeRelease(manifest.quads);
  const engine = new WorkerPool({
    dist: config.dist,
    prepare,
    workers: config.workers,
    maxWorkers: config.maxWorkers || (large ? config.workers : config.workers + 1),
    timeoutMs: config.queryTimeoutMs,
    memoryMb: config.workerMemoryMb,
    recycleGrowthMb: config.workerRecycleMb,
    retireBeforeReplacing: large,
  });
  // Pages and views: from a main-thread copy for a small release (they never wait
  // for a worker), else from the workers' copies (the main thread loads none).
  const mainCopy = config.mainThreadStore === 'on' || (config.mainThreadStore === 'auto' && !large);
  return { engine, lookup: mainCopy ? new StoreLookup(store(), oxigraph) : new WorkerLookup(engine) };
}

export async function startServer(requested: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  // A store file names the release its store holds: serve that one (and follow it when a load switches it).
  const releaseDir = (requested.store && !isStoreUrl(requested.store) ? StoreTarget.peek(requested.store).dist : undefined) ?? requested.dist;
  // Everything below reads the pinned copy: a rebuild while serving cannot mix releases.
  let pinned = pinRelease(releaseDir);
  let engine: WorkerPool | RemoteEngine | undefined;
  let target: StoreTarget | undefined;
  let reconcile: ReconcileService | undefined;
  /** What routes hold (the search worker), closed with the engine. */
  const closers: (() => Promise<void>)[] = [];
  const closeRoutes = () => Promise.all(closers.map((close) => close()));
  try {
    const config: ServerConfig = { ...requested, dist: pinned.dir };
    const manifest = readManifest(config.dist);
    useSite(manifest.site);
    // A main-thread copy of the dataset, loaded only when the lookups are answered from it (a small release).
    let mainStore: oxigraph.Store | undefined;
    const store = () => (mainStore ??= loadDataset(config.dist).store);
    // Values computed once per release; the VoID's graphs are the first (a fixed store is queried on them).
    const memo = memoiser();
    let lookup: Lookup;
    // Before any worker starts: the flag applies to the heaps created after it.
    if (config.leanHeaps === 'on' || (config.leanHeaps === 'auto' && isLargeRelease(manifest.quads))) {
      useLeanHeaps();
      leanParseCache();
      log.info({ event: 'lean-heaps', quads: manifest.quads }, 'JavaScript heaps favour memory over speed');
      // glibc's arenas are chosen when the process starts: only its environment can set them.
      if (process.platform === 'linux' && !process.env.MALLOC_ARENA_MAX) log.warn({ event: 'malloc-arenas' }, 'MALLOC_ARENA_MAX is not set: with 2 malloc arenas (as `npm start` and the image set it) this server would hold about 90 MB less at 100 articles');
    }
    ({ engine, lookup, target } = createEngine(config, manifest, store, () => releaseVoid({ memo, config, manifest }).graphs));
    const running = engine;
    let scheduler: Scheduler | undefined;
    const metrics = new Metrics({ schedule: () => scheduler!.status(), engine: () => running.status(), engineCounters: () => ({ ...running.counters }), reconcile: () => reconcile?.status(), search: () => context?.searchStatus?.() });
    const fairness = {
      longAfterMs: config.longQueryMs,
      clientRunning: config.clientConcurrentQueries,
      clientQueued: config.clientQueuedQueries,
      queueLimit: config.queueLimit,
      queueTimeoutMs: config.queueTimeoutMs,
      clientMsPerMinute: config.clientQueryMsPerMinute,
      heavyForMs: 60_000,
    };
    scheduler = new Scheduler(engine, fairness, metrics.scheduleObserver());
    // Reconciliation has one matching thread; clients take turns at it by the same rules as queries.
    const reconcileScheduler = new Scheduler({ capacity: () => 1, grow: () => false, onCapacity: () => undefined }, fairness);
    // So has site search.
    const searchScheduler = new Scheduler({ capacity: () => 1, grow: () => false, onCapacity: () => undefined }, fairness);
    const engineStarted = engine.start();
    // Reconciliation's worker reads the release's records file (written by the
    // build) and builds its index; the main thread holds no records. A release
    // without the file has its records read from the store by the same
    // readRecords, once the engine is up.
    const reconcileService = (dist: string, release: Manifest) => new ReconcileService({
      records: () => releaseRecords(dist, release, async () => { await engineStarted; return readRecords(lookup, release.baseIri); }),
      queueLimit: config.queueLimit,
      timeoutMs: config.queryTimeoutMs,
    });
    reconcile = reconcileService(config.dist, manifest);
    // A small release's index is built in well under a second, beside the engine's
    // start, and the server waits for it: ready then means reconciliation too. A
    // large one's takes seconds of CPU (about 5 s at 100 articles): it is built
    // once the engine is up, so as not to slow the engine's load, and nothing
    // waits for it; until it is built reconciliation answers 503 with Retry-After,
    // and /ready and /metrics say so.
    const small = !isLargeRelease(manifest.quads);
    const reconcileBuilt = small ? reconcile.start() : undefined;
    await engineStarted;
    if (!small) void reconcile.start();
    const switchListeners: ((release: ReleaseSwitch) => void)[] = [];
    const readyWork: Promise<unknown>[] = [];
    const context: AppContext = {
      config, manifest, engine, reconcile, reconcileScheduler, searchScheduler, lookup, scheduler, metrics, baseIri: manifest.baseIri, ready: false, memo, staleReason: options.staleReason,
      onReleaseSwitch: (listener) => void switchListeners.push(listener),
      beforeReady: (work) => void readyWork.push(work),
      onClose: (close) => void closers.push(close),
    };
    let switches = 0;
    let closing: Promise<void> | undefined;
    // A load switched the store to another release: serve that release's files, figures and names from now on.
    target?.onSwitch((release) => {
      if (!release.dist) return;
      const previous = pinned;
      pinned = pinRelease(release.dist);
      context.manifest = readManifest(pinned.dir);
      context.config.dist = pinned.dir;
      context.memo = memoiser();
      mainStore = undefined;
      useSite(context.manifest.site);
      setTimeout(() => previous.unpin(), config.queryTimeoutMs + 10_000).unref();
      // The new release's reconciliation is built beside the old one, which answers until then.
      const generation = ++switches;
      const next = reconcileService(pinned.dir, context.manifest);
      const reconciled = next.start();
      void (async () => {
        await reconciled;
        if (generation !== switches || closing) return void await next.close(); // a later switch (or the end) overtook this one
        const old = context.reconcile;
        context.reconcile = next;
        reconcile = next;
        await old.drain(); // what it was given before the switch is answered from the old release
        await old.close();
      })().catch((error) => log.error({ event: 'reconciliation-switch-failed', error: String(error?.stack ?? error) }));
      // What routes keep of a release (the search index) follows the same way.
      for (const listener of switchListeners) listener({ dist: pinned.dir, manifest: context.manifest, reconciled });
    });
    const app = createApp(context, options.extraRouters?.(context) ?? []);
    let draining = false;
    // Slow or stalled clients must not hold connections: the whole request (headers
    // and body) has to arrive in time (answering may take longer: the query limit).
    const server = createServer({
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(15_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, Math.max(100, config.requestTimeoutMs / 4)),
    }, (req, res) => {
      // While draining, every answer closes its connection, so that a load balancer opens the next one elsewhere.
      if (draining) res.setHeader('Connection', 'close');
      app(req, res);
    });
    server.keepAliveTimeout = 5_000;
    server.maxHeadersCount = 100;

    await Promise.all([reconcileBuilt, ...readyWork]);
    server.listen(config.port, config.host);
    await once(server, 'listening');
    context.ready = true;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}/`;

    const close = () => (closing ??= (async () => {
      // /ready says 503 first; a load balancer stops sending new requests while
      // those already sent are still answered; then stop accepting and drain.
      context.ready = false;
      draining = true;
      if (config.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Queries already accepted (running or waiting for a slot) are answered before the engine stops.
      const deadline = Date.now() + config.queueTimeoutMs + config.queryTimeoutMs;
      for (let s = scheduler!.status(); (s.queued > 0 || s.running > 0) && Date.now() < deadline; s = scheduler!.status()) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await Promise.all([running.close(), reconcile?.close(), closeRoutes()]);
      const timer = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(timer);
      target?.close();
      pinned.unpin();
    })());
    return { url, server, context, close };
  } catch (error) {
    await Promise.all([engine?.close(0), reconcile?.close(), closeRoutes()]);
    target?.close();
    pinned.unpin();
    throw error;
  }
}
