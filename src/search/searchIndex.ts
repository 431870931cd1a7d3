// The search index: MiniSearch over names (as match keys) and words, plus exact
// look-ups for the references historians type (archival reference, registry
// number, volume and page, footnote, paragraph, QID). Built at build time into
// dist/search-index.ndjson, loaded when the server starts; a query is bounded in
// length, in terms and in results, and costs an index look-up, not a scan.

import MiniSearch, { type SearchResult } from 'minisearch';
import { type SearchDoc, type SearchKind } from './documents.js';
import { editsFor, queryReadings } from './names.js';
import { parseReferences, referenceKey } from './references.js';

export const SEARCH_INDEX_FILE = 'search-index.ndjson';
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 12;
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
export interface SearchAnswer { query: string; total: number; groups: SearchGroup[]; truncated?: boolean }

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
  private readonly refKeys: string[];
  private readonly refIds: Int32Array;

  constructor(docs: Stored[]) {
    const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
      const list = map.get(key);
      if (list) list.push(value); else map.set(key, [value]);
    };
    const refs: [string, number][] = [];
    for (const doc of docs) {
      if (doc.footnote !== undefined) push(this.footnotes, doc.footnote, doc.id);
      if (doc.paragraph) push(this.paragraphs, `${doc.paragraph.section}.${doc.paragraph.n ?? ''}`, doc.id);
      for (const qid of doc.qids ?? []) push(this.qids, qid, doc.id);
      for (const v of doc.volumes ?? []) {
        for (const c of v.collections) push(this.volumes, `${c}|${v.volume}`, { id: doc.id, book: v.book, from: v.from, to: v.to });
      }
      for (const ref of doc.refs ?? []) refs.push([ref, doc.id]);
    }
    refs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.refKeys = refs.map(([ref]) => ref);
    this.refIds = Int32Array.from(refs, ([, id]) => id);
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

/**
 * What a hit shows, one column per field rather than an object per document: at
 * 100 articles (176,000 documents) objects with their empty reference lists took
 * about 100 MB of the server's heap, the columns about a third of that.
 */
class Shown {
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

  hit(id: number, score: number, why: string | undefined): SearchHit {
    return { iri: this.iris[id], label: this.labels[id], kind: this.kind(id), date: this.dates[id], description: this.descriptions[id], score: Math.round(score * 100) / 100, why };
  }
}

const ALL_KINDS: SearchKind[] = GROUPS.flatMap((g) => g.kinds);

/** 3: an exact reference, 2: a partial one or a name, 1: words. */
function tier(score: number): number {
  return score >= 1000 ? 3 : score >= 100 ? 2 : 1;
}

export class SearchIndex {
  private readonly references: References;
  private readonly shown: Shown;

  private constructor(private readonly mini: MiniSearch, docs: Stored[]) {
    docs.forEach((doc, i) => { if (doc.id !== i) throw new Error(`search document ${doc.iri} has id ${doc.id}, expected ${i}`); });
    this.references = new References(docs);
    this.shown = new Shown(docs);
  }

  static build(documents: SearchDoc[]): SearchIndex {
    const mini = new MiniSearch(options());
    mini.addAll(documents.map((d) => ({ id: d.id, names: d.names, title: d.label, text: d.text })));
    return new SearchIndex(mini, documents.map(stored));
  }

  /**
   * The index as the lines of its file: a header (the format, the number of
   * documents and MiniSearch's figures), one line per document (what hits show
   * and the references), then one per term of MiniSearch's index. Lines, not one
   * JSON text, so that a server reads the file term by term: at 100 articles one
   * JSON text (130 MB) parsed whole took about 700 MB of heap on the way to an
   * index of 300.
   */
  static *lines(documents: SearchDoc[]): Generator<string> {
    const { index, ...figures } = SearchIndex.build(documents).mini.toJSON();
    yield JSON.stringify({ format: FORMAT, documents: documents.length, mini: figures });
    for (const doc of documents) yield JSON.stringify(stored(doc));
    for (const term of index) yield JSON.stringify(term);
  }

  /** The index from the lines of its file. */
  static fromLines(lines: Iterable<string>): SearchIndex {
    const { docs, js } = SearchIndex.parts(lines);
    return new SearchIndex(MiniSearch.loadJS(js as never, options()), docs);
  }

  /** The same, pausing between batches of terms so that a server goes on answering meanwhile. */
  static async fromLinesAsync(lines: Iterable<string>): Promise<SearchIndex> {
    const { docs, js } = SearchIndex.parts(lines);
    return new SearchIndex(await MiniSearch.loadJSAsync(js as never, options()), docs);
  }

  private static parts(lines: Iterable<string>): { docs: Stored[]; js: object } {
    const it = lines[Symbol.iterator]();
    const next = (): string => {
      const line = it.next();
      if (line.done) throw new Error('search index file ends early: rebuild');
      return line.value;
    };
    const header = JSON.parse(next()) as { format?: number; documents: number; mini: object };
    if (header.format !== FORMAT) throw new Error(`search index format ${header.format}, expected ${FORMAT}: rebuild`);
    const docs: Stored[] = [];
    for (let i = 0; i < header.documents; i++) docs.push(JSON.parse(next()) as Stored);
    // MiniSearch reads its terms from any iterable: each line is parsed when it gets to it.
    const terms = (function* () {
      for (let line = it.next(); !line.done; line = it.next()) yield JSON.parse(line.value) as [string, unknown];
    })();
    return { docs, js: { ...header.mini, index: terms } };
  }

  get size(): number {
    return this.shown.size;
  }

  /** Results grouped by kind, at most `limit` per group; totals say how many matched. */
  search(input: string, limit = 10): SearchAnswer {
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

    // Names, in every spelling, as match keys (the reconciliation service's); a misspelt name by its sound.
    const plain = { tokenize: (t: string) => t.split(' ').filter(Boolean), processTerm: (t: string) => t, fields: ['names'], combineWith: 'AND' as const };
    // A reference that matched ("FO 371/23682") is not also read as a name ("fo" is not Foreign Office).
    const referenced = scores.size > 0 && /\d/.test(query);
    for (const reading of referenced ? [] : queryReadings(query)) {
      const words = reading.words.slice(0, MAX_TERMS);
      if (words.length) {
        for (const r of this.mini.search(words.join(' '), { ...plain, prefix: (_t, i, all) => i === all.length - 1, fuzzy: (t) => editsFor(t) })) {
          add(r.id as number, 100 + r.score * 10 * this.shown.weights[r.id as number], 'name');
        }
      }
      const sounds = reading.sounds.slice(0, MAX_TERMS);
      if (sounds.length && sounds.length === reading.words.filter((w) => w.length >= 4).length) {
        for (const r of this.mini.search(sounds.join(' '), plain)) add(r.id as number, 100 + r.score * 5 * this.shown.weights[r.id as number], 'name (as it sounds)');
      }
    }
    const words = MiniSearch.getDefault('tokenize')(query).filter(Boolean).slice(0, MAX_TERMS).join(' ');
    if (words) {
      const run = (combineWith: 'AND' | 'OR') => this.mini.search(words, { fields: ['title', 'text'], boost: { title: 2 }, prefix: (t, i, all) => i === all.length - 1 && t.length >= 2, fuzzy: (t) => (t.length >= 6 ? 0.15 : 0), combineWith });
      let results: SearchResult[] = run('AND');
      // Any word rather than all of them, only when nothing else was found.
      if (results.length === 0 && scores.size === 0 && words.includes(' ')) results = run('OR');
      for (const r of results) add(r.id as number, r.score * this.shown.weights[r.id as number], undefined);
    }

    const ranked = [...scores].map(([id, s]) => ({ id, kind: this.shown.kind(id), ...s })).sort((a, b) => b.score - a.score);
    const groups = GROUPS.map((g) => {
      const members = ranked.filter((r) => g.kinds.includes(r.kind));
      return {
        title: g.title, kinds: g.kinds, total: members.length,
        hits: members.slice(0, limit).map((r) => this.shown.hit(r.id, r.score, r.why)),
      };
    }).filter((g) => g.total > 0)
      // Groups by their best match (a reference, then a name, then words); equal ones keep their order.
      .sort((a, b) => tier(b.hits[0].score) - tier(a.hits[0].score));
    return { query, total: ranked.length, groups };
  }
}

export { referenceKey };
