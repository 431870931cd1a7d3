// The matching index behind reconciliation: every name of every entity parsed
// once (src/link/names.ts) and its match keys put in a MiniSearch inverted index,
// so a query looks up the few entities that share a word, a near spelling or a
// sound with it and scores only those. The cost of one query is bounded: names are
// read up to 32 words, words up to 40 letters (names.ts), fuzzy look-ups allow at
// most two edits, and at most MAX_CANDIDATES entities are scored.
// Plain data in, plain data out: it runs in the reconciliation worker, which adds
// the records one by one as it reads them from the release's records file, and
// keeps them there (RecordsOnFile) or, given no file, in memory.
// The parsed names are needed only to score the few candidates of a query: they
// are parsed again when needed and a bounded number kept (at 100 articles, all of
// them parsed at once would take about 160 MB).

import MiniSearch from 'minisearch';
import { allowedEdits, parseName, scoreName, termsOf, type NameForm, type NameKind } from '../../link/names.js';
import { type ReconRecord } from '../../reconcile/records.js';
import { type RecordPlace, type RecordsOnFile } from '../../reconcile/recordsFile.js';
import { LruCache } from '../../store/lruCache.js';

export interface PropertyConstraint { pid: string; v: unknown }

export interface SearchOptions { type?: string; properties?: PropertyConstraint[]; limit: number }

export interface Candidate {
  /** The record's index in the records the index was built from. */
  at: number;
  score: number;
  /** A name matched exactly (or the Wikidata id did) and no constraint argued against it. */
  exact: boolean;
  /** Exact, first, and clearly ahead of the next: safe to accept without review. */
  match: boolean;
}

/** Entities scored per query at most (those sharing most with the query first). */
export const MAX_CANDIDATES = 64;
/** Query terms looked up with edits allowed. */
const FUZZY_TERMS = 24;
/** Below this name score (0..1) an entity is not a candidate. */
const MIN_NAME_SCORE = 0.5;
/** Parsed names kept for scoring (about 2 kB each): every name of a release of a few articles. */
const NAMES_KEPT = 10_000;

const kindOf = (record: ReconRecord): NameKind => (record.type.id === 'person' ? 'person' : 'other');

/** Where the index's records are kept: in memory, or in their file (read back by position). */
interface RecordShelf {
  readonly size: number;
  add(record: ReconRecord, place?: RecordPlace): void;
  get(at: number): ReconRecord;
  release(): void;
}

class RecordsInMemory implements RecordShelf {
  private readonly records: ReconRecord[] = [];
  get size(): number { return this.records.length; }
  add(record: ReconRecord): void { this.records.push(record); }
  get(at: number): ReconRecord { return this.records[at]; }
  release(): void { /* nothing held */ }
}

export class ReconciliationIndex {
  private readonly records: RecordShelf;
  /** Parsed names of the records scored lately (filled by queries, not by adding: at 100 articles that would hold 20 MB). */
  private readonly forms = new LruCache<NameForm[]>(NAMES_KEPT);
  private readonly byQid = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();
  private readonly search = new MiniSearch<{ at: number; terms: string; type: string }>({
    idField: 'at',
    fields: ['terms'],
    storeFields: ['type'],
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
  });

  /** Records given now are kept in memory; with `onFile`, those added later stay in their file. */
  constructor(records: Iterable<ReconRecord> = [], onFile?: RecordsOnFile) {
    this.records = onFile ?? new RecordsInMemory();
    for (const record of records) this.add(record);
  }

  /** Adds a record (where its line is in the file, when the index reads records from there). */
  add(record: ReconRecord, place?: RecordPlace): void {
    const at = this.records.size;
    this.records.add(record, place!);
    this.search.add({ at, type: record.type.id, terms: [...new Set(this.parse(record).flatMap(termsOf))].join(' ') });
    for (const qid of record.qids) this.byQid.set(qid.toUpperCase(), [...(this.byQid.get(qid.toUpperCase()) ?? []), at]);
    if (!this.byId.has(record.id)) this.byId.set(record.id, at);
  }

  get size(): number {
    return this.records.size;
  }

  /** The record at a candidate's `at`. */
  record(at: number): ReconRecord {
    return this.records.get(at);
  }

  /** The record with this id. */
  get(id: string): ReconRecord | undefined {
    const at = this.byId.get(id);
    return at === undefined ? undefined : this.records.get(at);
  }

  /** A job is answered: what it opened to read records is closed. */
  release(): void {
    this.records.release();
  }

  private parse(record: ReconRecord): NameForm[] {
    return record.names.map((name) => parseName(name, kindOf(record)));
  }

  private formsOf(at: number): NameForm[] {
    let forms = this.forms.get(String(at));
    if (!forms) this.forms.set(String(at), (forms = this.parse(this.records.get(at))));
    return forms;
  }

  /** Candidates for a name, best first. */
  find(query: string, options: SearchOptions): Candidate[] {
    const text = query.trim();
    const properties = options.properties ?? [];
    const qidConstraint = properties.find((p) => p.pid === 'wikidata');
    const qid = /^Q[1-9][0-9]*$/i.test(text) ? text : qidConstraint ? constraintValue(qidConstraint.v) : '';
    const direct = qid ? this.byQid.get(qid.toUpperCase()) ?? [] : [];
    const parsed: Partial<Record<NameKind, NameForm>> = {};
    const queryForm = (kind: NameKind) => (parsed[kind] ??= parseName(text, kind));

    const pool = direct.length ? direct : this.lookup(queryForm, options.type);
    const scored: Candidate[] = [];
    const names = new Map<number, string>();
    for (const at of pool) {
      const record = this.records.get(at);
      if (options.type && record.type.id !== options.type) continue;
      let nameScore = 1;
      let labelExact = true;
      if (!direct.length) {
        const q = queryForm(kindOf(record));
        const scores = this.formsOf(at).map((form) => scoreName(q, form));
        nameScore = Math.max(0, ...scores);
        labelExact = scores[0] === 1;
      }
      if (nameScore < MIN_NAME_SCORE) continue;
      // An exact label scores 100, an exact variant 98: a type-less "London" is the city
      // (label) before the archive that also lists "London" among its names.
      let score = nameScore === 1 ? (labelExact ? 100 : 98) : nameScore * 100;
      for (const { pid, v } of properties) score *= constraintFactor(record, pid, v);
      if (score < 40) continue;
      const exact = nameScore === 1 && score >= (labelExact ? 100 : 98);
      scored.push({ at, score: Math.round(Math.min(100, score)), exact, match: false });
      names.set(at, record.name);
    }
    scored.sort((a, b) => b.score - a.score || names.get(a.at)!.localeCompare(names.get(b.at)!));
    const [top, second] = scored;
    if (top?.exact && (!second || second.score <= top.score - 2)) top.match = true;
    return scored.slice(0, options.limit);
  }

  /** Entities sharing a match key with the query (fuzzily), most in common first. */
  private lookup(queryForm: (kind: NameKind) => NameForm, type: string | undefined): number[] {
    const kinds: NameKind[] = type === 'person' ? ['person'] : type ? ['other'] : ['person', 'other'];
    const terms = [...new Set(kinds.flatMap((kind) => termsOf(queryForm(kind))))];
    if (terms.length === 0) return [];
    const results = this.search.search({ queries: terms, combineWith: 'OR' }, {
      // Words: the edits names.ts tolerates (two only for the first few words: a
      // name has few, and a two-edit look-up is the costly one); sound codes: one
      // edit when long; past FUZZY_TERMS terms, exact look-ups only.
      fuzzy: (term, i) => {
        if (i >= FUZZY_TERMS) return false;
        if (term.startsWith('~')) return term.length >= 6 ? 1 : false;
        return Math.min(allowedEdits(term), i < 12 ? 2 : 1) || false;
      },
      maxFuzzy: 2,
      filter: type ? (result) => result.type === type : undefined,
    });
    return results.slice(0, MAX_CANDIDATES).map((result) => result.id as number);
  }

  /** Type-ahead: entities with a name whose words start with the prefix's words, best first. */
  suggest(prefix: string, limit: number, type?: string): number[] {
    const terms = parseName(prefix, 'other').tokens;
    if (terms.length === 0) return [];
    return this.search.search(terms.join(' '), {
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      prefix: (_term, i, all) => i === all.length - 1,
      combineWith: 'AND',
      filter: type ? (result) => result.type === type : undefined,
    }).slice(0, limit).map((result) => result.id as number);
  }

  byWikidata(qid: string): number[] {
    return this.byQid.get(qid.toUpperCase()) ?? [];
  }
}

function constraintValue(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return String(typeof v === 'object' && v !== null && 'id' in v ? (v as { id: unknown }).id : v ?? '').trim();
}

/** How a property constraint changes a candidate's score: up when it fits, down when it contradicts. */
function constraintFactor(record: ReconRecord, pid: string, value: unknown): number {
  const v = constraintValue(value).toLowerCase();
  if (!v) return 1;
  switch (pid) {
    case 'side':
      if (!record.side) return 0.8;
      return record.side.id === v || record.side.name.toLowerCase() === v ? 1.1 : 0.4;
    case 'office':
      if (record.offices.length === 0) return 0.7;
      return record.offices.some((o) => o.toLowerCase().includes(v) || v.includes(o.toLowerCase())) ? 1.1 : 0.6;
    case 'wikidata':
      return record.qids.map((q) => q.toLowerCase()).includes(v) ? 1.2 : record.qids.length ? 0.3 : 0.8;
    case 'date': {
      const year = /\d{4}/.exec(v)?.[0];
      if (!year || !record.earliest) return 1;
      return record.earliest.slice(0, 4) <= year && (record.latest ?? '9999').slice(0, 4) >= year ? 1.1 : 0.5;
    }
    default:
      return 1;
  }
}
