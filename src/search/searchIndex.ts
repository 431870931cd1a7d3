// The search index: MiniSearch over names (as match keys) and words, plus exact
// look-ups for the references historians type (archival reference, registry
// number, volume and page, footnote, paragraph, QID). Built at build time into
// dist/search-index.ndjson, loaded when the server starts; a query is bounded in
// length, in terms, in the postings it scores and in results, and costs an index
// look-up, not a scan.

import { closeSync, openSync, readSync } from 'node:fs';
import MiniSearch, { type SearchResult } from 'minisearch';
import { type SearchDoc, type SearchKind } from './documents.js';
import { editsFor, queryReadings } from './names.js';
import { parseReferences, referenceKey } from './references.js';

export const SEARCH_INDEX_FILE = 'search-index.ndjson';
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 12;
/**
 * The postings (document, term) one search may score, over all its look-ups
 * (names in each reading, their sounds, words; and words again, any of them,
 * when all of them found nothing). Scoring costs about 1-2 µs a posting
 * (MiniSearch makes an object per matching document): a whole quotation typed
 * as words scored 560,000 at 100 articles ("the" alone 187,000, "of" 130,000)
 * and took 0.5-1.5 s, each second holding the search thread. Over the budget a
 * look-up leaves out its most common words first (those that weigh least in
 * the ranking: BM25 weighs a word by how rare it is), but always keeps its
 * rarest one, so a search scores at most this many postings plus one word's
 * (with its prefix and fuzzy variants) per look-up. One article's release never
 * reaches it (its commonest word has 1,900 postings).
 */
export const MAX_POSTINGS = 200_000;
/** 4: documents without their words or empty reference lists, read into columns. */
const FORMAT = 4;

/** Result groups, in the order a page shows them. */
export const GROUPS: { title: string; kinds: SearchKind[] }[] = [
  { title: 'People', kinds: ['person'] },
  { title: 'Organisations and groups', kinds: ['organisation', 'group'] },
  { title: 'Places', kinds: ['place'] },
  { title: 'Events and meetings', kinds: ['meeting', 'event'] },
  { title: 'Documents', kinds: ['document'] },
  { title: 'Published works', kinds: ['work'] },
  { title: 'Footnotes', kinds: ['footnote'] },
  { title: 'The article', kinds: ['section', 'passage'] },
  { title: 'Claims', kinds: ['claim'] },
  { title: 'Quotations', kinds: ['quotation'] },
  { title: 'Comparisons of accounts', kinds: ['comparison'] },
  { title: 'Posts', kinds: ['post'] },
  { title: 'Concepts', kinds: ['concept'] },
];

export interface SearchHit { iri: string; label: string; kind: SearchKind; date?: string; description?: string; score: number; why?: string }
export interface SearchGroup { title: string; kinds: SearchKind[]; total: number; hits: SearchHit[] }
export interface SearchAnswer {
  query: string; total: number; groups: SearchGroup[]; truncated?: boolean;
  /** Words left out of the search as too common for its postings budget (MAX_POSTINGS), if any. */
  omitted?: string[];
}

/** What a document keeps beside the words: what a hit shows and the references it answers to (empty ones left out). */
type Stored = Pick<SearchDoc, 'id' | 'iri' | 'kind' | 'label' | 'date' | 'description' | 'footnote' | 'paragraph'>
  & Partial<Pick<SearchDoc, 'refs' | 'qids' | 'volumes'>> & { weight: number };

function stored({ id, iri, kind, label, date, description, footnote, paragraph, links, refs, qids, volumes }: SearchDoc): Stored {
  return { id, iri, kind, label, date, description, footnote, paragraph, weight: 1 + Math.log10(1 + links), refs: refs.length ? refs : undefined, qids: qids.length ? qids : undefined, volumes: volumes.length ? volumes : undefined };
}

function options() {
  return {
    idField: 'id',
    fields: ['names', 'title', 'text'],
    storeFields: [] as string[],
    // Names are already match keys: split on spaces only.
    tokenize: (text: string, field?: string) => (field === 'names' ? text.split(' ') : MiniSearch.getDefault('tokenize')(text, field)),
    processTerm: (term: string, field?: string) => (field === 'names' ? term : MiniSearch.getDefault('processTerm')(term, field)),
  };
}

/** Exact look-ups built once from the stored documents, so that a query never scans them. */
class References {
  readonly footnotes = new Map<number, number[]>();
  readonly paragraphs = new Map<string, number[]>();
  readonly qids = new Map<string, number[]>();
  readonly volumes = new Map<string, { id: number; book?: number; from?: number; to?: number }[]>();
  /** Reference keys in order, for exact and prefix look-up by binary search, and the document of each. */
  private refKeys: string[] = [];
  private refIds = new Int32Array(0);
  private refs: [string, number][] = [];

  static of(docs: Stored[]): References {
    const references = new References();
    for (const doc of docs) references.add(doc);
    return references.seal();
  }

  add(doc: Stored): void {
    const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
      const list = map.get(key);
      if (list) list.push(value); else map.set(key, [value]);
    };
    if (doc.footnote !== undefined) push(this.footnotes, doc.footnote, doc.id);
    if (doc.paragraph) push(this.paragraphs, `${doc.paragraph.section}.${doc.paragraph.n ?? ''}`, doc.id);
    for (const qid of doc.qids ?? []) push(this.qids, qid, doc.id);
    for (const v of doc.volumes ?? []) {
      for (const c of v.collections) push(this.volumes, `${c}|${v.volume}`, { id: doc.id, book: v.book, from: v.from, to: v.to });
    }
    for (const ref of doc.refs ?? []) this.refs.push([ref, doc.id]);
  }

  /** Done adding: the reference keys sorted. */
  seal(): this {
    const refs = this.refs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.refKeys = refs.map(([ref]) => ref);
    this.refIds = Int32Array.from(refs, ([, id]) => id);
    this.refs = [];
    return this;
  }

  /** Documents whose reference is the key, or begins with it at a boundary ("fo371" -> "fo371/23682"). */
  byReference(key: string): { id: number; exact: boolean }[] {
    let low = 0;
    let high = this.refKeys.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.refKeys[mid] < key) low = mid + 1; else high = mid;
    }
    const out: { id: number; exact: boolean }[] = [];
    for (let i = low; i < this.refKeys.length && this.refKeys[i].startsWith(key) && out.length < 500; i++) {
      const ref = this.refKeys[i];
      if (ref === key) out.push({ id: this.refIds[i], exact: true });
      else if (/^[/\D]/.test(ref.slice(key.length))) out.push({ id: this.refIds[i], exact: false });
    }
    return out;
  }
}

/** What hits show, by document number. */
interface Shown {
  readonly size: number;
  /** Each document's weight (by how much of the graph links to it), which ranking multiplies in. */
  readonly weights: Float64Array;
  kind(id: number): SearchKind;
  hits(found: { id: number; score: number; why?: string }[]): SearchHit[];
  /** Gives back what it holds open (the index file). */
  close(): void;
}

function hitOf(doc: Pick<Stored, 'iri' | 'label' | 'kind' | 'date' | 'description'>, score: number, why: string | undefined): SearchHit {
  return { iri: doc.iri, label: doc.label, kind: doc.kind, date: doc.date, description: doc.description, score: Math.round(score * 100) / 100, why };
}

/**
 * What a hit shows, one column per field rather than an object per document: at
 * 100 articles (176,000 documents) objects with their empty reference lists took
 * about 100 MB of the server's heap, the columns about a third of that.
 */
class ShownInMemory implements Shown {
  private readonly iris: string[];
  private readonly labels: string[];
  private readonly kinds: Uint8Array;
  private readonly dates: (string | undefined)[];
  private readonly descriptions: (string | undefined)[];
  readonly weights: Float64Array;

  constructor(docs: Stored[]) {
    this.iris = docs.map((d) => d.iri);
    this.labels = docs.map((d) => d.label);
    this.kinds = Uint8Array.from(docs, (d) => ALL_KINDS.indexOf(d.kind));
    this.dates = docs.map((d) => d.date);
    this.descriptions = docs.map((d) => d.description);
    this.weights = Float64Array.from(docs, (d) => d.weight);
  }

  get size(): number {
    return this.iris.length;
  }

  kind(id: number): SearchKind {
    return ALL_KINDS[this.kinds[id]];
  }

  hits(found: { id: number; score: number; why?: string }[]): SearchHit[] {
    return found.map(({ id, score, why }) => hitOf({ iri: this.iris[id], label: this.labels[id], kind: this.kind(id), date: this.dates[id], description: this.descriptions[id] }, score, why));
  }

  close(): void { /* nothing held */ }
}

/**
 * The same, read from the index file's document lines when a page of hits is
 * shown: only what ranking needs (kind and weight) stays in memory, with where
 * each document's line lies. For a large release — at 100 articles the columns
 * are about 50 MB of the server's heap, and a search shows at most a few hundred
 * hits, each one read of a line the page cache holds.
 */
class ShownFromFile implements Shown {
  /**
   * The index file, opened once when the index is loaded and closed with it (not
   * once per search) — or lent by whoever opened it (`lent`), who closes it: the
   * search service opens it in the main thread, so that a worker thread that
   * crashes cannot leave it open (descriptors are the process's).
   */
  private fd?: number;
  private readonly own: boolean;

  constructor(
    private readonly file: string,
    private readonly offsets: Float64Array,
    private readonly lengths: Uint32Array,
    private readonly kinds: Uint8Array,
    readonly weights: Float64Array,
    lent?: number,
  ) {
    this.own = lent === undefined;
    this.fd = lent ?? openSync(file, 'r');
  }

  get size(): number {
    return this.kinds.length;
  }

  kind(id: number): SearchKind {
    return ALL_KINDS[this.kinds[id]];
  }

  hits(found: { id: number; score: number; why?: string }[]): SearchHit[] {
    if (found.length === 0) return [];
    const fd = this.fd;
    if (fd === undefined) throw new Error(`search index ${this.file} is closed`);
    const buffer = Buffer.allocUnsafe(Math.max(...found.map(({ id }) => this.lengths[id])));
    return found.map(({ id, score, why }) => {
      const read = readSync(fd, buffer, 0, this.lengths[id], this.offsets[id]);
      let doc: Stored | undefined;
      try { doc = JSON.parse(buffer.toString('utf8', 0, read)) as Stored; } catch { /* not a document line: below */ }
      if (doc?.id !== id) throw new Error(`search index ${this.file} changed while serving: document ${id} is not where it was`);
      return hitOf(doc, score, why);
    });
  }

  close(): void {
    if (this.fd !== undefined && this.own) closeSync(this.fd);
    this.fd = undefined;
  }
}

const ALL_KINDS: SearchKind[] = GROUPS.flatMap((g) => g.kinds);

/**
 * MiniSearch's term map (a radix tree: term -> field -> postings), which it
 * searches with its own exact, prefix and fuzzy look-ups and BM25 scoring. Not
 * part of its documented interface: the tests compare the answers of an index
 * loaded this way with one MiniSearch built itself, so a MiniSearch that changes
 * it fails them rather than answering differently.
 */
interface MiniSearchTerms { _index: TermMap & { set(term: string, fields: Map<number, Postings>): void }; _fieldIds: Record<string, number> }

/** A term's postings by field: MiniSearch's own Maps (an index it built) or Postings (one loaded). */
type FieldPostings = Map<number, { readonly size: number }>;

/** The look-ups of MiniSearch's term map its search makes: exact, by prefix, by edit distance. */
interface TermMap {
  get(term: string): FieldPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
}

/**
 * All postings of a loaded index in two typed arrays (document, term frequency),
 * each term's a slice of them. MiniSearch keeps a Map per term and field, about
 * 42 bytes a posting: at 100 articles (6.3 M postings) 265 MB, here about 50.
 */
class PostingStore {
  ids = new Uint32Array(1 << 16);
  freqs = new Uint32Array(1 << 16);
  private length = 0;

  /** A term's postings from its line: field, documents in ascending order, their frequencies; field, ... */
  add(fields: (number | number[])[]): Map<number, Postings> {
    const out = new Map<number, Postings>();
    for (let i = 0; i < fields.length; i += 3) {
      const docs = fields[i + 1] as number[];
      const counts = fields[i + 2] as number[];
      const start = this.length;
      this.reserve(docs.length);
      this.ids.set(docs, start);
      this.freqs.set(counts, start);
      this.length += docs.length;
      out.set(fields[i] as number, new Postings(this, start, this.length));
    }
    return out;
  }

  /** Room for `more` postings (growing by half, in typed arrays: no array of boxed numbers on the way). */
  private reserve(more: number): void {
    if (this.length + more <= this.ids.length) return;
    const size = Math.max(this.length + more, Math.ceil(this.ids.length * 1.5));
    const grow = (from: Uint32Array) => { const to = new Uint32Array(size); to.set(from.subarray(0, this.length)); return to; };
    this.ids = grow(this.ids);
    this.freqs = grow(this.freqs);
  }

  /** Done adding: the arrays cut to size. */
  seal(): void {
    this.ids = this.ids.slice(0, this.length);
    this.freqs = this.freqs.slice(0, this.length);
  }
}

/**
 * One term's postings in one field, read the way MiniSearch reads its own Map
 * (size, keys in order, get while iterating, entries when serialised).
 */
class Postings {
  private cursor = 0;

  constructor(private readonly store: PostingStore, private readonly start: number, private readonly end: number) {}

  get size(): number {
    return this.end - this.start;
  }

  *keys(): Generator<number> {
    for (let i = this.start; i < this.end; i++) {
      this.cursor = i;
      yield this.store.ids[i];
    }
  }

  get(id: number): number | undefined {
    const ids = this.store.ids;
    if (ids[this.cursor] === id && this.cursor >= this.start && this.cursor < this.end) return this.store.freqs[this.cursor];
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ids[mid] < id) low = mid + 1; else high = mid;
    }
    return low < this.end && ids[low] === id ? this.store.freqs[low] : undefined;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  *[Symbol.iterator](): Generator<[number, number]> {
    for (let i = this.start; i < this.end; i++) yield [this.store.ids[i], this.store.freqs[i]];
  }

  entries(): Generator<[number, number]> {
    return this[Symbol.iterator]();
  }
}

/**
 * Reads the file's lines in order: the header, the documents, then the terms,
 * each line parsed when it is reached (MiniSearch loads the document figures
 * itself; its terms go into its term map with compact postings). Given the
 * file the lines come from, documents are left there (ShownFromFile) and only
 * where each line starts is kept.
 */
class Loader {
  private header?: { documents: number; mini: object };
  private readonly docs: Stored[] = [];
  private readonly references = new References();
  private count = 0;
  private mini?: MiniSearchTerms;
  private readonly postings = new PostingStore();
  private position = 0;
  private onDisk?: { offsets: Float64Array; lengths: Uint32Array; kinds: Uint8Array; weights: Float64Array };

  /** `fd`: the file opened by the caller, which hits are read through (else the index opens it). */
  constructor(private readonly file?: string, private readonly fd?: number) {}

  line(text: string): void {
    const start = this.position;
    if (this.file) this.position += Buffer.byteLength(text) + 1; // lines end in "\n", as the writer ends them
    if (!text) return;
    if (!this.header) {
      const header = JSON.parse(text) as { format?: number; documents: number; mini: object };
      if (header.format !== FORMAT) throw new Error(`search index format ${header.format}, expected ${FORMAT}: rebuild`);
      this.header = header;
      if (this.file) {
        const n = header.documents;
        this.onDisk = { offsets: new Float64Array(n), lengths: new Uint32Array(n), kinds: new Uint8Array(n), weights: new Float64Array(n) };
      }
    } else if (this.count < this.header.documents) {
      const doc = JSON.parse(text) as Stored;
      if (doc.id !== this.count) throw new Error(`search document ${doc.iri} has id ${doc.id}, expected ${this.count}`);
      this.references.add(doc);
      if (this.onDisk) {
        this.onDisk.offsets[doc.id] = start;
        this.onDisk.lengths[doc.id] = this.position - start - 1;
        this.onDisk.kinds[doc.id] = ALL_KINDS.indexOf(doc.kind);
        this.onDisk.weights[doc.id] = doc.weight;
      } else {
        this.docs.push(doc);
      }
      this.count++;
    } else {
      this.mini ??= MiniSearch.loadJS({ ...this.header.mini, index: [] } as never, options()) as unknown as MiniSearchTerms;
      const [term, ...fields] = JSON.parse(text) as [string, ...(number | number[])[]];
      this.mini._index.set(term, this.postings.add(fields));
    }
  }

  done(): SearchIndex {
    if (!this.header || this.count < this.header.documents) throw new Error('search index file ends early: rebuild');
    this.mini ??= MiniSearch.loadJS({ ...this.header.mini, index: [] } as never, options()) as unknown as MiniSearchTerms;
    this.postings.seal();
    const shown = this.onDisk && this.file
      ? new ShownFromFile(this.file, this.onDisk.offsets, this.onDisk.lengths, this.onDisk.kinds, this.onDisk.weights, this.fd)
      : new ShownInMemory(this.docs);
    return new SearchIndex(this.mini as unknown as MiniSearch, this.references.seal(), shown);
  }
}

/** 3: an exact reference, 2: a partial one or a name, 1: words. */
function tier(score: number): number {
  return score >= 1000 ? 3 : score >= 100 ? 2 : 1;
}

export class SearchIndex {
  private readonly references: References;
  private readonly shown: Shown;

  /** Built by `build` or read by `fromLines`. */
  constructor(private readonly mini: MiniSearch, references: References, shown: Shown) {
    this.references = references;
    this.shown = shown;
  }

  static build(documents: SearchDoc[]): SearchIndex {
    const mini = new MiniSearch(options());
    mini.addAll(documents.map((d) => ({ id: d.id, names: d.names, title: d.label, text: d.text })));
    const docs = documents.map(stored);
    docs.forEach((doc, i) => { if (doc.id !== i) throw new Error(`search document ${doc.iri} has id ${doc.id}, expected ${i}`); });
    return new SearchIndex(mini, References.of(docs), new ShownInMemory(docs));
  }

  /**
   * The index as the lines of its file: a header (the format, the number of
   * documents and MiniSearch's figures), one line per document (what hits show
   * and the references), then one per term of MiniSearch's index. Lines, not one
   * JSON text, so that a server reads the file term by term: at 100 articles one
   * JSON text (130 MB) parsed whole took about 700 MB of heap on the way to an
   * index of 300.
   */
  static lines(documents: SearchDoc[]): Generator<string> {
    return SearchIndex.linesWithCopies(documents, [], 0, () => []);
  }

  /**
   * The lines of the index of `base` followed by `count` copies of the documents
   * `copied` (indexes into `base`, ascending) — each copy with the same words as
   * its original and other IRIs, as `copy(k)` gives copy k (1..count) — written
   * from the index of `base` alone: a copy's postings, field lengths and term
   * frequencies are its original's, and the average field lengths are summed in
   * MiniSearch's own order. So a corpus of a thousand articles is written in the
   * time and memory of one; the result equals the index MiniSearch builds of all
   * the documents (tests/corpus).
   */
  static *linesWithCopies(base: SearchDoc[], copied: number[], count: number, copy: (k: number) => SearchDoc[]): Generator<string> {
    const { index, ...figures } = SearchIndex.build(base).mini.toJSON();
    const lengths = figures.fieldLength as Record<string, number[]>;
    const total = base.length + count * copied.length;
    const order = function* () {
      for (let i = 0; i < base.length; i++) yield i;
      for (let k = 1; k <= count; k++) yield* copied;
    };
    const average: number[] = [];
    const fieldLength: Record<number, number[]> = {};
    const documentIds: Record<number, number> = {};
    let position = 0;
    for (const original of order()) {
      const own = lengths[original];
      own.forEach((length, field) => { if (length !== undefined) average[field] = ((average[field] || 0) * position + length) / (position + 1); });
      fieldLength[position] = own;
      documentIds[position] = position;
      position++;
    }
    yield JSON.stringify({ format: FORMAT, documents: total, mini: { ...figures, documentCount: total, nextId: total, documentIds, fieldLength, averageFieldLength: average, storedFields: {}, dirtCount: 0 } });
    for (const doc of base) yield JSON.stringify(stored(doc));
    for (let k = 1; k <= count; k++) {
      const copies = copy(k);
      if (copies.length !== copied.length) throw new Error(`copy ${k} has ${copies.length} search documents, expected ${copied.length}`);
      for (const doc of copies) yield JSON.stringify(stored(doc));
    }
    const copyOf = new Int32Array(base.length).fill(-1);
    copied.forEach((original, r) => { copyOf[original] = r; });
    for (const [term, fields] of index) {
      yield JSON.stringify([term, ...Object.entries(fields as Record<string, Record<string, number>>).flatMap(([field, docs]) => {
        const originals = Object.keys(docs).map(Number).sort((a, b) => a - b);
        const ids = [...originals];
        const freqs = originals.map((id) => docs[id]);
        const inCopies = originals.filter((id) => copyOf[id] >= 0);
        for (let k = 1; k <= count; k++) {
          for (const id of inCopies) { ids.push(base.length + (k - 1) * copied.length + copyOf[id]); freqs.push(docs[id]); }
        }
        return [Number(field), ids, freqs];
      })]);
    }
  }

  /** The index from the lines of its file. */
  static fromLines(lines: Iterable<string>): SearchIndex {
    const loader = new Loader();
    for (const line of lines) loader.line(line);
    return loader.done();
  }

  /**
   * The same from lines read as they come, pausing now and then so that a server
   * goes on answering meanwhile. Given the file the lines are read from, what
   * hits show is read from it when they are shown (ShownFromFile), through `fd`
   * if given (its opener closes it), else through a handle the index opens.
   */
  static async fromLinesAsync(lines: AsyncIterable<string>, file?: string, fd?: number): Promise<SearchIndex> {
    const loader = new Loader(file, fd);
    let count = 0;
    for await (const line of lines) {
      loader.line(line);
      if (++count % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return loader.done();
  }

  get size(): number {
    return this.shown.size;
  }

  /** Results grouped by kind, at most `limit` per group; totals say how many matched. `maxPostings`: the budget (a test's smaller one). */
  search(input: string, limit = 10, maxPostings = MAX_POSTINGS): SearchAnswer {
    const query = input.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
    if (!query) return { query, total: 0, groups: [] };
    const scores = new Map<number, { score: number; why?: string }>();
    const add = (id: number, score: number, why?: string) => {
      const found = scores.get(id);
      if (!found || found.score < score) scores.set(id, { score, why: why ?? found?.why });
    };

    // Exact references first: they are what the reader meant.
    const refs = this.references;
    for (const reference of parseReferences(query)) {
      if (reference.kind === 'footnote') for (const id of refs.footnotes.get(reference.n) ?? []) add(id, 1000, 'footnote number');
      if (reference.kind === 'paragraph') for (const id of refs.paragraphs.get(`${reference.section}.${reference.n ?? ''}`) ?? []) add(id, 1000, reference.n ? 'paragraph' : 'section');
      if (reference.kind === 'qid') for (const id of refs.qids.get(reference.qid) ?? []) add(id, 1000, `Wikidata ${reference.qid}`);
      if (reference.kind === 'key') for (const { id, exact } of refs.byReference(reference.key)) add(id, exact ? 1000 : 600, 'archival reference');
      if (reference.kind === 'volume') {
        for (const v of refs.volumes.get(`${reference.collection}|${reference.volume}`) ?? []) {
          if (reference.book !== undefined && v.book !== undefined && v.book !== reference.book) continue;
          if (reference.page === undefined) add(v.id, 500, 'volume');
          else if (v.from !== undefined && reference.page >= v.from && reference.page <= (v.to ?? v.from)) add(v.id, 1000, 'volume and page');
        }
      }
    }

    // Each look-up within what is left of the search's postings budget (MAX_POSTINGS).
    const budget = { left: maxPostings };
    const omitted = new Set<string>();
    // Names, in every spelling, as match keys (the reconciliation service's); a misspelt name by its sound.
    const plain = { tokenize: (t: string) => t.split(' ').filter(Boolean), processTerm: (t: string) => t, fields: ['names'], combineWith: 'AND' as const };
    // A reference that matched ("FO 371/23682") is not also read as a name ("fo" is not Foreign Office).
    const referenced = scores.size > 0 && /\d/.test(query);
    for (const reading of referenced ? [] : queryReadings(query)) {
      const words = reading.words.slice(0, MAX_TERMS);
      if (words.length) {
        const names = this.affordable(plain.tokenize(words.join(' ')), plain.fields, (_t, i, all) => i === all.length - 1, (t) => editsFor(t), budget);
        for (const r of this.mini.search(names.query, { ...plain, prefix: names.prefix, fuzzy: names.fuzzy })) {
          add(r.id as number, 100 + r.score * 10 * this.shown.weights[r.id as number], 'name');
        }
      }
      const sounds = reading.sounds.slice(0, MAX_TERMS);
      if (sounds.length && sounds.length === reading.words.filter((w) => w.length >= 4).length) {
        const sounded = this.affordable(plain.tokenize(sounds.join(' ')), plain.fields, () => false, () => 0, budget);
        for (const r of this.mini.search(sounded.query, plain)) add(r.id as number, 100 + r.score * 5 * this.shown.weights[r.id as number], 'name (as it sounds)');
      }
    }
    const tokens = MiniSearch.getDefault('tokenize')(query).filter(Boolean).slice(0, MAX_TERMS);
    const terms = tokens.flatMap((t: string) => MiniSearch.getDefault('processTerm')(t) ?? []).filter(Boolean) as string[];
    if (terms.length) {
      const fields = ['title', 'text'];
      const run = (combineWith: 'AND' | 'OR') => {
        const words = this.affordable(terms, fields, (t, i, all) => i === all.length - 1 && t.length >= 2, (t) => (t.length >= 6 ? 0.15 : 0), budget);
        for (const word of words.omitted) omitted.add(word);
        return this.mini.search(words.query, { fields, boost: { title: 2 }, prefix: words.prefix, fuzzy: words.fuzzy, combineWith });
      };
      let results: SearchResult[] = run('AND');
      // Any word rather than all of them, only when nothing else was found.
      if (results.length === 0 && scores.size === 0 && tokens.length > 1) results = run('OR');
      for (const r of results) add(r.id as number, r.score * this.shown.weights[r.id as number], undefined);
    }

    const ranked = [...scores].map(([id, s]) => ({ id, kind: this.shown.kind(id), ...s })).sort((a, b) => b.score - a.score);
    const groups = GROUPS.map((g) => {
      const members = ranked.filter((r) => g.kinds.includes(r.kind));
      return {
        title: g.title, kinds: g.kinds, total: members.length,
        hits: this.shown.hits(members.slice(0, limit)),
      };
    }).filter((g) => g.total > 0)
      // Groups by their best match (a reference, then a name, then words); equal ones keep their order.
      .sort((a, b) => tier(b.hits[0].score) - tier(a.hits[0].score));
    return { query, total: ranked.length, groups, ...(omitted.size ? { omitted: [...omitted] } : {}) };
  }

  /**
   * A look-up's terms that fit in what is left of the search's postings budget:
   * the rarest first, the rarest always, the budget charged with what they cost
   * (the postings of each term in `fields`, of its prefix and fuzzy variants as
   * MiniSearch expands them). Returns the query of the kept terms, in their order,
   * with the prefix and fuzzy rules each had in the whole query, and the terms
   * left out. Under the budget, the query MiniSearch reads is the one it was given.
   */
  private affordable(terms: string[], fields: string[], prefix: TermRule<boolean>, fuzzy: TermRule<number>, budget: { left: number }):
    { query: string; prefix: TermRule<boolean>; fuzzy: TermRule<number>; omitted: string[] } {
    if (terms.length === 0) return { query: '', prefix: () => false, fuzzy: () => 0, omitted: [] };
    const mini = this.mini as unknown as MiniSearchTerms;
    const fieldIds = fields.map((f) => mini._fieldIds[f]);
    const count = (data: FieldPostings | undefined) => (data ? fieldIds.reduce((n, id) => n + (data.get(id)?.size ?? 0), 0) : 0);
    const specs = terms.map((term, i) => {
      const p = prefix(term, i, terms);
      const f = fuzzy(term, i, terms);
      const exact = count(mini._index.get(term));
      let cost = exact;
      if (p) for (const [variant, data] of mini._index.atPrefix(term)) if (variant !== term) cost += count(data);
      // As MiniSearch reads a fuzziness: below 1 a fraction of the term's length (at most 6 edits), else edits.
      const distance = f && f < 1 ? Math.min(6, Math.round(term.length * f)) : f;
      if (distance) for (const [variant, [data]] of mini._index.fuzzyGet(term, distance)) if (variant !== term && !(p && variant.startsWith(term))) cost += count(data);
      return { term, prefix: p, fuzzy: f, cost, exact };
    });
    const keep = new Set<number>();
    for (const i of specs.map((_, i) => i).sort((a, b) => specs[a].cost - specs[b].cost)) {
      const spec = specs[i];
      if (spec.cost > budget.left) {
        if (keep.size > 0) continue;
        // The rarest term alone is over: it is looked up as it is, without its variants.
        Object.assign(spec, { prefix: false, fuzzy: 0, cost: spec.exact });
      }
      keep.add(i);
      budget.left -= spec.cost;
    }
    const kept = specs.filter((_, i) => keep.has(i));
    return {
      query: kept.map((s) => s.term).join(' '),
      prefix: (_t, i) => kept[i].prefix,
      fuzzy: (_t, i) => kept[i].fuzzy,
      omitted: specs.filter((_, i) => !keep.has(i)).map((s) => s.term),
    };
  }

  /** Gives back the index file it reads hits from (a large release's); it answers no search after. */
  close(): void {
    this.shown.close();
  }
}

/** MiniSearch's per-term prefix and fuzzy options: by the term, its position and the query's terms. */
type TermRule<T> = (term: string, i: number, terms: string[]) => T;

export { referenceKey };
