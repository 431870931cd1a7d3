// A query worker thread: loads the release once, then prepares (parses, checks)
// and runs one query at a time. It reports its thread id (so the pool can lower
// the priority of a long query) and its memory after every query (so the pool can
// recycle a worker that has grown). After a trap in WebAssembly the engine's
// memory may be corrupt: the worker answers, then exits to be replaced.

import { parentPort, workerData } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { loadDataset } from '../../store/loadDataset.js';
import { executeQuery } from '../../store/execute.js';
import { prepareQuery, type PrepareOptions } from '../../query/prepare.js';
import { leanParseCache } from '../../query/parse.js';
import { readStatistics } from '../../query/normalise/statistics.js';
import { QueryRefusedError } from '../../query/errors.js';
import { QueryFailedError } from '../errors.js';
import { type EngineQuery, type EngineResult } from '../engine.js';
import { EntityDescriber } from '../../http/linked-data/describe.js';
import oxigraph from 'oxigraph';
import { Writer } from 'n3';

export interface WorkerData {
  dist: string;
  prepare: Omit<PrepareOptions, 'defaultGraphs' | 'namedGraphs'>;
  /** The process favours memory over speed (src/memory.ts): keep fewer recent parses. */
  lean?: boolean;
}
export interface WorkerMessage { id: number; query: EngineQuery }
/**
 * A lookup for pages and views: a SELECT over the union of the graphs, answered
 * as SPARQL JSON, or the description of an IRI (as the main thread's
 * EntityDescriber gives it), answered as N-Triples, '' when the IRI is unknown.
 */
export type LookupMessage = { lookup: number; text: string } | { lookup: number; describe: string };
export type LookupReply = { lookup: number; ok: true; json: string } | { lookup: number; ok: false; message: string };
export type WorkerFailure =
  | { kind: 'refused'; status: number; message: string; rule: string; headers: Record<string, string> }
  | { kind: 'failed'; message: string }
  | { kind: 'fault'; message: string };
export type WorkerReply =
  | { ready: true; tid?: number; memoryBytes: number }
  | { id: number; ok: true; result: EngineResult; memoryBytes: number }
  | { id: number; ok: false; error: WorkerFailure; memoryBytes: number };

const { dist, prepare, lean } = workerData as WorkerData;
if (lean) leanParseCache();
const { store } = loadDataset(dist);
// The normaliser orders patterns with the build's statistics and may write LATERAL (Oxigraph reads it);
// QUERY_NORMALISER=off runs every query as written (docs/query-normaliser.md).
const normaliser = process.env.QUERY_NORMALISER === 'off' ? { off: true } : { statistics: readStatistics(dist), lateral: true, graphScope: true };
warmUpParser();

/**
 * This thread's memory: its V8 heap and its WebAssembly memory (counted as
 * external). From V8's statistics, the same figures as process.memoryUsage()
 * without its read of the process's RSS, which this does not need (once per query).
 */
function memoryBytes(): number {
  const heap = getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
}

function threadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined; // not Linux: priorities are left alone
  }
}

/**
 * The parser's code is cold in a new thread: its first parses take several times
 * longer than later ones (half a second for a long VALUES list). Parsing a few
 * typical texts before taking queries keeps that out of the first clients' time.
 */
function warmUpParser(): void {
  const values = Array.from({ length: 500 }, (_, i) => `"v${i}" <urn:x:${i}> ${i}`).join(' ');
  const texts = [
    `SELECT ?s (COUNT(*) AS ?n) WHERE { VALUES (?v ?i ?k) { ${values} } ?s ?p ?o OPTIONAL { ?s <urn:x:l> ?l FILTER(LANG(?l) = "en" && CONTAINS(LCASE(STR(?l)), "x")) } } GROUP BY ?s ORDER BY DESC(?n) LIMIT 10`,
    'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } MINUS { ?s a <urn:x:C> } } LIMIT 1',
    'ASK { ?s (<urn:x:a>|^<urn:x:b>)* ?o FILTER NOT EXISTS { ?o ?p "x"@en } }',
  ];
  for (let round = 0; round < 8; round++) {
    for (const text of texts) {
      try { prepareQuery(`${text} # ${round}`, { ...prepare, normaliser }); } catch { /* a warm-up, nothing to report */ }
    }
  }
}

parentPort!.postMessage({ ready: true, tid: threadId(), memoryBytes: memoryBytes() } satisfies WorkerReply);

// Fault injection for the tests of crash recovery; off unless the variable is set.
const faultInjection = process.env.DELICACY_FAULT_INJECTION === '1';

const describer = new EntityDescriber(store, oxigraph);

function answerLookup(message: LookupMessage): void {
  const { lookup } = message;
  let reply: LookupReply;
  try {
    if ('describe' in message) {
      const quads = describer.describe(message.describe);
      reply = { lookup, ok: true, json: quads ? new Writer({ format: 'N-Triples' }).quadsToString(quads) : '' };
    } else {
      reply = { lookup, ok: true, json: store.query(message.text, { use_default_graph_as_union: true, results_format: 'json' }) as string };
    }
  } catch (error) {
    reply = { lookup, ok: false, message: String((error as Error)?.message ?? error) };
  }
  parentPort!.postMessage(reply);
}

parentPort!.on('message', (message: WorkerMessage | LookupMessage) => {
  if ('lookup' in message) return answerLookup(message);
  const { id, query } = message;
  if (faultInjection && query.query.includes('#delicacy:crash-worker')) process.exit(70);
  let reply: WorkerReply;
  let fatal = false;
  try {
    if (faultInjection && query.query.includes('#delicacy:engine-trap')) throw Object.assign(new Error('memory access out of bounds (injected)'), { name: 'RuntimeError' });
    const prepared = prepareQuery(query.query, { ...prepare, normaliser, defaultGraphs: query.defaultGraphs, namedGraphs: query.namedGraphs });
    const result = executeQuery(store, prepared, query);
    reply = { id, ok: true, result, memoryBytes: memoryBytes() };
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    let failure: WorkerFailure;
    if (error instanceof QueryRefusedError) failure = { kind: 'refused', status: error.status, message, rule: error.rule, headers: error.headers };
    else if (error instanceof QueryFailedError) failure = { kind: 'failed', message };
    else { failure = { kind: 'fault', message }; fatal = true; }
    reply = { id, ok: false, error: failure, memoryBytes: fatal ? 0 : memoryBytes() };
  }
  parentPort!.postMessage(reply);
  if (fatal) process.exit(75);
});
