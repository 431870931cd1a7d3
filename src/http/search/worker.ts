// The site search worker thread: loads one release's search index — its
// search-index.ndjson, or the documents the main thread read from the data for
// a release without one — then answers one search at a time. A search at 100
// articles is tens to hundreds of milliseconds of CPU; here it never holds up the
// HTTP server's event loop (and so /health, pages and SPARQL).

import { parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { existsSync, writeFileSync } from 'node:fs';
import { collectGarbage } from '../../memory.js';
import { SearchIndex } from '../../search/searchIndex.js';
import { loadSearchIndexFile, readSearchIndexFile } from '../../search/build.js';
import { type SearchData, type SearchJob, type SearchReply, type SearchStarted } from './service.js';

const data = workerData as SearchData;
/**
 * Tests only (DELICACY_FAULT_INJECTION=1 when the worker starts): a search that
 * ends the thread, or one that holds it, busy as a long search is, until a file
 * exists (it says so by writing `<file>.held`; at most 30 s).
 */
const faultInjection = process.env.DELICACY_FAULT_INJECTION === '1';

function hold(file: string): void {
  writeFileSync(`${file}.held`, '');
  const until = Date.now() + 30_000;
  while (!existsSync(file) && Date.now() < until) { /* spinning */ }
}

const post = (message: SearchStarted | SearchReply) => parentPort!.postMessage(message);
const started = performance.now();
let index: SearchIndex | undefined;
try {
  // A large release's hits are read from the file when shown (one handle, open while the index is);
  // a small one's are held in memory; a release without a file is indexed from the documents given.
  index = 'documents' in data ? SearchIndex.build(data.documents)
    : data.positional ? await loadSearchIndexFile(data.file, data.fd)
      : readSearchIndexFile(data.file);
  // The lines' (or documents') garbage: at 100 articles about 60 MB.
  collectGarbage();
  // Searches yield the CPU to the thread that answers requests (as reconciliation does).
  try { setPriority(0, 5); } catch { /* not permitted here */ }
  post({ ready: true, documents: index.size, loadMs: performance.now() - started });
} catch (error) {
  post({ failed: String((error as Error)?.message ?? error) });
}

parentPort!.on('message', (message: { id: number; job: SearchJob }) => {
  const { q, limit } = message.job;
  if (faultInjection && q.includes('#delicacy:crash-search')) process.exit(70);
  const held = faultInjection ? /#delicacy:hold-search=(\S+)/.exec(q) : null;
  if (held) hold(held[1]);
  let reply: SearchReply;
  try {
    reply = { id: message.id, ok: true, result: index!.search(q, limit) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: String((error as Error)?.stack ?? error) };
  }
  post(reply);
});
