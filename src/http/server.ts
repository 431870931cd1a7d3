// Starts the service: pins the built release (refusing a missing or corrupt
// one), starts the query engine and the scheduler in front of it, listens, and
// drains in-flight requests on SIGTERM before exiting.

import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { type ServerConfig } from './config.js';
import { type AppContext, memoiser } from './context.js';
import { createApp } from './app.js';
import { Metrics } from './metrics.js';
import { useSite } from '../web/site.js';
import { loadDataset } from '../store/loadDataset.js';
import { pinRelease } from '../store/pinnedRelease.js';
import { WorkerPool } from '../engine/embedded/workerPool.js';
import { StoreLookup } from '../engine/lookup.js';
import oxigraph from 'oxigraph';
import { Scheduler } from '../query/schedule/scheduler.js';
import { datasetPrefixes } from '../model/iri.js';
import { ReconcileService } from './reconcile/service.js';
import { readRecords } from './reconcile/records.js';
import type express from 'express';

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

export async function startServer(requested: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  // Everything below reads the pinned copy: a rebuild while serving cannot mix releases.
  const pinned = pinRelease(requested.dist);
  let engine: WorkerPool | undefined;
  let reconcile: ReconcileService | undefined;
  try {
    const config: ServerConfig = { ...requested, dist: pinned.dir };
    const { store, manifest } = loadDataset(config.dist);
    useSite(manifest.site);
    engine = new WorkerPool({
      dist: config.dist,
      prepare: { prefixes: datasetPrefixes(), maxDepth: config.maxQueryDepth, serviceAllowlist: config.serviceAllowlist, canFederate: false, maxValueBytes: config.maxResultBytes },
      workers: config.workers,
      maxWorkers: config.maxWorkers,
      timeoutMs: config.queryTimeoutMs,
      memoryMb: config.workerMemoryMb,
      recycleGrowthMb: config.workerRecycleMb,
    });
    const pool = engine;
    let scheduler: Scheduler | undefined;
    const metrics = new Metrics({ schedule: () => scheduler!.status(), engine: () => pool.status(), engineCounters: () => ({ ...pool.counters }) });
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
    reconcile = new ReconcileService({ records: readRecords(store, manifest.baseIri), queueLimit: config.queueLimit, timeoutMs: config.queryTimeoutMs });
    const matcher = reconcile;
    const context: AppContext = { config, store, manifest, engine, reconcile, reconcileScheduler, lookup: new StoreLookup(store, oxigraph), scheduler, metrics, baseIri: manifest.baseIri, ready: false, memo: memoiser(), staleReason: options.staleReason };
    const app = createApp(context, options.extraRouters?.(context) ?? []);
    // Slow or stalled clients must not hold connections: the whole request (headers
    // and body) has to arrive in time (answering may take longer: the query limit).
    const server = createServer({
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(15_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, Math.max(100, config.requestTimeoutMs / 4)),
    }, app);
    server.keepAliveTimeout = 5_000;
    server.maxHeadersCount = 100;

    await Promise.all([engine.start(), reconcile.start()]);
    server.listen(config.port, config.host);
    await once(server, 'listening');
    context.ready = true;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}/`;

    let closing: Promise<void> | undefined;
    const close = () => (closing ??= (async () => {
      context.ready = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([pool.close(), matcher.close()]);
      const timer = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(timer);
      pinned.unpin();
    })());
    return { url, server, context, close };
  } catch (error) {
    await Promise.all([engine?.close(0), reconcile?.close()]);
    pinned.unpin();
    throw error;
  }
}
