// The rows of every list of a release as files beside its dumps (list-<kind>.ndjson):
// written at build time from the built store by readKindList (the one reader of
// a list, the server's fallback too), and by the corpus generator for its
// copies; read by the server instead of the store — once, into the columns the
// pages filter by (listColumns.ts), a page's rows then read back by position. A list read from the store
// takes every row of the kind at once — at 1,000 articles on Virtuoso more
// than a minute for the claims or the documents — and sorting them by name or
// date takes seconds more; from the file it is a read of the kind's lines, in
// the kind's own order, each row with its place in every other order.
//
// Line 1 says what the file is: {"format":"delicacy/list-rows","version":1,"kind":"person","rows":N};
// then one ItemRow per line, with "at": its place in each order of SORTS.
// LIST_VERSION changes whenever a row's shape (readKindList) or an order does:
// a server then reads an older release's lists from the store instead.

import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { writeLines } from '../../store/lineFile.js';
import { lineChunks } from '../../store/loadDataset.js';
import { join } from 'node:path';
import { ENTITY_KINDS, type EntityKind } from '../../model/iri.js';
import { type Lookup } from '../../engine/lookup.js';
import { readKindList, SORTS, type ItemRow, type KindRows, type SortKey } from './collections.js';
import { ColumnsBuilder, type ListColumns, type RowSource } from './listColumns.js';

export const LIST_FORMAT = 'delicacy/list-rows';
export const LIST_VERSION = 1;

interface ListHeader { format: string; version: number; kind: string; rows: number }

/** What the manifest says of the lists (Manifest.lists). */
export interface ListsEntry { version: number; kinds: Partial<Record<EntityKind, { name: string; rows: number; bytes: number }>> }

export class ListFileError extends Error {
  override name = 'ListFileError';
}

/** A kind's file, beside the dumps (a flat release folder: its tools and tests read it as files). */
export function listFileName(kind: EntityKind): string {
  return `list-${kind}.ndjson`;
}

export function listPath(dist: string, kind: EntityKind): string {
  return join(dist, listFileName(kind));
}

/** Writes one kind's list; returns its rows and bytes. */
export async function writeListFile(path: string, list: KindRows): Promise<{ rows: number; bytes: number }> {
  const at = SORTS.map((sort) => {
    const rank = new Uint32Array(list.rows.length);
    list.orders[sort].forEach((row, position) => { rank[row] = position; });
    return rank;
  });
  const lines = function* () {
    yield JSON.stringify({ format: LIST_FORMAT, version: LIST_VERSION, kind: list.kind, rows: list.rows.length } satisfies ListHeader);
    for (let i = 0; i < list.rows.length; i++) yield JSON.stringify({ ...list.rows[i], at: at.map((rank) => rank[i]) });
  };
  const { bytes } = await writeLines(path, lines());
  return { rows: list.rows.length, bytes };
}

/** Writes every kind's list, as `listOf` gives it, into dist; returns the manifest's entry. */
export async function writeListFiles(dist: string, listOf: (kind: EntityKind) => Promise<KindRows>): Promise<ListsEntry> {
  const kinds: ListsEntry['kinds'] = {};
  for (const kind of ENTITY_KINDS) kinds[kind] = { name: listFileName(kind), ...await writeListFile(listPath(dist, kind), await listOf(kind)) };
  return { version: LIST_VERSION, kinds };
}

/** The lists of a release read from its store, as the build writes them. */
export function writeListFilesFromStore(dist: string, lookup: Lookup): Promise<ListsEntry> {
  return writeListFiles(dist, (kind) => readKindList(lookup, kind));
}

/**
 * A file's lines with where each lies (byte offset and length, without its line
 * break), read in chunks (lineChunks), a server answering between them.
 */
async function* fileLines(path: string): AsyncGenerator<{ text: string; offset: number; length: number }> {
  let base = 0;
  for (const chunk of lineChunks(path)) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let from = 0; from < buffer.length;) {
      let end = buffer.indexOf(10, from);
      if (end < 0) end = buffer.length;
      yield { text: buffer.toString('utf8', from, end), offset: base + from, length: end - from };
      from = end + 1;
    }
    base += buffer.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface FileRow { row: ItemRow; index: number; offset: number; length: number }

/** A row's line parsed: the row without its places, and its places; undefined when it is not a row of a list. */
function parseRow(text: string): { item: ItemRow; at: number[] } | undefined {
  let parsed: (ItemRow & { at?: unknown }) | undefined;
  try { parsed = JSON.parse(text) as ItemRow & { at?: unknown }; } catch { return undefined; }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { at, ...item } = parsed;
  if (typeof item.iri !== 'string' || !Array.isArray(at) || at.length !== SORTS.length) return undefined;
  return { item, at: at as number[] };
}

/**
 * The one reader of a list file: its rows in file order (the kind's own), each
 * with where its line lies, handed to `visit` as they are read (in chunks of the
 * file, letting a server answer between them); returns the orders rebuilt from
 * the rows' places. A wrong header, a line that is not a row, a place out of
 * range or twice taken, or a count that differs from the header's is an error
 * naming the file and the line.
 */
async function eachListRow(path: string, kind: EntityKind, start: (rows: number) => void, visit: (row: FileRow) => void): Promise<Record<SortKey, Uint32Array>> {
  let header: ListHeader | undefined;
  let orders: Record<SortKey, Uint32Array> | undefined;
  let lineNumber = 0;
  let index = 0;
  const fail = (message: string): never => { throw new ListFileError(`${path}, line ${lineNumber}: ${message}`); };
  const line = (text: string, offset: number, length: number) => {
    lineNumber++;
    if (!header) {
      let parsed: Partial<ListHeader> = {};
      try { parsed = JSON.parse(text) as Partial<ListHeader>; } catch { /* reported below */ }
      if (parsed?.format !== LIST_FORMAT || !Number.isInteger(parsed.rows) || parsed.rows! < 0) fail(`not a ${LIST_FORMAT} header`);
      if (parsed.version !== LIST_VERSION) fail(`rows of version ${parsed.version}; this server reads version ${LIST_VERSION}`);
      if (parsed.kind !== kind) fail(`the list of ${parsed.kind}, not of ${kind}`);
      header = parsed as ListHeader;
      const rows = header.rows;
      orders = Object.fromEntries(SORTS.map((sort) => [sort, new Uint32Array(rows).fill(rows)])) as Record<SortKey, Uint32Array>;
      start(rows);
      return;
    }
    if (!text) return;
    const parsed = parseRow(text) ?? fail('not a row of a list');
    if (index >= header.rows) fail(`more rows than the ${header.rows} its header announces`);
    SORTS.forEach((sort, s) => {
      const place = parsed.at[s];
      if (!Number.isInteger(place) || place < 0 || place >= header!.rows || orders![sort][place] !== header!.rows) fail(`its place ${place} in the ${sort} order is out of range or taken`);
      orders![sort][place] = index;
    });
    visit({ row: parsed.item, index, offset, length });
    index++;
  };
  for await (const { text, offset, length } of fileLines(path)) line(text, offset, length);
  if (!header) throw new ListFileError(`${path} is empty`);
  if (index !== header.rows) throw new ListFileError(`${path} holds ${index} rows but its header announces ${header.rows} (cut short?)`);
  return orders!;
}

/** One kind's rows and orders back from its file, every row in memory (the corpus generator's copies; tests). */
export async function readListRows(path: string, kind: EntityKind): Promise<KindRows> {
  const rows: ItemRow[] = [];
  const orders = await eachListRow(path, kind, () => undefined, ({ row }) => { rows.push(row); });
  return { kind, rows, orders };
}

/**
 * One kind's list as a server keeps it: its rows' columns, read in one pass
 * over the file, and each row's place in it, from which a page's rows are read
 * back by position (the file is the server's pinned copy: it does not change).
 * A row read back that is not where it was — the file cut short, rewritten —
 * is an error naming the file.
 */
export async function readListFile(path: string, kind: EntityKind): Promise<ListColumns> {
  let builder: ColumnsBuilder | undefined;
  let offsets = new Float64Array(0);
  let lengths = new Uint32Array(0);
  const orders = await eachListRow(path, kind, (rows) => {
    builder = new ColumnsBuilder(kind, rows);
    offsets = new Float64Array(rows);
    lengths = new Uint32Array(rows);
  }, ({ row, index, offset, length }) => {
    builder!.add(row);
    offsets[index] = offset;
    lengths[index] = length;
  });
  return builder!.seal(orders, new RowsInFile(path, identity(statSync(path)), offsets, lengths));
}

/** What tells a file from another, or from itself rewritten: its inode, size and time of change (to the millisecond). */
function identity(stats: Stats): string {
  return `inode ${stats.ino}, ${stats.size} bytes, modified ${new Date(Math.trunc(stats.mtimeMs)).toISOString()}`;
}

/**
 * A list's rows where they lie in its file, read by position. The file is
 * checked to be the one read (inode, size, time) each time it is opened, and
 * each row read to be whole and the one expected (its IRI's hash).
 */
class RowsInFile implements RowSource {
  constructor(
    private readonly path: string,
    private readonly read: string,
    private readonly offsets: Float64Array,
    private readonly lengths: Uint32Array,
  ) {}

  get heapBytes(): number {
    return this.offsets.byteLength + this.lengths.byteLength;
  }

  private changed(what: string): never {
    throw new ListFileError(`${this.path} changed since it was read: ${what}`);
  }

  rowsAt(indices: ArrayLike<number>, expected: (row: ItemRow, index: number) => boolean): ItemRow[] {
    if (indices.length === 0) return [];
    const fd = openSync(this.path, 'r');
    try {
      const stats = fstatSync(fd);
      const size = stats.size;
      if (identity(stats) !== this.read) this.changed(`${identity(stats)} where it was ${this.read}`);
      let longest = 0;
      for (let k = 0; k < indices.length; k++) longest = Math.max(longest, this.lengths[indices[k]]);
      const buffer = Buffer.allocUnsafe(longest + 1);
      return Array.from(indices, (index) => {
        const length = this.lengths[index];
        const read = readSync(fd, buffer, 0, length + 1, this.offsets[index]);
        // The line, and the line break after it (or the file's end).
        const whole = read === length + 1 ? buffer[length] === 10 : read === length && this.offsets[index] + length === size;
        const parsed = whole ? parseRow(buffer.toString('utf8', 0, length)) : undefined;
        if (!parsed || !expected(parsed.item, index)) this.changed(`row ${index + 1} is not at byte ${this.offsets[index]}`);
        return parsed!.item;
      });
    } finally {
      closeSync(fd);
    }
  }

  async scan(visit: (row: ItemRow, index: number) => void, expected: (row: ItemRow, index: number) => boolean, mayMatch?: (lowerCasedLine: string) => boolean): Promise<void> {
    const now = identity(statSync(this.path));
    if (now !== this.read) this.changed(`${now} where it was ${this.read}`);
    // The file is the one read: its lines are where they were (checked still), and a
    // line that cannot match is not parsed.
    let index = -1;
    for await (const { text, offset } of fileLines(this.path)) {
      if (index < 0) { index = 0; continue; }
      if (!text) continue;
      const i = index++;
      if (i >= this.offsets.length || offset !== this.offsets[i]) this.changed(`row ${i + 1} is not at byte ${this.offsets[i]}`);
      if (mayMatch && !mayMatch(text.toLowerCase())) continue;
      const parsed = parseRow(text);
      if (!parsed || !expected(parsed.item, i)) this.changed(`row ${i + 1} is not at byte ${this.offsets[i]}`);
      visit(parsed!.item, i);
    }
    if (index !== this.offsets.length) this.changed(`${Math.max(0, index)} rows where there were ${this.offsets.length}`);
  }
}
