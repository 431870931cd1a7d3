// Starts the service: loads the built dataset (refusing a missing or corrupt
// one), starts the query workers, listens, and drains in-flight requests on
// SIGTERM before exiting.

import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { type ServerConfig } from './config.js';
import { type AppContext, memoiser } from './context.js';
import { createApp } from './app.js';
import { useSite } from '../web/site.js';
import { loadDataset } from '../store/loadDataset.js';
import { QueryPool } from '../store/queryPool.js';
import { ReconcileService } from './reconcile/service.js';
import { readRecords } from './reconcile/records.js';
import type express from 'express';

export interface RunningServer {
  url: string;
  server: Server;
  context: AppContext;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, extraRouters: (context: AppContext) => express.Router[] = () => []): Promise<RunningServer> {
  const { store, manifest } = loadDataset(config.dist);
  const pool = new QueryPool({ dist: config.dist, workers: config.workers, queueLimit: config.queueLimit, timeoutMs: config.queryTimeoutMs, memoryMb: config.workerMemoryMb });
  const reconcile = new ReconcileService({ records: readRecords(store, manifest.baseIri), queueLimit: config.queueLimit, timeoutMs: config.queryTimeoutMs });
  const context: AppContext = { config, store, manifest, pool, reconcile, baseIri: manifest.baseIri, ready: false, memo: memoiser() };
  useSite(manifest.site);
  const app = createApp(context, extraRouters(context));
  // Slow or stalled clients must not hold connections: the whole request (headers
  // and body) has to arrive in time (answering may take longer: the query limit).
  // Node checks these deadlines every connectionsCheckingInterval.
  const server = createServer({
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: Math.min(15_000, config.requestTimeoutMs),
    connectionsCheckingInterval: Math.min(1000, Math.max(100, config.requestTimeoutMs / 4)),
  }, app);
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;

  await Promise.all([pool.start(), reconcile.start()]);
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
    await Promise.all([pool.close(), reconcile.close()]);
    const timer = setTimeout(() => server.closeAllConnections(), 10_000);
    await closed;
    clearTimeout(timer);
  })());
  return { url, server, context, close };
}
