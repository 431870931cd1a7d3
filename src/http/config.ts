// Server configuration: defaults, overridden by environment variables, overridden
// by command-line flags. Printed at start so operators see what is in force.

import { cpus } from 'node:os';
import { projectPath } from '../model/paths.js';
import { STORE_KINDS, type StoreKind } from '../engine/remote/storeTarget.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** Folder of the built dataset. */
  dist: string;
  /** Folder of the released versions, served at /dumps/<version>/. */
  releases: string;
  /** The public URL of this server, used in the service description and pages; defaults to the dataset's base IRI. */
  publicUrl?: string;
  /** Query time limit in milliseconds; the worker running a longer query is stopped. */
  queryTimeoutMs: number;
  /** Largest number of result rows (or triples) returned; more are cut and the cut is signalled. */
  maxResults: number;
  /** Largest query text accepted, in bytes. */
  maxQueryBytes: number;
  /** Query worker threads, each holding the dataset. */
  workers: number;
  /** Workers at most, including extra ones started while long queries hold the others (0: workers + 1). */
  maxWorkers: number;
  /** Queries allowed to wait for a worker before new ones get 503. */
  queueLimit: number;
  /** Longest wait for a worker before a query gets 503, in ms. */
  queueTimeoutMs: number;
  /** A query running longer than this is long: it runs at low priority and never on the last free worker, in ms. */
  longQueryMs: number;
  /** Queries one client may run at once. */
  clientConcurrentQueries: number;
  /** Queries one client may have waiting. */
  clientQueuedQueries: number;
  /** Query time one client may use per minute, in ms (0: no limit). */
  clientQueryMsPerMinute: number;
  /** Memory ceiling per query worker (V8 heap and WebAssembly), in megabytes. */
  workerMemoryMb: number;
  /** A worker that has grown by more than this is replaced after its query, in megabytes. */
  workerRecycleMb: number;
  /** Deepest nesting of groups, sub-queries and expressions accepted. */
  maxQueryDepth: number;
  /** Largest response body for a query, in bytes; longer results are cut at a row boundary. */
  maxResultBytes: number;
  /** Allowed CORS origins; '*' for any. */
  corsOrigins: string[];
  /** Hosts that SERVICE clauses may name (empty: federation refused). */
  serviceAllowlist: string[];
  /** Seconds clients and caches may reuse a response (Cache-Control max-age). */
  cacheMaxAge: number;
  /** Requests per minute per client address; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  /** Trust X-Forwarded-For from a proxy (for rate limiting by client address). */
  trustProxy: boolean;
  /** Write one JSON line per request to stdout. */
  requestLog: boolean;
  /** Time a client has to send a whole request (headers and body), in ms; slower ones get 408. */
  requestTimeoutMs: number;
  /** Memory for reusing query results (the data never changes while serving), in MB; 0 turns it off. */
  /** auto: 64 MB, or 16 MB for a large release (resultCacheBytes). */
  resultCacheMb: number | 'auto';
  /** A SPARQL endpoint URL, or a store file written by `delicacy load`: queries and lookups go there instead of the embedded engine. */
  store?: string;
  /** Which engine the store is (how to give it a time limit). */
  storeKind: StoreKind;
  /** Queries sent to the store at once. */
  storeConcurrency: number;
  /** Threads that prepare (parse, check) queries for the store. */
  prepareWorkers: number;
  /** Whether the main thread holds its own copy of the dataset for pages and lookups: on, off, or auto (on for small releases). */
  mainThreadStore: 'auto' | 'on' | 'off';
  /** V8's memory-saving mode for every heap of the process: on, off, or auto (on for a release over MAIN_THREAD_STORE_MAX_QUADS). */
  leanHeaps: 'auto' | 'on' | 'off';
  /** On SIGTERM, how long /ready answers 503 while requests are still served, before the server stops accepting (for a load balancer to notice), in ms. */
  drainDelayMs: number;
  /** Reconciliation: queries (or ids to extend) per request; characters per name; candidates one query may ask for. */
  reconcileMaxBatch: number;
  reconcileMaxNameChars: number;
  reconcileMaxLimit: number;
}

/**
 * Up to this size (MAIN_THREAD_STORE=auto) the main thread keeps its own copy for
 * pages and lookups (about 40 MB per 30,000 quads): pages then never wait for a
 * query worker. Above it the copy would cost more than it saves, and lookups go
 * to the workers, where one is always kept for short work when there are two.
 */
export const MAIN_THREAD_STORE_MAX_QUADS = 500_000;

/** A release whose load takes seconds, not a moment: beyond MAIN_THREAD_STORE_MAX_QUADS. Decides the main-thread copy, the extra worker and when reconciliation's index is built. */
export function isLargeRelease(quads: number): boolean {
  return quads > MAIN_THREAD_STORE_MAX_QUADS;
}

/**
 * The result cache's default for a large release: at 100 articles the engine
 * alone peaks within a few tens of MB of 2 GB (docs/scaling.md), so the 64 MB
 * that suits one article would take a 2 GB machine past it.
 */
export const LARGE_RELEASE_RESULT_CACHE_MB = 16;

/** The result cache's size in bytes for a release of this many quads (0: no cache). */
export function resultCacheBytes(config: Pick<ServerConfig, 'resultCacheMb'>, quads: number): number {
  const mb = config.resultCacheMb === 'auto' ? (isLargeRelease(quads) ? LARGE_RELEASE_RESULT_CACHE_MB : 64) : config.resultCacheMb;
  return mb * 1024 * 1024;
}

export interface ConfigOption {
  key: keyof ServerConfig;
  env: string;
  flag: string;
  kind: 'number' | 'string' | 'list' | 'boolean';
  help: string;
  /** A limit on what one request or client may take (listed in the README with its default). */
  limit?: true;
}

export const CONFIG_OPTIONS: ConfigOption[] = [
  { key: 'port', env: 'PORT', flag: 'port', kind: 'number', help: 'TCP port (default 3000; 0 picks a free one)' },
  { key: 'host', env: 'HOST', flag: 'host', kind: 'string', help: 'interface to listen on (default 127.0.0.1; 0.0.0.0 for all)' },
  { key: 'dist', env: 'DELICACY_DIST', flag: 'dist', kind: 'string', help: 'folder of the built dataset (default dist/)' },
  { key: 'releases', env: 'DELICACY_RELEASES', flag: 'releases', kind: 'string', help: 'folder of the released versions (default releases/)' },
  { key: 'publicUrl', env: 'PUBLIC_URL', flag: 'public-url', kind: 'string', help: "the server's public URL (default: the dataset's base IRI)" },
  { key: 'queryTimeoutMs', env: 'QUERY_TIMEOUT_MS', flag: 'query-timeout-ms', kind: 'number', help: 'query time limit in ms (default 30000)', limit: true },
  { key: 'maxResults', env: 'MAX_RESULTS', flag: 'max-results', kind: 'number', help: 'result rows or triples returned at most (default 10000)', limit: true },
  { key: 'maxQueryBytes', env: 'MAX_QUERY_BYTES', flag: 'max-query-bytes', kind: 'number', help: 'largest query accepted in bytes (default 100000)', limit: true },
  { key: 'workers', env: 'QUERY_WORKERS', flag: 'workers', kind: 'number', help: 'query worker threads (default: CPU count, at least 2)' },
  { key: 'maxWorkers', env: 'MAX_WORKERS', flag: 'max-workers', kind: 'number', help: `workers at most, extra ones for when long queries hold the rest (default 0: workers + 1, and no extra one for a release over ${MAIN_THREAD_STORE_MAX_QUADS} quads, whose load takes longer than the wait it would save)` },
  { key: 'queueLimit', env: 'QUERY_QUEUE', flag: 'queue', kind: 'number', help: 'queries that may wait for a worker, all clients together (default 64)', limit: true },
  { key: 'queueTimeoutMs', env: 'QUEUE_TIMEOUT_MS', flag: 'queue-timeout-ms', kind: 'number', help: 'longest wait for a worker in ms, then 503 (default 10000)', limit: true },
  { key: 'longQueryMs', env: 'LONG_QUERY_MS', flag: 'long-query-ms', kind: 'number', help: 'a query running longer is long: low priority, never the last free worker (default 100)', limit: true },
  { key: 'clientConcurrentQueries', env: 'CLIENT_CONCURRENT_QUERIES', flag: 'client-concurrent-queries', kind: 'number', help: 'queries one client may run at once (default 5)', limit: true },
  { key: 'clientQueuedQueries', env: 'CLIENT_QUEUED_QUERIES', flag: 'client-queued-queries', kind: 'number', help: 'queries one client may have waiting, then 429 (default 16)', limit: true },
  { key: 'clientQueryMsPerMinute', env: 'CLIENT_QUERY_MS_PER_MINUTE', flag: 'client-query-ms-per-minute', kind: 'number', help: 'query time per client per minute in ms, then 429 (default 60000; 0 off)', limit: true },
  { key: 'workerMemoryMb', env: 'WORKER_MEMORY_MB', flag: 'worker-memory-mb', kind: 'number', help: 'memory ceiling per worker for one query in MB (default 512)', limit: true },
  { key: 'workerRecycleMb', env: 'WORKER_RECYCLE_MB', flag: 'worker-recycle-mb', kind: 'number', help: 'replace a worker that has grown by more than this, in MB (default 0: 128, or half the worker\'s size after loading when that is more)', limit: true },
  { key: 'maxQueryDepth', env: 'MAX_QUERY_DEPTH', flag: 'max-query-depth', kind: 'number', help: 'deepest nesting of groups, sub-queries and expressions (default 100)', limit: true },
  { key: 'maxResultBytes', env: 'MAX_RESULT_BYTES', flag: 'max-result-bytes', kind: 'number', help: 'largest query response in bytes; longer results are cut (default 33554432)', limit: true },
  { key: 'corsOrigins', env: 'CORS_ORIGINS', flag: 'cors-origins', kind: 'list', help: "comma-separated allowed origins (default '*')" },
  { key: 'serviceAllowlist', env: 'SERVICE_ALLOWLIST', flag: 'service-allowlist', kind: 'list', help: 'comma-separated hosts SERVICE may name (default none)' },
  { key: 'cacheMaxAge', env: 'CACHE_MAX_AGE', flag: 'cache-max-age', kind: 'number', help: 'Cache-Control max-age in seconds (default 300)' },
  { key: 'rateLimitPerMinute', env: 'RATE_LIMIT_PER_MINUTE', flag: 'rate-limit', kind: 'number', help: 'requests per minute per client (default 0: off)', limit: true },
  { key: 'trustProxy', env: 'TRUST_PROXY', flag: 'trust-proxy', kind: 'boolean', help: 'trust X-Forwarded-For (default false)' },
  { key: 'requestLog', env: 'REQUEST_LOG', flag: 'request-log', kind: 'boolean', help: 'log each request as a JSON line (default true)' },
  { key: 'resultCacheMb', env: 'RESULT_CACHE_MB', flag: 'result-cache-mb', kind: 'string', help: `memory for reusing query results in MB; 0 off; or auto: 64, and ${LARGE_RELEASE_RESULT_CACHE_MB} above ${MAIN_THREAD_STORE_MAX_QUADS} quads (default auto)` },
  { key: 'store', env: 'STORE', flag: 'store', kind: 'string', help: 'a SPARQL endpoint URL, or a store file from `delicacy load`, to run queries in (default: the embedded engine)' },
  { key: 'storeKind', env: 'STORE_KIND', flag: 'store-kind', kind: 'string', help: `the store's engine, for its time limit: ${STORE_KINDS.join(', ')} (default generic; a store file says its own)` },
  { key: 'storeConcurrency', env: 'STORE_CONCURRENCY', flag: 'store-concurrency', kind: 'number', help: 'queries sent to the store at once (default 8)' },
  { key: 'prepareWorkers', env: 'PREPARE_WORKERS', flag: 'prepare-workers', kind: 'number', help: 'threads that parse and check queries for the store (default 1)' },
  { key: 'leanHeaps', env: 'LEAN_HEAPS', flag: 'lean-heaps', kind: 'string', help: `V8's memory-saving mode (--optimize-for-size) for the JavaScript heaps of every thread: on, off, or auto: on above ${MAIN_THREAD_STORE_MAX_QUADS} quads (default auto)` },
  { key: 'mainThreadStore', env: 'MAIN_THREAD_STORE', flag: 'main-thread-store', kind: 'string', help: `a copy of the dataset in the main thread for pages and lookups: on, off (they go to the query workers), or auto: on up to ${MAIN_THREAD_STORE_MAX_QUADS} quads (default auto)` },
  { key: 'drainDelayMs', env: 'DRAIN_DELAY_MS', flag: 'drain-delay-ms', kind: 'number', help: 'on SIGTERM, ms that /ready says 503 while requests are still served, before closing (default 0; behind a load balancer, more than its health-check interval)' },
  { key: 'requestTimeoutMs', env: 'REQUEST_TIMEOUT_MS', flag: 'request-timeout-ms', kind: 'number', help: 'time to receive a whole request in ms (default 20000)', limit: true },
  { key: 'reconcileMaxBatch', env: 'RECONCILE_MAX_BATCH', flag: 'reconcile-max-batch', kind: 'number', help: 'reconciliation queries (or ids to extend) per request (default 100)', limit: true },
  { key: 'reconcileMaxNameChars', env: 'RECONCILE_MAX_NAME_CHARS', flag: 'reconcile-max-name-chars', kind: 'number', help: 'characters in one name to reconcile (default 500)', limit: true },
  { key: 'reconcileMaxLimit', env: 'RECONCILE_MAX_LIMIT', flag: 'reconcile-max-limit', kind: 'number', help: 'candidates one reconciliation query may ask for (default 100)', limit: true },
];

export function defaultConfig(): ServerConfig {
  return {
    port: 3000,
    host: '127.0.0.1',
    dist: projectPath('dist'),
    releases: projectPath('releases'),
    queryTimeoutMs: 30_000,
    maxResults: 10_000,
    maxQueryBytes: 100_000,
    workers: Math.max(2, cpus().length),
    maxWorkers: 0,
    queueLimit: 64,
    queueTimeoutMs: 10_000,
    longQueryMs: 100,
    clientConcurrentQueries: 5,
    clientQueuedQueries: 16,
    clientQueryMsPerMinute: 60_000,
    workerMemoryMb: 512,
    workerRecycleMb: 0,
    maxQueryDepth: 100,
    maxResultBytes: 32 * 1024 * 1024,
    corsOrigins: ['*'],
    serviceAllowlist: [],
    cacheMaxAge: 300,
    rateLimitPerMinute: 0,
    trustProxy: false,
    requestLog: true,
    requestTimeoutMs: 20_000,
    resultCacheMb: 'auto',
    storeKind: 'generic',
    storeConcurrency: 8,
    prepareWorkers: 1,
    mainThreadStore: 'auto',
    leanHeaps: 'auto',
    drainDelayMs: 0,
    reconcileMaxBatch: 100,
    reconcileMaxNameChars: 500,
    reconcileMaxLimit: 100,
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseValue(option: ConfigOption, raw: string | boolean): unknown {
  if (option.kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const text = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off'].includes(text)) return false;
    throw new ConfigError(`${option.env} must be true or false, not '${raw}'`);
  }
  const text = String(raw);
  if (option.kind === 'number') {
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${option.flag} must be a non-negative number, not '${text}'`);
    return value;
  }
  if (option.kind === 'list') return text.split(',').map((s) => s.trim()).filter(Boolean);
  return text;
}

/** Defaults < environment < flags. */
export function resolveConfig(env: NodeJS.ProcessEnv, flags: Record<string, string | boolean | undefined> = {}, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const config = defaultConfig() as unknown as Record<string, unknown>;
  for (const option of CONFIG_OPTIONS) {
    const fromEnv = env[option.env];
    if (fromEnv !== undefined && fromEnv !== '') config[option.key] = parseValue(option, fromEnv);
    const fromFlag = flags[option.flag];
    if (fromFlag !== undefined) config[option.key] = parseValue(option, fromFlag);
    if (option.kind === 'boolean' && flags[`no-${option.flag}`] === true) config[option.key] = false;
  }
  const result = { ...(config as unknown as ServerConfig), ...overrides };
  if (result.workers < 1) throw new ConfigError('workers must be at least 1');
  if (result.maxWorkers !== 0 && result.maxWorkers < result.workers) throw new ConfigError(`max-workers (${result.maxWorkers}) must be at least workers (${result.workers})`);
  if (result.clientConcurrentQueries < 1) throw new ConfigError('client-concurrent-queries must be at least 1');
  if (!STORE_KINDS.includes(result.storeKind)) throw new ConfigError(`store-kind must be one of ${STORE_KINDS.join(', ')}, not '${result.storeKind}'`);
  if (!['auto', 'on', 'off'].includes(result.mainThreadStore)) throw new ConfigError(`main-thread-store must be auto, on or off, not '${result.mainThreadStore}'`);
  if (!['auto', 'on', 'off'].includes(result.leanHeaps)) throw new ConfigError(`lean-heaps must be auto, on or off, not '${result.leanHeaps}'`);
  if (result.resultCacheMb !== 'auto') {
    const mb = Number(result.resultCacheMb);
    if (!Number.isFinite(mb) || mb < 0) throw new ConfigError(`result-cache-mb must be auto or a non-negative number, not '${result.resultCacheMb}'`);
    result.resultCacheMb = mb;
  }
  if (result.storeConcurrency < 1) throw new ConfigError('store-concurrency must be at least 1');
  if (result.prepareWorkers < 1) throw new ConfigError('prepare-workers must be at least 1');
  for (const key of ['reconcileMaxBatch', 'reconcileMaxNameChars', 'reconcileMaxLimit'] as const) {
    if (!Number.isInteger(result[key]) || result[key] < 1) throw new ConfigError(`${CONFIG_OPTIONS.find((o) => o.key === key)!.flag} must be a whole number of at least 1`);
  }
  return result;
}

export function describeConfig(config: ServerConfig): string {
  return CONFIG_OPTIONS.map((option) => {
    const value = config[option.key];
    return `  ${option.flag.padEnd(18)} ${Array.isArray(value) ? value.join(',') || '(none)' : value ?? '(default)'}`;
  }).join('\n');
}
