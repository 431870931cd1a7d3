// The reconciliation worker thread: builds the matching index from the records it
// is given, then answers one job at a time. Matching is CPU work; here it can never
// hold up the HTTP server's event loop (and so /health, pages and SPARQL).

import { parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { ReconciliationIndex } from './index.js';
import { type ReconRecord } from '../../reconcile/records.js';
import { type ReconJob, type ReconJobResult, type WorkerReply } from './service.js';

function answer(index: ReconciliationIndex, job: ReconJob): ReconJobResult {
  if (job.op === 'suggest') return { op: 'suggest', ids: index.suggest(job.prefix, job.limit, job.type) };
  return {
    op: 'search',
    results: job.queries.map((query) => index.find(query.name, { type: query.type, properties: query.properties, limit: query.limit })
      .map(({ at, score, exact, match }) => ({ at, score, exact, match }))),
  };
}

// Matching yields the CPU to the thread that answers requests: on Linux the nice value
// of pid 0 is this thread's alone. (Where that is not allowed, it runs at normal priority.)
try { setPriority(0, 5); } catch { /* not permitted here */ }

const started = performance.now();
const index = new ReconciliationIndex((workerData as { records: ReconRecord[] }).records);
parentPort!.postMessage({ ready: true, buildMs: performance.now() - started });
parentPort!.on('message', (message: { id: number; job: ReconJob }) => {
  let reply: WorkerReply;
  try {
    reply = { id: message.id, ok: true, result: answer(index, message.job) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: String((error as Error)?.stack ?? error) };
  }
  parentPort!.postMessage(reply);
});
