// The reconciliation records of a release as a file beside its dumps
// (reconcile-records.ndjson): written at build time from the built store by
// readRecords (the one definition of a record), and by the corpus generator for
// its copies; read line by line by the reconciliation worker, so that the
// server's main thread never holds the records and no SPARQL read over the whole
// release stands between a start and reconciliation.
//
// Line 1 says what the file is: {"format":"delicacy/reconcile-records","version":1,"records":N};
// then one record per line, as ReconRecord with its type given by id.
// RECORDS_VERSION changes whenever a record's shape (readRecords) does: a server
// then reads an older file's records from the store instead (recordsSource.ts).

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { RECON_TYPES, type ReconRecord } from './records.js';
import { writeLines } from '../store/lineFile.js';

export const RECORDS_FILE = 'reconcile-records.ndjson';
export const RECORDS_FORMAT = 'delicacy/reconcile-records';
export const RECORDS_VERSION = 1;

export interface RecordsHeader { format: string; version: number; records: number }

/** What the manifest says of the file (Manifest.reconcileRecords). */
export interface RecordsFileEntry { name: string; records: number; bytes: number }

export class RecordsFileError extends Error {
  override name = 'RecordsFileError';
}

/** A record as one line of the file. */
export function recordLine(record: ReconRecord): string {
  return JSON.stringify({ ...record, type: record.type.id });
}

const typesById = new Map(RECON_TYPES.map((type) => [type.id, type]));

/** A line of the file back as a record (its type the shared RECON_TYPES object). */
export function parseRecordLine(line: string): ReconRecord {
  const data = JSON.parse(line) as Omit<ReconRecord, 'type'> & { type: string };
  const type = typesById.get(data.type);
  if (!type || typeof data.id !== 'string' || !Array.isArray(data.names)) throw new Error(`not a record of a known type: ${line.slice(0, 120)}`);
  return { ...data, type };
}

/** Writes `count` records (an iterable, so a large set need not exist at once); returns the file's entry for the manifest. */
export async function writeRecordsFile(path: string, count: number, records: Iterable<ReconRecord>): Promise<RecordsFileEntry> {
  function* lines(): Generator<string> {
    yield JSON.stringify({ format: RECORDS_FORMAT, version: RECORDS_VERSION, records: count } satisfies RecordsHeader);
    let written = 0;
    for (const record of records) { yield recordLine(record); written++; }
    if (written !== count) throw new RecordsFileError(`${path}: ${written} records written where ${count} were announced`);
  }
  const { bytes } = await writeLines(path, lines());
  return { name: path.split(/[\\/]/).pop()!, records: count, bytes };
}

function parseHeader(path: string, line: string): RecordsHeader {
  let header: Partial<RecordsHeader>;
  try {
    header = JSON.parse(line) as Partial<RecordsHeader>;
  } catch {
    header = {};
  }
  if (header.format !== RECORDS_FORMAT || typeof header.version !== 'number' || typeof header.records !== 'number') {
    throw new RecordsFileError(`${path} is not a reconciliation records file (its first line is not a ${RECORDS_FORMAT} header)`);
  }
  return header as RecordsHeader;
}

/** The file's first line, read on its own (a few kB): what a server checks before handing the file to the worker. */
export function readRecordsHeader(path: string): RecordsHeader {
  let text: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new RecordsFileError(`${path} cannot be read: ${(error as Error).message}`);
  }
  const end = text.indexOf('\n');
  return parseHeader(path, end < 0 ? text : text.slice(0, end));
}

/** Where a record's line is in the file: its first byte and its length in bytes (without the line break). */
export interface RecordPlace { offset: number; length: number }

/**
 * The records of the file, one line at a time, in file order: `each` sees every
 * record as it is read (the worker indexes it then) with where its line is, and
 * the count comes back.
 * A wrong header, a line that is not a record or a count that differs from the
 * header's is an error naming the file and the line.
 */
export async function readRecordsFile(path: string, each: (record: ReconRecord, place: RecordPlace) => void, fd?: number): Promise<number> {
  let count = 0;
  let position = 0;
  let header: RecordsHeader | undefined;
  let lineNumber = 0;
  // Given an open descriptor, read from it (from the start, leaving it open): its file may since have lost its name.
  const input = fd === undefined ? createReadStream(path, { encoding: 'utf8' }) : createReadStream(path, { encoding: 'utf8', fd, autoClose: false, start: 0 });
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    const offset = position;
    position += Buffer.byteLength(line) + 1; // the writer ends every line with "\n" alone
    if (!header) {
      header = parseHeader(path, line);
      if (header.version !== RECORDS_VERSION) throw new RecordsFileError(`${path} has records of version ${header.version}; this server reads version ${RECORDS_VERSION}`);
      continue;
    }
    if (!line) continue;
    let record: ReconRecord;
    try {
      record = parseRecordLine(line);
    } catch (error) {
      throw new RecordsFileError(`${path}, line ${lineNumber}: ${(error as Error).message}`);
    }
    each(record, { offset, length: position - offset - 1 });
    count++;
  }
  if (!header) throw new RecordsFileError(`${path} is empty`);
  if (count !== header.records) throw new RecordsFileError(`${path} holds ${count} records but its header announces ${header.records} (cut short?)`);
  return count;
}

/**
 * Records read back from their file by position: a large release's records (at
 * 100 articles 54,000, 41 MB as objects) stay on disk and only where each line
 * starts is kept. Read through a descriptor the reconciliation service opened
 * and lends to its worker (a worker's own would outlive it when it is
 * terminated, and the release's folder may be unpinned while the service is
 * still answering), or, without one, by opening the file for a job. A line that
 * is not the record expected there means the file changed under the index: an
 * error, never another entity's record.
 */
export class RecordsOnFile {
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private readonly ids: string[] = [];
  private opened?: number;

  constructor(private readonly path: string, private readonly lent?: number) {}

  get size(): number {
    return this.ids.length;
  }

  add(record: ReconRecord, place: RecordPlace): void {
    const at = this.ids.length;
    if (at === this.offsets.length) {
      const offsets = new Float64Array(at * 2); offsets.set(this.offsets); this.offsets = offsets;
      const lengths = new Uint32Array(at * 2); lengths.set(this.lengths); this.lengths = lengths;
    }
    this.offsets[at] = place.offset;
    this.lengths[at] = place.length;
    this.ids.push(record.id);
  }

  get(at: number): ReconRecord {
    const fd = this.lent ?? (this.opened ??= openSync(this.path, 'r'));
    const buffer = Buffer.allocUnsafe(this.lengths[at]);
    const read = readSync(fd, buffer, 0, buffer.length, this.offsets[at]);
    let record: ReconRecord | undefined;
    try {
      record = parseRecordLine(buffer.subarray(0, read).toString('utf8'));
    } catch { /* told below */ }
    if (record?.id !== this.ids[at]) throw new RecordsFileError(`${this.path} changed while serving: record ${at} is no longer ${this.ids[at]}`);
    return record;
  }

  /** The job is done: a file opened for it is closed (a lent descriptor is its owner's to close). */
  release(): void {
    if (this.opened !== undefined) closeSync(this.opened);
    this.opened = undefined;
  }
}
