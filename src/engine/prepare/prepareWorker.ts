// A prepare-only worker thread: parses and checks queries (src/query/prepare.ts)
// for an engine that runs them elsewhere (a remote store), so that a
// pathological query text costs a worker's time and never the main thread's.

import { parentPort, workerData } from 'node:worker_threads';
import { prepareQuery, type PrepareOptions, type PreparedQuery } from '../../query/prepare.js';
import { QueryRefusedError } from '../../query/errors.js';

export type PreparedText = Omit<PreparedQuery, 'parsed'>;
export interface PrepareData { prepare: Omit<PrepareOptions, 'defaultGraphs' | 'namedGraphs'> }
export interface PrepareMessage { id: number; query: string; defaultGraphs: string[]; namedGraphs: string[] }
export type PrepareReply =
  | { ready: true }
  | { id: number; ok: true; prepared: PreparedText }
  | { id: number; ok: false; refused?: { status: number; message: string; rule: string; headers: Record<string, string> }; fault?: string };

const { prepare } = workerData as PrepareData;

parentPort!.on('message', ({ id, query, defaultGraphs, namedGraphs }: PrepareMessage) => {
  let reply: PrepareReply;
  try {
    const { text, offset, form, dataset, rangesOverGraphs } = prepareQuery(query, { ...prepare, defaultGraphs, namedGraphs });
    reply = { id, ok: true, prepared: { text, offset, form, dataset, rangesOverGraphs } };
  } catch (error) {
    reply = error instanceof QueryRefusedError
      ? { id, ok: false, refused: { status: error.status, message: error.message, rule: error.rule, headers: error.headers } }
      : { id, ok: false, fault: String((error as Error)?.message ?? error) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies PrepareReply);
