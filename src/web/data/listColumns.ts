// A list as the server keeps it (ListColumns): of every row only what the pages
// filter, order and group by — its places in the orders, its side, type,
// verdict, claim kind, offices, topics and dates, a hash of its IRI, a
// document's archive, series and piece — as small typed arrays of indices into
// tables of the distinct values; the filters' choices; and where to read the
// full rows (RowSource): a page's hundred from the release's list file by
// position, or from the rows in memory when the list was read from the store.
// At 100 articles the claims' rows took 62 MB of heap as objects; as columns,
// a few MB (docs/scaling.md).

import { LruCache } from '../../store/lruCache.js';
import { type EntityKind } from '../../model/iri.js';
import { type Ref } from './common.js';
import { DOCUMENT_FIELDS, type DocumentField } from './documentGroups.js';
import type { ItemRow, KindRows, SortKey } from './collections.js';

/** Where the full rows of a list are read: by their index in the kind's own order. */
export interface RowSource {
  /**
   * The rows at `indices`, in that order; `expected(row, index)` says whether a
   * row read is the one the columns describe (else the source throws its own
   * error, naming where it read).
   */
  rowsAt(indices: ArrayLike<number>, expected: (row: ItemRow, index: number) => boolean): ItemRow[];
  /**
   * Every row in the kind's own order, read as it comes (a text filter's pass),
   * each checked as `rowsAt` checks; a source that holds rows as text may skip
   * those whose text, lower-cased, `mayMatch` rejects.
   */
  scan(visit: (row: ItemRow, index: number) => void, expected: (row: ItemRow, index: number) => boolean, mayMatch?: (lowerCasedText: string) => boolean): Promise<void>;
  /** Bytes the source itself keeps (a file's offsets; nothing for rows already held). */
  readonly heapBytes: number;
}

/** The choices of a list's filters, computed in the pass that reads it. */
export interface ListChoices {
  sides: Ref[];
  types: string[];
  /** Most used first. */
  offices: (Ref & { uses: number })[];
  /** The topics' IRIs, in order of first use (their labels come from the store). */
  topicIris: string[];
}

/** The text a row is searched in (?q=): its label, description and extra values, lower-cased. */
export function rowText(row: ItemRow): string {
  return `${row.label} ${row.description ?? ''} ${Object.values(row.extra).join(' ')}`.toLowerCase();
}

/**
 * Whether a row stored as a JSON line may match `words` (rowText contains every
 * one): false only when the line lacks a word that, were it in the row's text,
 * would be in the line as it is. So for words of printable ASCII other than the
 * quote and backslash (which JSON escapes): a match lies within one of the
 * row's strings (words hold no space, the text joins strings with spaces), the
 * line holds each string with only those characters escaped, and lower-casing
 * differs by context only for the Greek sigma. Other words are not prefiltered.
 */
export function lineMayMatch(words: string[]): ((lowerCasedLine: string) => boolean) | undefined {
  const plain = words.filter((word) => /^[\x20-\x7e]+$/.test(word) && !/["\\]/.test(word));
  return plain.length ? (line) => plain.every((word) => line.includes(word)) : undefined;
}

/** A 32-bit FNV-1a hash of a string's UTF-16 code units: a row's IRI, checked against the row read. */
export function hashIri(iri: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < iri.length; i++) hash = Math.imul(hash ^ iri.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Distinct strings numbered from 1 (0: no value) while a list is read. */
class StringTable {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      this.values.push(value);
      this.ids.set(value, (id = this.values.length));
    }
    return id;
  }
}

/** The narrowest array that holds ids up to `max`. */
function compact(ids: Uint32Array, max: number): Uint8Array | Uint16Array | Uint32Array {
  return max < 0x100 ? Uint8Array.from(ids) : max < 0x10000 ? Uint16Array.from(ids) : ids;
}

type Ids = Uint8Array | Uint16Array | Uint32Array;

/** Ids of a column with several values per row: row i's are ids[starts[i]..starts[i+1]). */
interface Several { starts: Uint32Array; ids: Ids }

/**
 * Takes a list's rows one at a time, in the kind's own order, and keeps their
 * columns; `seal` gives the list. Used by both the file's reader and the store
 * fallback, so that both serve the same columns.
 */
export class ColumnsBuilder {
  private readonly hashes: Uint32Array;
  private readonly one: Record<'side' | 'type' | 'verdict' | 'judgement' | 'start' | 'latest', Uint32Array>;
  private readonly sides = new StringTable();
  private readonly sideRefs: Ref[] = [];
  private readonly types = new StringTable();
  private readonly verdicts = new StringTable();
  private readonly dates = new StringTable();
  private readonly offices = new StringTable();
  private readonly officeRefs: (Ref & { uses: number })[] = [];
  private readonly topics = new StringTable();
  private readonly officeIds: number[] = [];
  private readonly officeStarts: Uint32Array;
  private readonly topicIds: number[] = [];
  private readonly topicStarts: Uint32Array;
  private readonly documentStrings = new StringTable();
  private readonly documents?: Record<DocumentField, Uint32Array>;
  private count = 0;

  constructor(private readonly kind: EntityKind, readonly size: number) {
    this.hashes = new Uint32Array(size);
    this.one = { side: new Uint32Array(size), type: new Uint32Array(size), verdict: new Uint32Array(size), judgement: new Uint32Array(size), start: new Uint32Array(size), latest: new Uint32Array(size) };
    this.officeStarts = new Uint32Array(size + 1);
    this.topicStarts = new Uint32Array(size + 1);
    if (kind === 'document') this.documents = Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, new Uint32Array(size)])) as Record<DocumentField, Uint32Array>;
  }

  /** The next row (index `count`). */
  add(row: ItemRow): void {
    const i = this.count++;
    if (i >= this.size) throw new RangeError(`more than the ${this.size} rows announced`);
    this.hashes[i] = hashIri(row.iri);
    if (row.side) {
      const id = this.sides.id(row.side.iri);
      if (id > this.sideRefs.length) this.sideRefs.push(row.side);
      this.one.side[i] = id;
    }
    this.one.type[i] = this.types.id(row.type);
    this.one.verdict[i] = this.verdicts.id(row.extra.verdict);
    this.one.judgement[i] = this.verdicts.id(row.extra.judgement);
    // As `overlaps` reads them: the start is the earliest day, else the concerned meeting's.
    this.one.start[i] = this.dates.id(row.earliest ?? row.extra.cearliest);
    this.one.latest[i] = this.dates.id(row.latest);
    for (const office of row.offices) {
      const id = this.offices.id(office.iri);
      if (id > this.officeRefs.length) this.officeRefs.push({ ...office, uses: 0 });
      this.officeRefs[id - 1].uses++;
      this.officeIds.push(id);
    }
    this.officeStarts[i + 1] = this.officeIds.length;
    for (const topic of row.topics) this.topicIds.push(this.topics.id(topic));
    this.topicStarts[i + 1] = this.topicIds.length;
    if (this.documents) for (const name of DOCUMENT_FIELDS) this.documents[name][i] = this.documentStrings.id(row.extra[name]);
  }

  get added(): number {
    return this.count;
  }

  seal(orders: Record<SortKey, Uint32Array>, source: RowSource): ListColumns {
    if (this.count !== this.size) throw new RangeError(`${this.count} rows where ${this.size} were announced`);
    const several = (starts: Uint32Array, ids: number[], table: StringTable): Several | undefined => (ids.length ? { starts, ids: compact(Uint32Array.from(ids), table.values.length) } : undefined);
    const choices: ListChoices = {
      sides: [...this.sideRefs].sort((a, b) => a.label.localeCompare(b.label)),
      types: [...this.types.values].sort(),
      offices: [...this.officeRefs].sort((a, b) => b.uses - a.uses || a.label.localeCompare(b.label) || (a.iri < b.iri ? -1 : 1)),
      topicIris: [...this.topics.values],
    };
    const tables = { side: this.sides.values, type: this.types.values, verdict: this.verdicts.values, date: this.dates.values, office: this.offices.values, topic: this.topics.values, document: this.documentStrings.values };
    const columns: Columns = {
      hashes: this.hashes,
      side: compact(this.one.side, tables.side.length),
      type: compact(this.one.type, tables.type.length),
      verdict: compact(this.one.verdict, tables.verdict.length),
      judgement: compact(this.one.judgement, tables.verdict.length),
      start: compact(this.one.start, tables.date.length),
      latest: compact(this.one.latest, tables.date.length),
      offices: several(this.officeStarts, this.officeIds, this.offices),
      topics: several(this.topicStarts, this.topicIds, this.topics),
      documents: this.documents && Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, compact(this.documents![name], tables.document.length)])) as Record<DocumentField, Ids>,
      tables,
    };
    return new ListColumns(this.kind, orders, columns, choices, source);
  }
}

interface Columns {
  hashes: Uint32Array;
  side: Ids; type: Ids; verdict: Ids; judgement: Ids; start: Ids; latest: Ids;
  offices?: Several;
  topics?: Several;
  documents?: Record<DocumentField, Ids>;
  tables: Record<'side' | 'type' | 'verdict' | 'date' | 'office' | 'topic' | 'document', string[]>;
}

/** What a list page filters by, as loadCollection has cleaned it. */
export interface ColumnFilters { side?: string; type?: string; office?: string; topic?: string; verdict?: string; claimKind?: string; from?: string; to?: string }

/** How many recent texts' matches (?q=) a list keeps, in row indices: eight lists' worth. */
const TEXT_MATCHES_PER_ROW = 8;

/**
 * A served list: its orders, its rows' columns, its filters' choices, and its
 * full rows read on demand (`rowsAt`) from where they are (RowSource).
 */
export class ListColumns {
  /** Recent texts' matching rows (indices ascending), so that paging through a text filter's pages reads the file once. */
  private readonly textMatches: LruCache<Uint32Array>;

  constructor(
    readonly kind: EntityKind,
    /** For each order, the rows' indices in that order. */
    readonly orders: Record<SortKey, Uint32Array>,
    private readonly columns: Columns,
    readonly choices: ListChoices,
    private readonly source: RowSource,
  ) {
    this.textMatches = new LruCache<Uint32Array>(Math.max(4096, TEXT_MATCHES_PER_ROW * this.size));
  }

  get size(): number {
    return this.columns.hashes.length;
  }

  /** The full rows at `indices` (indices into the kind's own order), in that order. */
  rowsAt(indices: ArrayLike<number>): ItemRow[] {
    return this.source.rowsAt(indices, this.expected);
  }

  /** Whether a row read back is the one the columns describe (its IRI's hash). */
  private readonly expected = (row: ItemRow, index: number): boolean => hashIri(row.iri) === this.columns.hashes[index];

  /** Whether row i passes the filters on its columns (not the text, nor a claims narrowing). */
  matcher(filters: ColumnFilters): (i: number) => boolean {
    const c = this.columns;
    const idOf = (table: string[], value: string | undefined) => (value === undefined ? undefined : table.indexOf(value) + 1);
    // A value no row has is id 0 after indexOf's -1 + 1; 0 is also "no value", so it is told apart (-1).
    const wanted = (table: string[], value: string | undefined) => { const id = idOf(table, value); return id === 0 ? -1 : id; };
    const side = wanted(c.tables.side, filters.side);
    const type = wanted(c.tables.type, filters.type);
    const verdict = wanted(c.tables.verdict, filters.verdict);
    const judgement = wanted(c.tables.verdict, filters.claimKind);
    const office = wanted(c.tables.office, filters.office);
    const topic = wanted(c.tables.topic, filters.topic);
    const has = (several: Several | undefined, id: number, i: number) => {
      if (!several) return false;
      for (let k = several.starts[i]; k < several.starts[i + 1]; k++) if (several.ids[k] === id) return true;
      return false;
    };
    const { from, to } = filters;
    const last = to && `${to}${to.length === 4 ? '-12-31' : to.length === 7 ? '-31' : ''}`;
    const dates = c.tables.date;
    const overlaps = (i: number) => {
      if (!from && !to) return true;
      const start = c.start[i] ? dates[c.start[i] - 1] : undefined;
      if (!start) return false;
      const end = c.latest[i] ? dates[c.latest[i] - 1] : start;
      if (from && end < from) return false;
      if (last && start > last) return false;
      return true;
    };
    return (i) => (side === undefined || c.side[i] === side)
      && (type === undefined || c.type[i] === type)
      && (verdict === undefined || c.verdict[i] === verdict)
      && (judgement === undefined || c.judgement[i] === judgement)
      && (office === undefined || has(c.offices, office, i))
      && (topic === undefined || has(c.topics, topic, i))
      && overlaps(i);
  }

  /**
   * The rows whose text (rowText) contains every one of `words`, as a mask over
   * the rows: a pass over the rows where they are (the file, streamed), kept for
   * the few most recent texts.
   */
  async textMask(words: string[]): Promise<Uint8Array> {
    const key = JSON.stringify(words);
    let matches = this.textMatches.get(key);
    if (!matches) {
      const found: number[] = [];
      await this.source.scan((row, index) => {
        const text = rowText(row);
        if (words.every((word) => text.includes(word))) found.push(index);
      }, this.expected, lineMayMatch(words));
      matches = Uint32Array.from(found);
      this.textMatches.set(key, matches);
    }
    const mask = new Uint8Array(this.size);
    for (const i of matches) mask[i] = 1;
    return mask;
  }

  /** The rows that may be those of `iris` (by their hashes); whoever asks confirms them by reading the rows. */
  candidates(iris: Iterable<string>): number[] {
    const wanted = new Set([...iris].map(hashIri));
    const found: number[] = [];
    this.columns.hashes.forEach((hash, i) => { if (wanted.has(hash)) found.push(i); });
    return found;
  }

  /** A document's value for the grouping by archive (documents only). */
  documentField(i: number, name: DocumentField): string | undefined {
    const id = this.columns.documents?.[name][i];
    return id ? this.columns.tables.document[id - 1] : undefined;
  }

  /** An estimate of the bytes the list keeps: its arrays, its tables' strings, its source's own. */
  get heapBytes(): number {
    const c = this.columns;
    const arrays: ArrayLike<number>[] = [c.hashes, c.side, c.type, c.verdict, c.judgement, c.start, c.latest, ...Object.values(this.orders)];
    for (const several of [c.offices, c.topics]) if (several) arrays.push(several.starts, several.ids);
    if (c.documents) arrays.push(...Object.values(c.documents));
    const bytes = arrays.reduce((sum, array) => sum + (array as Uint8Array).byteLength, 0);
    const strings = Object.values(c.tables).flat().reduce((sum, text) => sum + 16 + 2 * text.length, 0);
    return bytes + strings + this.source.heapBytes;
  }
}

/** A list built from rows in memory (the store fallback): the same columns, its rows read from the array. */
export function columnsOfRows(list: KindRows): ListColumns {
  const builder = new ColumnsBuilder(list.kind, list.rows.length);
  for (const row of list.rows) builder.add(row);
  const rows = list.rows;
  return builder.seal(list.orders, {
    rowsAt: (indices) => Array.from(indices, (i) => rows[i]),
    scan: async (visit) => rows.forEach(visit),
    // The rows themselves are held besides, by whoever read them (the store's reader keeps them for the release).
    heapBytes: 0,
  });
}
