// A query worker thread: loads the built dataset once, then answers queries one
// at a time. The pool kills it when a query runs too long and starts a new one.

import { parentPort, workerData } from 'node:worker_threads';
import { loadDataset } from './loadDataset.js';
import { executeQuery, QueryEvaluationError, type QueryRequest } from './execute.js';

export interface WorkerMessage { id: number; request: QueryRequest }
export type WorkerReply =
  | { id: number; ok: true; result: ReturnType<typeof executeQuery> }
  | { id: number; ok: false; error: { message: string; syntax: boolean } };

const { dist } = workerData as { dist: string };
const { store } = loadDataset(dist);
parentPort!.postMessage({ ready: true });

// Fault injection for the tests of crash recovery; off unless the variable is set.
const faultInjection = process.env.DELICACY_FAULT_INJECTION === '1';

parentPort!.on('message', (message: WorkerMessage) => {
  if (faultInjection && message.request.query.includes('#delicacy:crash-worker')) process.exit(70);
  try {
    const result = executeQuery(store, message.request);
    parentPort!.postMessage({ id: message.id, ok: true, result } satisfies WorkerReply);
  } catch (error) {
    const syntax = error instanceof QueryEvaluationError && error.syntax;
    parentPort!.postMessage({ id: message.id, ok: false, error: { message: String((error as Error).message ?? error), syntax } } satisfies WorkerReply);
  }
});
