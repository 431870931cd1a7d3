// Which records file the reconciliation worker reads for a release: the one the
// build wrote beside the dumps (listed in the manifest, reconcile-records.ndjson),
// or — for a release built before that file existed, or with records of an older
// shape — one written now from the store by the same readRecords, into the
// server's private copy of the release (removed with it). The fallback costs what
// the start used to (a SPARQL read of every entity: about 20 s at 100 articles,
// past the store's time limit at 1000 on Virtuoso) and says so in the log: a
// rebuild (or `delicacy corpus` again) gives the file.

import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Manifest } from '../../store/loadDataset.js';
import { type ReconRecord } from '../../reconcile/records.js';
import { readRecordsHeader, RECORDS_FILE, RECORDS_VERSION, RecordsFileError, writeRecordsFile } from '../../reconcile/recordsFile.js';
import { log } from '../../log.js';

export interface RecordsSource {
  path: string;
  /** file: the release's own; store: read from the store at start (an older release). */
  from: 'file' | 'store';
  dispose(): void;
}

/** Why the release's records file cannot be used, or undefined when it can. */
export function unusableRecordsFile(dist: string, manifest: Manifest): string | undefined {
  const entry = manifest.reconcileRecords;
  if (!entry) return `the release's manifest lists no ${RECORDS_FILE} (built before it existed)`;
  const path = join(dist, entry.name);
  if (!existsSync(path)) return `${path} is missing`;
  const bytes = statSync(path).size;
  if (bytes !== entry.bytes) return `${path} has ${bytes} bytes where the manifest says ${entry.bytes}`;
  try {
    const header = readRecordsHeader(path);
    if (header.version !== RECORDS_VERSION) return `${path} holds records of version ${header.version}; this server reads version ${RECORDS_VERSION}`;
    if (header.records !== entry.records) return `${path} announces ${header.records} records where the manifest says ${entry.records}`;
  } catch (error) {
    if (error instanceof RecordsFileError) return error.message;
    throw error;
  }
  return undefined;
}

/** The records file of the release in `dist` (the server's pinned copy), written from the store when the release has none it can use. */
export async function releaseRecords(dist: string, manifest: Manifest, fromStore: () => Promise<ReconRecord[]>): Promise<RecordsSource> {
  const problem = unusableRecordsFile(dist, manifest);
  if (!problem) return { path: join(dist, manifest.reconcileRecords!.name), from: 'file', dispose: () => undefined };
  const started = Date.now();
  log.warn({ event: 'reconciliation-records-from-store', why: problem }, 'reading the reconciliation records from the store (slow for a large release; rebuild to get the file)');
  const records = await fromStore();
  const path = join(dist, `from-store-${process.pid}-${RECORDS_FILE}`);
  await writeRecordsFile(path, records.length, records);
  log.info({ event: 'reconciliation-records-read', records: records.length, ms: Date.now() - started });
  return { path, from: 'store', dispose: () => rmSync(path, { force: true }) };
}
