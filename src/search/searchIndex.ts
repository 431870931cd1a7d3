// The search index: MiniSearch over names (as match keys) and words, plus exact
// look-ups for the references historians type (archival reference, registry
// number, volume and page, footnote, paragraph, QID). Built at build time into
// dist/search-index.json, loaded when the server starts; a query is bounded in
// length, in terms and in results, and costs an index look-up, not a scan.

import MiniSearch, { type SearchResult } from 'minisearch';
import { type SearchDoc, type SearchKind } from './documents.js';
import { editsFor, queryReadings } from './names.js';
import { parseReferences, referenceKey } from './references.js';

export const SEARCH_INDEX_FILE = 'search-index.json';
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 12;
const FORMAT = 3;

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

type Stored = Omit<SearchDoc, 'names' | 'text'>;

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
  /** Reference keys in order, for exact and prefix look-up by binary search. */
  readonly refs: [string, number][] = [];

  constructor(docs: Stored[]) {
    const push = <K>(map: Map<K, number[]>, key: K, id: number) => map.set(key, [...(map.get(key) ?? []), id]);
    for (const doc of docs) {
      if (doc.footnote !== undefined) push(this.footnotes, doc.footnote, doc.id);
      if (doc.paragraph) push(this.paragraphs, `${doc.paragraph.section}.${doc.paragraph.n ?? ''}`, doc.id);
      for (const qid of doc.qids) push(this.qids, qid, doc.id);
      for (const v of doc.volumes) {
        for (const c of v.collections) {
          const key = `${c}|${v.volume}`;
          this.volumes.set(key, [...(this.volumes.get(key) ?? []), { id: doc.id, book: v.book, from: v.from, to: v.to }]);
        }
      }
      for (const ref of doc.refs) this.refs.push([ref, doc.id]);
    }
    this.refs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Documents whose reference is the key, or begins with it at a boundary ("fo371" -> "fo371/23682"). */
  byReference(key: string): { id: number; exact: boolean }[] {
    let low = 0;
    let high = this.refs.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.refs[mid][0] < key) low = mid + 1; else high = mid;
    }
    const out: { id: number; exact: boolean }[] = [];
    for (let i = low; i < this.refs.length && this.refs[i][0].startsWith(key) && out.length < 500; i++) {
      const [ref, id] = this.refs[i];
      if (ref === key) out.push({ id, exact: true });
      else if (/^[/\D]/.test(ref.slice(key.length))) out.push({ id, exact: false });
    }
    return out;
  }
}

/** 3: an exact reference, 2: a partial one or a name, 1: words. */
function tier(score: number): number {
  return score >= 1000 ? 3 : score >= 100 ? 2 : 1;
}

export class SearchIndex {
  private readonly references: References;

  private constructor(private readonly mini: MiniSearch, private readonly docs: Stored[]) {
    this.references = new References(docs);
  }

  static build(documents: SearchDoc[]): SearchIndex {
    const mini = new MiniSearch(options());
    mini.addAll(documents.map((d) => ({ id: d.id, names: d.names, title: d.label, text: d.text })));
    return new SearchIndex(mini, documents.map(({ names: _n, text: _t, ...rest }) => rest));
  }

  static fromJSON(json: string): SearchIndex {
    const data = JSON.parse(json) as { format: number; docs: Stored[]; index: unknown };
    if (data.format !== FORMAT) throw new Error(`search index format ${data.format}, expected ${FORMAT}: rebuild`);
    return new SearchIndex(MiniSearch.loadJS(data.index as never, options()), data.docs);
  }

  toJSON(): string {
    return JSON.stringify({ format: FORMAT, docs: this.docs, index: this.mini.toJSON() });
  }

  get size(): number {
    return this.docs.length;
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
          add(r.id as number, 100 + r.score * 10 * (this.docs[r.id as number].weight ?? 1), 'name');
        }
      }
      const sounds = reading.sounds.slice(0, MAX_TERMS);
      if (sounds.length && sounds.length === reading.words.filter((w) => w.length >= 4).length) {
        for (const r of this.mini.search(sounds.join(' '), plain)) add(r.id as number, 100 + r.score * 5 * (this.docs[r.id as number].weight ?? 1), 'name (as it sounds)');
      }
    }
    const words = MiniSearch.getDefault('tokenize')(query).filter(Boolean).slice(0, MAX_TERMS).join(' ');
    if (words) {
      const run = (combineWith: 'AND' | 'OR') => this.mini.search(words, { fields: ['title', 'text'], boost: { title: 2 }, prefix: (t, i, all) => i === all.length - 1 && t.length >= 2, fuzzy: (t) => (t.length >= 6 ? 0.15 : 0), combineWith });
      let results: SearchResult[] = run('AND');
      // Any word rather than all of them, only when nothing else was found.
      if (results.length === 0 && scores.size === 0 && words.includes(' ')) results = run('OR');
      for (const r of results) add(r.id as number, r.score * (this.docs[r.id as number].weight ?? 1), undefined);
    }

    const ranked = [...scores].map(([id, s]) => ({ doc: this.docs[id], ...s })).sort((a, b) => b.score - a.score);
    const groups = GROUPS.map((g) => {
      const members = ranked.filter((r) => g.kinds.includes(r.doc.kind));
      return {
        title: g.title, kinds: g.kinds, total: members.length,
        hits: members.slice(0, limit).map((r) => ({ iri: r.doc.iri, label: r.doc.label, kind: r.doc.kind, date: r.doc.date, description: r.doc.description, score: Math.round(r.score * 100) / 100, why: r.why })),
      };
    }).filter((g) => g.total > 0)
      // Groups by their best match (a reference, then a name, then words); equal ones keep their order.
      .sort((a, b) => tier(b.hits[0].score) - tier(a.hits[0].score));
    return { query, total: ranked.length, groups };
  }
}

export { referenceKey };
