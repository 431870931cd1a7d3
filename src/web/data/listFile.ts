// The rows of every list of a release as files beside its dumps (list-<kind>.ndjson):
// written at build time from the built store by readKindList (the one reader of
// a list, the server's fallback too), and by the corpus generator for its
// copies; read by the server instead of the store. A list read from the store
// takes every row of the kind at once — at 1,000 articles on Virtuoso more
// than a minute for the claims or the documents — and sorting them by name or
// date takes seconds more; from the file it is a read of the kind's lines, in
// the kind's own order, each row with its place in every other order.
//
// Line 1 says what the file is: {"format":"delicacy/list-rows","version":1,"kind":"person","rows":N};
// then one ItemRow per line, with "at": its place in each order of SORTS.
// LIST_VERSION changes whenever a row's shape (readKindList) or an order does:
// a server then reads an older release's lists from the store instead.

import { createReadStream } from 'node:fs';
import { writeLines } from '../../store/lineFile.js';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ENTITY_KINDS, type EntityKind } from '../../model/iri.js';
import { type Lookup } from '../../engine/lookup.js';
import { readKindList, SORTS, type ItemRow, type KindList, type SortKey } from './collections.js';

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
export async function writeListFile(path: string, list: KindList): Promise<{ rows: number; bytes: number }> {
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
export async function writeListFiles(dist: string, listOf: (kind: EntityKind) => Promise<KindList>): Promise<ListsEntry> {
  const kinds: ListsEntry['kinds'] = {};
  for (const kind of ENTITY_KINDS) kinds[kind] = { name: listFileName(kind), ...await writeListFile(listPath(dist, kind), await listOf(kind)) };
  return { version: LIST_VERSION, kinds };
}

/** The lists of a release read from its store, as the build writes them. */
export function writeListFilesFromStore(dist: string, lookup: Lookup): Promise<ListsEntry> {
  return writeListFiles(dist, (kind) => readKindList(lookup, kind));
}

/**
 * One kind's list back from its file: the rows in file order (the kind's own),
 * each order rebuilt from the rows' places. A wrong header, a line that is not
 * a row, a place out of range or twice taken, or a count that differs from the
 * header's is an error naming the file and the line.
 */
export async function readListFile(path: string, kind: EntityKind): Promise<KindList> {
  let header: ListHeader | undefined;
  const rows: ItemRow[] = [];
  let orders: Record<SortKey, Uint32Array> | undefined;
  let lineNumber = 0;
  const fail = (message: string): never => { throw new ListFileError(`${path}, line ${lineNumber}: ${message}`); };
  for await (const line of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    lineNumber++;
    if (!header) {
      let parsed: Partial<ListHeader> = {};
      try { parsed = JSON.parse(line) as Partial<ListHeader>; } catch { /* reported below */ }
      if (parsed.format !== LIST_FORMAT || typeof parsed.rows !== 'number') fail(`not a ${LIST_FORMAT} header`);
      if (parsed.version !== LIST_VERSION) fail(`rows of version ${parsed.version}; this server reads version ${LIST_VERSION}`);
      if (parsed.kind !== kind) fail(`the list of ${parsed.kind}, not of ${kind}`);
      header = parsed as ListHeader;
      orders = Object.fromEntries(SORTS.map((sort) => [sort, new Uint32Array(header!.rows).fill(header!.rows)])) as Record<SortKey, Uint32Array>;
      continue;
    }
    if (!line) continue;
    let row: ItemRow & { at?: number[] };
    try { row = JSON.parse(line) as ItemRow & { at?: number[] }; } catch (error) { return fail((error as Error).message); }
    const { at, ...item } = row;
    if (typeof item.iri !== 'string' || !Array.isArray(at) || at.length !== SORTS.length) fail('not a row of a list');
    const index = rows.length;
    if (index >= header.rows) fail(`more rows than the ${header.rows} its header announces`);
    SORTS.forEach((sort, s) => {
      const place = at![s];
      if (!Number.isInteger(place) || place < 0 || place >= header!.rows || orders![sort][place] !== header!.rows) fail(`its place ${place} in the ${sort} order is out of range or taken`);
      orders![sort][place] = index;
    });
    rows.push(item);
  }
  if (!header) throw new ListFileError(`${path} is empty`);
  if (rows.length !== header.rows) throw new ListFileError(`${path} holds ${rows.length} rows but its header announces ${header.rows} (cut short?)`);
  return { kind, rows, orders: orders! };
}
