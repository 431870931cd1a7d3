// Talks the SPARQL 1.1 Protocol to a store: a query by POST (form-encoded, so
// that long queries fit), the dataset as default-graph-uri / named-graph-uri,
// the store's own time limit where it has one, and every failure turned into
// one of the engine's error types. Bodies are read as they arrive (see
// results.ts), so that a caller can stop reading — which aborts the request —
// once it has what it needs.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type QueryDataset } from '../../query/prepare.js';
import { EngineUnavailableError, QueryFailedError, QueryTimeoutError } from '../errors.js';
import { type StoreKind, type StoreRelease } from './storeTarget.js';

export interface StoreRequest {
  release: StoreRelease;
  text: string;
  dataset: QueryDataset;
  /** The query has a GRAPH ?g pattern (see prepareQuery); lookups never do. */
  rangesOverGraphs?: boolean;
  accept: string;
  /** Our limit; the store is asked to stop at the same time where it can be. */
  timeoutMs: number;
  signal: AbortSignal;
}

/** How each engine is told a time limit (its own parameter and unit); generic stores get only ours. */
function timeoutParam(kind: StoreKind, ms: number): [string, string] | undefined {
  switch (kind) {
    case 'virtuoso': return ['timeout', String(ms)];
    case 'fuseki': return ['timeout', String(ms / 1000)];
    case 'graphdb': return ['timeout', String(Math.max(1, Math.ceil(ms / 1000)))];
    case 'qlever': return ['timeout', `${Math.max(1, Math.ceil(ms / 1000))}s`];
    default: return undefined;
  }
}

export function requestBody(request: Omit<StoreRequest, 'signal' | 'accept'>): URLSearchParams {
  const body = new URLSearchParams({ query: request.text });
  const { dataset, release } = request;
  // The union of the release's graphs: named explicitly, as a store's own default
  // graph may hold more (Virtuoso's holds its system graphs) — unless the store
  // reads exactly the release's graphs and no other (StoreRelease.dataset), which
  // spares it a dataset of hundreds of graphs to plan every pattern with. A query
  // ranging over the named graphs (GRAPH ?g) still names them: Virtuoso lists its
  // system graphs for `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }` from a
  // table of known graphs that its graph-level security does not filter.
  const union = release.dataset === 'store' && !request.rangesOverGraphs ? [] : release.graphs;
  const defaults = dataset === 'union' ? union : dataset.defaultGraphs;
  const named = dataset === 'union' ? union : dataset.namedGraphs;
  for (const graph of defaults) body.append('default-graph-uri', graph);
  for (const graph of named) body.append('named-graph-uri', graph);
  const timeout = timeoutParam(release.kind, request.timeoutMs);
  if (timeout) body.set(...timeout);
  return body;
}

/** The store's message, without the echo of the whole query some stores add. */
function storeMessage(text: string): string {
  return text.split(/\n\s*SPARQL query:/i)[0].trim().slice(0, 2000) || 'no message';
}

const TIMEOUT_MESSAGE = /S1T00|timed? ?out|timeout|time limit/i;

/**
 * A response being read: node:http rather than fetch, because some stores send
 * a header per graph of the dataset (Virtuoso: X-SPARQL-default-graph and
 * X-SPARQL-named-graph), more than fetch accepts for a corpus of a hundred
 * articles.
 */
export interface StoreResponse {
  status: number;
  header(name: string): string | undefined;
  body: AsyncIterable<string>;
  text(): Promise<string>;
}

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 256 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }) };
const MAX_HEADER_BYTES = 1024 * 1024;

function post(endpoint: string, body: string, accept: string, signal: AbortSignal): Promise<IncomingMessage> {
  const url = new URL(endpoint);
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(url, {
      method: 'POST', agent: secure ? agents.https : agents.http, maxHeaderSize: MAX_HEADER_BYTES, signal,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: accept, 'Content-Length': Buffer.byteLength(body) },
    }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

function wrap(message: IncomingMessage): StoreResponse {
  message.setEncoding('utf8');
  return {
    status: message.statusCode ?? 0,
    header: (name) => { const value = message.headers[name.toLowerCase()]; return Array.isArray(value) ? value[0] : value; },
    body: message,
    text: async () => { let text = ''; for await (const chunk of message) text += chunk; return text; },
  };
}

/** Sends a query; resolves with the response once its status says the query runs. */
export async function sendQuery(request: StoreRequest): Promise<StoreResponse> {
  let response: StoreResponse;
  try {
    response = wrap(await post(request.release.endpoint, requestBody(request).toString(), request.accept, request.signal));
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    throw new EngineUnavailableError(`the store at ${request.release.endpoint} cannot be reached (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  // Virtuoso answers a query stopped by its own limit with 200 and partial rows; never pass those on as complete.
  const state = response.header('x-sql-state');
  const ok = response.status >= 200 && response.status < 300;
  if (ok && state !== 'S1TAT') return response;
  const text = storeMessage(await response.text().catch(() => ''));
  if (state === 'S1TAT' || TIMEOUT_MESSAGE.test(text)) {
    throw new QueryTimeoutError(`the query ran longer than the limit of ${request.timeoutMs / 1000} s and was stopped by the store`);
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw new EngineUnavailableError(`the store answered ${response.status} (${text})`);
  }
  throw new QueryFailedError(text);
}

/** Reads a response body as text, chunk by chunk, until `more` says enough (then the request is aborted). */
export async function readBody(response: StoreResponse, more: (chunk: string) => boolean, abort: () => void): Promise<boolean> {
  for await (const chunk of response.body) {
    if (!more(chunk)) {
      abort();
      return false;
    }
  }
  return true;
}
