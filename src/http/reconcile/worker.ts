// The reconciliation worker thread: reads the release's records file line by
// line, indexing each record as it comes, then answers one job at a time; its
// answers carry what the HTTP layer shows of each entity (the main thread holds
// no records). Matching is CPU work; here it can never hold up the HTTP server's
// event loop (and so /health, pages and SPARQL).

import { parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { collectGarbage } from '../../memory.js';
import { ReconciliationIndex } from './index.js';
import { readRecordsFile, RecordsOnFile } from '../../reconcile/recordsFile.js';
import { type ReconRecord } from '../../reconcile/records.js';
import { type ReconJob, type ReconJobResult, type ReconSummary, type WorkerReply, type WorkerStarted } from './service.js';

const summary = (record: ReconRecord): ReconSummary =>
  ({ id: record.id, name: record.name, type: { id: record.type.id, name: record.type.name }, description: record.description });

function answer(index: ReconciliationIndex, job: ReconJob): ReconJobResult {
  switch (job.op) {
    case 'suggest':
      return { op: 'suggest', entities: index.suggest(job.prefix, job.limit, job.type).map((at) => summary(index.record(at))) };
    case 'records':
      return { op: 'records', records: job.ids.map((id) => index.get(id) ?? null) };
    case 'search':
      return {
        op: 'search',
        results: job.queries.map((query) => index.find(query.name, { type: query.type, properties: query.properties, limit: query.limit })
          .map(({ at, score, exact, match }) => ({ ...summary(index.record(at)), score, exact, match }))),
      };
  }
}

const started = performance.now();
const { file, fd } = workerData as { file: string; fd: number };
// The records stay in their file, read through the service's descriptor; the index keeps where each is (at 100 articles 41 MB less heap).
const index = new ReconciliationIndex([], new RecordsOnFile(file, fd));
const post = (message: WorkerStarted) => parentPort!.postMessage(message);
try {
  // Built at normal priority: for a large release the server starts this worker
  // once the engine is up, and reconciliation is unavailable until it is done.
  await readRecordsFile(file, (record, place) => index.add(record, place), fd);
  // Reading the records left their lines' garbage (for 54,000 records about 200 MB beside a 105 MB index): give it back now.
  collectGarbage();
  // Matching yields the CPU to the thread that answers requests: on Linux the nice
  // value of pid 0 is this thread's alone. (Where that is not allowed, it runs at
  // normal priority.)
  try { setPriority(0, 5); } catch { /* not permitted here */ }
  post({ ready: true, records: index.size, buildMs: performance.now() - started, heapBytes: getHeapStatistics().used_heap_size });
} catch (error) {
  post({ failed: String((error as Error)?.message ?? error) });
}
parentPort!.on('message', (message: { id: number; job: ReconJob }) => {
  let reply: WorkerReply;
  try {
    reply = { id: message.id, ok: true, result: answer(index, message.job) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: String((error as Error)?.stack ?? error) };
  } finally {
    index.release();
  }
  parentPort!.postMessage(reply);
});
