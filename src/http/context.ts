// What every route needs: configuration, the release's manifest, the query
// engine and the scheduler in front of it, the lookups (entity descriptions for
// pages, views and reconciliation), and the metrics.

import { type Request } from 'express';
import { type ServerConfig } from './config.js';
import { type Manifest } from '../store/loadDataset.js';
import { type Engine } from '../engine/engine.js';
import { type Lookup } from '../engine/lookup.js';
import { type Scheduler } from '../query/schedule/scheduler.js';
import { type Metrics } from './metrics.js';
import { type ReconcileService } from './reconcile/service.js';

export interface AppContext {
  config: ServerConfig;
  manifest: Manifest;
  engine: Engine;
  /** Small lookups for pages, views and reconciliation: from a main-thread copy, the query workers or the remote store. */
  lookup: Lookup;
  scheduler: Scheduler;
  metrics: Metrics;
  /** Set when the server serves an older release because the latest build failed. */
  staleReason?: string;
  /** Name matching for /reconcile, in its own worker thread. */
  reconcile: ReconcileService;
  /** Turns at the reconciliation thread, fair between clients. */
  reconcileScheduler: Scheduler;
  /** Turns at the site search thread, fair between clients. */
  searchScheduler: Scheduler;
  /** Base IRI the dataset was built with (from the manifest). */
  baseIri: string;
  ready: boolean;
  /** Values computed once per dataset (statistics for the home page...). */
  memo<T>(key: string, compute: () => T): T;
  /**
   * Calls `listener` each time the server switches to another release (a load
   * switched its store), once the context (manifest, config.dist, memo) serves
   * it: what a route keeps of a release (the search index) follows it this way.
   */
  onReleaseSwitch(listener: (release: ReleaseSwitch) => void): void;
  /** Work a route needs done before the server says it is ready (a small release's search index). */
  beforeReady?(work: Promise<unknown>): void;
  /** What a route holds (the search worker) to give back when the server closes. */
  onClose?(close: () => Promise<void>): void;
  /** Site search's state for /ready and /metrics, set by its router. */
  searchStatus?(): SearchStatus;
}

/** Whether site search answers, and if not why; its index and its queue once it does. */
export interface SearchStatus {
  state: 'loading' | 'ready' | 'failed' | 'unavailable';
  ready: boolean;
  documents?: number;
  loadMs?: number;
  error?: string;
  queued?: number;
  restarts?: number;
}

/** The release a server has just switched to. */
export interface ReleaseSwitch {
  /** Its pinned folder. */
  dist: string;
  manifest: Manifest;
  /**
   * Settles once its reconciliation index is built (or could not be): a large
   * release's other loads wait for it, so that their memory peaks do not add up.
   */
  reconciled: Promise<unknown>;
}

export function memoiser(): <T>(key: string, compute: () => T) => T {
  const cache = new Map<string, unknown>();
  return <T>(key: string, compute: () => T): T => {
    if (!cache.has(key)) cache.set(key, compute());
    return cache.get(key) as T;
  };
}

/** The URL this server is reached at: configured, or taken from the request. */
export function publicBase(context: AppContext, req: Request): string {
  if (context.config.publicUrl) return context.config.publicUrl.endsWith('/') ? context.config.publicUrl : `${context.config.publicUrl}/`;
  return `${req.protocol}://${req.get('host')}/`;
}

/** Our IRIs point at the canonical base; on this server they live at the same path. */
export function localPath(context: AppContext, iri: string): string | undefined {
  return iri.startsWith(context.baseIri) ? `/${iri.slice(context.baseIri.length)}` : undefined;
}
