// The list behind every collection IRI (/id/person/, /id/document/ ...): the
// entities whose IRIs lie under it, with the columns a reader sorts and filters
// by (name, date, side, type, office, topic), and the groupings of the special
// lists: documents by archive, series and piece (or by printed collection),
// footnotes 1-N with their citations, the article's sections and paragraphs in
// reading order. The rows of a kind are read once per dataset, kept as columns
// (listColumns.ts), and filtered here; a page's rows are read back when shown.

import { perReleaseByKey, type Lookup } from '../../engine/lookup.js';
import { ENTITY_KINDS, KIND_CLASSES, type EntityKind } from '../../model/iri.js';
import { baseIri, ns } from '../../model/namespaces.js';
import { type Row } from '../../store/select.js';
import { groupBy, iriTerm, uniqueBy, type Ref } from './common.js';
import { loadClaimLines, type CitationItemView, type ClaimLine } from './entity.js';
import { flattenDocuments, groupDocuments, type DocumentGroup } from './documentGroups.js';
import { columnsOfRows, type ListColumns } from './listColumns.js';

export const CLAIM_LINKS = 'dly:agent|dly:about|dly:addressee|dly:concerns|prov:wasDerivedFrom|dly:citedIn|prov:wasAttributedTo|dly:quotation/dly:speaker|dly:passage/oa:hasSource';
export const PAGE_SIZE = 100;

export interface KindInfo { kind: EntityKind; title: string; singular: string; blurb: string; sort: 'name' | 'date' | 'number'; filters: FilterName[] }
export type FilterName = 'side' | 'type' | 'from' | 'to' | 'office' | 'topic' | 'q' | 'about' | 'source' | 'claimKind' | 'verdict';

/** The pattern that binds ?x to the entities of a kind: one of its classes, under its IRI space, not a hash part. */
export function kindPattern(kind: EntityKind, variable = '?x'): string {
  const classes = KIND_CLASSES[kind];
  const typed = classes.length === 1 ? `${variable} a ${classes[0]} .` : `{ SELECT DISTINCT ${variable} WHERE { VALUES ?kindClass { ${classes.join(' ')} } ${variable} a ?kindClass } }`;
  return `${typed} FILTER(STRSTARTS(STR(${variable}), ${JSON.stringify(`${baseIri()}id/${kind}/`)}) && !CONTAINS(STR(${variable}), "#"))`;
}

export const KINDS: Record<EntityKind, KindInfo> = {
  person: { kind: 'person', title: 'People', singular: 'person', blurb: 'Everyone the article names: actors, writers, scholars.', sort: 'name', filters: ['q', 'side', 'type', 'office'] },
  group: { kind: 'group', title: 'Groups', singular: 'group', blurb: 'Collectives treated as agents (the Foreign Office clerks, the Soviet negotiators).', sort: 'name', filters: ['q', 'side'] },
  organisation: { kind: 'organisation', title: 'Organisations', singular: 'organisation', blurb: 'Governments, ministries, departments, parties, archives.', sort: 'name', filters: ['q', 'side', 'type'] },
  place: { kind: 'place', title: 'Places', singular: 'place', blurb: 'Countries, cities and other places the article mentions.', sort: 'name', filters: ['q', 'type'] },
  post: { kind: 'post', title: 'Posts', singular: 'post', blurb: 'Offices held, with who held them.', sort: 'name', filters: ['q', 'side'] },
  event: { kind: 'event', title: 'Events', singular: 'event', blurb: 'Events in date order (meetings have their own list).', sort: 'date', filters: ['q', 'type', 'from', 'to', 'topic'] },
  meeting: { kind: 'meeting', title: 'Meetings', singular: 'meeting', blurb: 'Conversations, meals and cabinet meetings in date order, with who took part.', sort: 'date', filters: ['q', 'type', 'from', 'to', 'topic'] },
  document: { kind: 'document', title: 'Documents', singular: 'document', blurb: 'Primary sources: by archive, series and piece, or by the printed collection they are published in.', sort: 'date', filters: ['q', 'side', 'type', 'from', 'to'] },
  work: { kind: 'work', title: 'Published works', singular: 'work', blurb: 'Books, articles, journals and document collections cited.', sort: 'name', filters: ['q', 'type'] },
  claim: { kind: 'claim', title: 'Claims', singular: 'claim', blurb: 'Every statement with its source, whose account, footnotes and passage, in date order.', sort: 'date', filters: ['q', 'side', 'claimKind', 'from', 'to', 'topic', 'about', 'source'] },
  comparison: { kind: 'comparison', title: 'Comparisons of accounts', singular: 'comparison', blurb: 'Where the article sets two records of the same meeting side by side, and how they differ.', sort: 'date', filters: ['q', 'verdict', 'from', 'to'] },
  footnote: { kind: 'footnote', title: 'Footnotes', singular: 'footnote', blurb: 'The article’s footnotes in order, each with its citation and links to what it cites.', sort: 'number', filters: ['q'] },
  section: { kind: 'section', title: 'The article, section by section', singular: 'section', blurb: 'The sections and their paragraphs in reading order, with what each paragraph supports.', sort: 'number', filters: [] },
  passage: { kind: 'passage', title: 'Paragraphs', singular: 'paragraph', blurb: 'The article’s paragraphs in reading order, with what each supports.', sort: 'number', filters: [] },
  concept: { kind: 'concept', title: 'Concepts', singular: 'concept', blurb: 'The vocabularies: sides, topics, kinds of discrepancy, document gradings and more, scheme by scheme.', sort: 'name', filters: ['q'] },
  link: { kind: 'link', title: 'Wikidata links', singular: 'link', blurb: 'Every link to Wikidata with the item’s name and the evidence for it.', sort: 'name', filters: ['q'] },
};

export function collectionPath(kind: EntityKind): string {
  return `/id/${kind}/`;
}

export function isKind(value: string): value is EntityKind {
  return (ENTITY_KINDS as readonly string[]).includes(value);
}

export interface ItemRow extends Ref {
  description?: string;
  latest?: string;
  side?: Ref;
  type?: string;
  /** Kind-specific: offices, topics, record, verdict, footnotes... */
  offices: Ref[];
  topics: string[];
  extra: Record<string, string | undefined>;
}

export interface FilterState { [key: string]: string | undefined }

export interface CollectionView {
  info: KindInfo;
  total: number;
  rows: ItemRow[];
  /** Rows after filtering, before paging. */
  matching: number;
  page: number;
  pages: number;
  sort: string;
  order: 'asc' | 'desc';
  filters: FilterState;
  /** The choices of the filters; offices bounded (boundedOptions), officeCount saying how many there are. */
  options: { sides: Ref[]; types: string[]; offices: Ref[]; officeCount: number; topics: Ref[] };
  /** The entity a claims list is narrowed to, and the source. */
  about?: Ref;
  source?: Ref;
  claims?: ClaimLine[];
  footnotes?: { ref: Ref; paragraph?: Ref; items: CitationItemView[] }[];
  article?: { section: Ref; paragraphs: { ref: Ref; ordinal: number; footnotes: Ref[]; supports: Record<string, number> }[] }[];
  documents?: DocumentGroup<ItemRow>[];
}

/** The orders a list can be sorted in (?sort=). */
export const SORTS = ['name', 'date', 'number'] as const;
export type SortKey = typeof SORTS[number];

/**
 * Every row of a kind in memory, in the kind's own order, with its place in
 * every order: what the build reads from the store (readKindList) and writes as
 * the release's list file (listFile.ts). A server keeps less (ListColumns).
 */
export interface KindRows {
  kind: EntityKind;
  /** In the kind's own order (KINDS[kind].sort). */
  rows: ItemRow[];
  /** For each order, the rows' indices in that order. */
  orders: Record<SortKey, Uint32Array>;
}

/** Where the lists of a release come from: one ListColumns per kind, read once. */
export type ListSource = (kind: EntityKind) => Promise<ListColumns>;

const storeLists = perReleaseByKey(async (lookup: Lookup, kind: EntityKind) => columnsOfRows(await readKindList(lookup, kind)));

/**
 * The lists read from the store, each kind once per release of the lookup (a
 * store switched by a load is read again); a failed read is tried again.
 */
export function storeListSource(lookup: Lookup): ListSource {
  return (kind) => storeLists(lookup, kind);
}

/** The rows of a kind read from the store, ordered. */
export async function readKindList(lookup: Lookup, kind: EntityKind): Promise<KindRows> {
  return orderedList(kind, await readKind(lookup, kind));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const labelCollator = new Intl.Collator('en', { numeric: true });

/**
 * The comparators of the orders, over rows' indices with their sort keys
 * computed once: by name (people by their last word); by date (the earliest
 * day, an xsd:date, so compared as text), then label; by footnote number, then
 * name. Each ends on the IRI, so that an order is total: the build and a
 * server, or two replicas, list equal names in the same order, and `next` walks
 * the same list whichever of them answers.
 */
function comparators(rows: ItemRow[]): Record<SortKey, (a: number, b: number) => number> {
  const names = rows.map(sortName);
  const dates = rows.map((r) => r.earliest ?? r.extra.cearliest ?? '9999');
  const byIri = (a: number, b: number) => (rows[a].iri < rows[b].iri ? -1 : rows[a].iri > rows[b].iri ? 1 : 0);
  const byName = (a: number, b: number) => collator.compare(names[a], names[b]) || byIri(a, b);
  return {
    name: byName,
    date: (a, b) => (dates[a] < dates[b] ? -1 : dates[a] > dates[b] ? 1 : 0) || labelCollator.compare(rows[a].label, rows[b].label) || byIri(a, b),
    number: (a, b) => {
      const [m, n] = [rows[a].n, rows[b].n];
      return m !== undefined && n !== undefined && m !== n ? m - n : byName(a, b);
    },
  };
}

/** The rows in the kind's own order, with every order computed. */
export function orderedList(kind: EntityKind, rows: ItemRow[]): KindRows {
  const own = KINDS[kind].sort;
  const sorted = rows.map((_, i) => i).sort(comparators(rows)[own]).map((i) => rows[i]);
  const compare = comparators(sorted);
  const indices = sorted.map((_, i) => i);
  const orders = Object.fromEntries(SORTS.map((sort) => [sort, Uint32Array.from(sort === own ? indices : [...indices].sort(compare[sort]))])) as Record<SortKey, Uint32Array>;
  return { kind, rows: sorted, orders };
}

async function readKind(lookup: Lookup, kind: EntityKind): Promise<ItemRow[]> {
  const under = kindPattern(kind);
  const [base, types, offices, topics] = await Promise.all([
    lookup.select(`SELECT ?x ?label ?description ?side ?sideLabel ?date ?earliest ?latest ?n WHERE { ${under} ?x rdfs:label ?label .
      OPTIONAL { ?x dcterms:description ?description } OPTIONAL { ?x dly:side ?side . ?side skos:prefLabel ?sideLabel }
      OPTIONAL { ?x dly:date ?date } OPTIONAL { ?x dly:earliest ?earliest } OPTIONAL { ?x dly:latest ?latest } OPTIONAL { ?x dly:footnoteNumber ?n } }`),
    kindTypes(lookup, under),
    kind === 'person' ? lookup.select(`SELECT ?x ?post ?postLabel WHERE { ${under} ?h dly:holder ?x ; dly:post ?post . ?post rdfs:label ?postLabel . }`) : Promise.resolve([]),
    ['event', 'meeting', 'claim'].includes(kind) ? lookup.select(`SELECT ?x ?topic WHERE { ${under} ?x dly:topic ?topic . }`) : Promise.resolve([]),
  ]);
  const typeOf = groupBy(types, (r) => r.x!);
  const officesOf = groupBy(offices, (r) => r.x!);
  const topicsOf = groupBy(topics, (r) => r.x!);
  const extras = await kindExtras(lookup, kind, under);
  return uniqueBy(base, (r) => r.x!).map((r) => {
    const typeRows = typeOf.get(r.x!) ?? [];
    const type = (typeRows.find((t) => t.conceptType) ?? typeRows.sort((a, b) => b.typeLabel!.length - a.typeLabel!.length || a.typeLabel!.localeCompare(b.typeLabel!))[0])?.typeLabel;
    return {
      iri: r.x!, label: r.n ? `Footnote ${r.n}` : r.label!, n: r.n ? Number(r.n) : undefined, description: r.description, date: r.date, earliest: r.earliest, latest: r.latest,
      side: r.side ? { iri: r.side, label: r.sideLabel! } : undefined, type,
      offices: uniqueBy((officesOf.get(r.x!) ?? []).map((o) => ({ iri: o.post!, label: o.postLabel! })), (o) => o.iri),
      topics: (topicsOf.get(r.x!) ?? []).map((t) => t.topic!),
      extra: extras.get(r.x!) ?? {},
    };
  });
}

/**
 * The most specific class of each item (one of its dly: classes with a label that
 * no other dly: class of the item is a stated subclass of), or its type concept (event
 * type, place type ...). The classes and the subclass statements are read apart
 * and put together here: as one query with FILTER NOT EXISTS, Virtuoso tested
 * the subclass pattern row by row (5 s for the people of 100 articles).
 */
async function kindTypes(lookup: Lookup, under: string): Promise<Row[]> {
  const [classes, concepts, subclasses] = await Promise.all([
    lookup.select(`SELECT ?x ?type WHERE { ${under} ?x a ?type . FILTER(STRSTARTS(STR(?type), STR(dly:))) }`),
    lookup.select(`SELECT ?x ?typeLabel WHERE { ${under} ?x dly:eventType|dly:placeType|dly:organisationType ?t . ?t skos:prefLabel ?typeLabel . }`),
    lookup.select(`SELECT DISTINCT ?sub ?type WHERE { ?sub rdfs:subClassOf ?type . FILTER(?sub != ?type) }`),
  ]);
  const ours = [...new Set(classes.map((r) => r.type!))];
  const labels = ours.length ? await lookup.select(`SELECT ?type ?typeLabel WHERE { VALUES ?type { ${ours.map(iriTerm).join(' ')} } ?type rdfs:label ?typeLabel }`) : [];
  const labelsOf = groupBy(labels, (r) => r.type!);
  const supers = groupBy(subclasses, (r) => r.sub!);
  const classesOf = groupBy(classes, (r) => r.x!);
  const rows: Row[] = [];
  for (const [x, list] of classesOf) {
    const shadowed = new Set(list.flatMap((r) => (supers.get(r.type!) ?? []).map((s) => s.type!)));
    for (const { type } of list) {
      if (shadowed.has(type!)) continue;
      for (const label of labelsOf.get(type!) ?? []) rows.push({ x, typeLabel: label.typeLabel });
    }
  }
  return [...rows, ...concepts.map((r) => ({ x: r.x, typeLabel: r.typeLabel, conceptType: 'true' }))];
}

/** Columns only some kinds have. */
async function kindExtras(lookup: Lookup, kind: EntityKind, under: string): Promise<Map<string, Record<string, string | undefined>>> {
  const query: Partial<Record<EntityKind, string>> = {
    document: `SELECT ?x ?archive ?archiveLabel ?series ?piece ?reference ?registry ?published ?publishedLabel ?pages ?number WHERE { ?x a dly:Document . ${under}
      OPTIONAL { ?x dly:archive ?archive . ?archive rdfs:label ?archiveLabel } OPTIONAL { ?x dly:archivalSeries ?series } OPTIONAL { ?x dly:archivalPiece ?piece }
      OPTIONAL { ?x dly:archivalReference ?reference } OPTIONAL { ?x dly:registryNumber ?registry } OPTIONAL { ?x dly:documentNumber ?number }
      OPTIONAL { ?x dly:publishedIn ?published . ?published rdfs:label ?publishedLabel } OPTIONAL { ?x dly:pages ?pages } }`,
    comparison: `SELECT ?x ?verdict ?concerns ?concernsLabel ?summary ?cdate ?cearliest (GROUP_CONCAT(DISTINCT ?kindLabel; separator=", ") AS ?kinds) WHERE { ?x a dly:AccountComparison . ${under}
      BIND(IF(EXISTS { ?x a dly:ConflictingAccounts }, "differ", "agree") AS ?verdict) OPTIONAL { ?x dly:discrepancySummary ?summary }
      OPTIONAL { ?x dly:discrepancyType/skos:prefLabel ?kindLabel }
      OPTIONAL { ?x dly:concerns ?concerns . ?concerns rdfs:label ?concernsLabel OPTIONAL { ?concerns dly:date ?cdate } OPTIONAL { ?concerns dly:earliest ?cearliest } } }
      GROUP BY ?x ?verdict ?concerns ?concernsLabel ?summary ?cdate ?cearliest`,
    link: `SELECT ?x ?subject ?subjectLabel ?target ?wikidataLabel ?property ?dates WHERE { ?x dly:linkSubject ?subject ; dly:linkTarget ?target ; dly:linkProperty ?property . ${under}
      ?subject rdfs:label ?subjectLabel OPTIONAL { ?x dly:wikidataLabel ?wikidataLabel } OPTIONAL { ?x dly:wikidataDates ?dates } }`,
    concept: `SELECT ?x ?scheme ?schemeLabel WHERE { ?x skos:inScheme ?scheme . ${under} OPTIONAL { ?scheme rdfs:label|skos:prefLabel ?schemeLabel } }`,
    claim: `SELECT ?x ?judgement ?record ?recordLabel WHERE { ?x a dly:Claim . ${under} BIND(IF(EXISTS { ?x a dly:AuthorJudgement }, "judgement", "source") AS ?judgement)
      OPTIONAL { ?x prov:wasDerivedFrom ?record . ?record rdfs:label ?recordLabel } }`,
    work: `SELECT ?x ?short ?partOf ?partOfLabel WHERE { ?x a dly:Work . ${under} OPTIONAL { ?x dly:shortTitle ?short } OPTIONAL { ?x dcterms:isPartOf ?partOf . ?partOf rdfs:label ?partOfLabel } }`,
  };
  if (!query[kind]) return new Map();
  const rows = await lookup.select(query[kind]!);
  return new Map([...groupBy(rows, (r) => r.x!)].map(([x, list]) => [x, list[0]]));
}

/** Accepts YYYY, YYYY-MM or YYYY-MM-DD (what a reader types or a date input sends). */
export function cleanDate(value: string | undefined): string | undefined {
  return value && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value.trim()) ? value.trim() : undefined;
}

/** At most this many choices in a filter's list: the most used, and the one chosen. */
export const OPTION_LIMIT = 100;

/** The choices of a list's filters, with the topics' labels read from the store on first use. */
const listOptions = (() => {
  const made = new WeakMap<ListColumns, Promise<Omit<CollectionView['options'], 'offices'> & { offices: (Ref & { uses: number })[] }>>();
  return (lookup: Lookup, list: ListColumns) => {
    let options = made.get(list);
    if (!options) {
      const { sides, types, offices, topicIris } = list.choices;
      options = (async () => {
        const topics = topicIris.length ? (await lookup.select(`SELECT ?t ?label WHERE { VALUES ?t { ${topicIris.map(iriTerm).join(' ')} } ?t skos:prefLabel ?label }`))
          .map((r) => ({ iri: r.t!, label: r.label! })).sort((a, b) => a.label.localeCompare(b.label)) : [];
        return { sides, types, offices, topics, officeCount: offices.length };
      })();
      made.set(list, options);
      options.catch(() => made.delete(list));
    }
    return options;
  };
})();

/** Documents listed by archive, in the order of that grouping (computed over the rows' columns). */
function documentOrder(list: ListColumns, indices: number[]): number[] {
  return flattenDocuments(groupDocuments(indices, (i, name) => list.documentField(i, name)));
}

/** The grouped order of a whole list, ascending and descending, kept once computed. */
const wholeDocumentOrders = new WeakMap<ListColumns, Map<boolean, Uint32Array>>();

/**
 * The choices a filter offers: all of them when there are few, else the
 * OPTION_LIMIT most used and the chosen one, in label order. A list of 100
 * articles' people holds some 6,000 offices (58,000 at 1,000): as a <select>
 * that is megabytes of HTML and a control no one can use.
 */
export function boundedOptions<T extends Ref & { uses?: number }>(mostUsedFirst: T[], chosen: string | undefined, limit = OPTION_LIMIT): Ref[] {
  const shown = mostUsedFirst.slice(0, limit);
  const selected = chosen && !shown.some((o) => o.iri === chosen) ? mostUsedFirst.find((o) => o.iri === chosen) : undefined;
  return [...shown, ...(selected ? [selected] : [])].map(({ iri, label }) => ({ iri, label })).sort((a, b) => a.label.localeCompare(b.label) || (a.iri < b.iri ? -1 : 1));
}

export async function loadCollection(lookup: Lookup, kind: EntityKind, params: FilterState, lists: ListSource = storeListSource(lookup)): Promise<CollectionView> {
  const info = KINDS[kind];
  const list = await lists(kind);
  const filters: FilterState = {};
  for (const name of info.filters) {
    const value = params[name]?.trim().slice(0, 200);
    if (value) filters[name] = value;
  }
  filters.from = cleanDate(filters.from);
  filters.to = cleanDate(filters.to);
  let about: Ref | undefined;
  let source: Ref | undefined;
  let narrowed: Uint8Array | undefined;
  if (kind === 'claim' && (filters.about || filters.source)) {
    const pattern = [
      filters.about && /^https?:\/\/\S+$/.test(filters.about) ? `?claim ${CLAIM_LINKS} ${iriTerm(filters.about)} .` : '',
      filters.source && /^https?:\/\/\S+$/.test(filters.source) ? `?claim prov:wasDerivedFrom ${iriTerm(filters.source)} .` : '',
    ].join(' ');
    if (pattern.trim()) {
      // The claims' IRIs are not kept: the rows whose IRI hashes as one of theirs are read and confirmed.
      const iris = new Set((await loadClaimLines(lookup, pattern)).map((c) => c.iri));
      const candidates = list.candidates(iris);
      narrowed = new Uint8Array(list.size);
      list.rowsAt(candidates).forEach((row, k) => { if (iris.has(row.iri)) narrowed![candidates[k]] = 1; });
    }
    const names = await lookup.select(`SELECT ?x ?label WHERE { VALUES ?x { ${[filters.about, filters.source].filter((x) => x && /^https?:\/\/\S+$/.test(x)).map((x) => iriTerm(x!)).join(' ')} } ?x rdfs:label ?label }`);
    const named = new Map(names.map((r) => [r.x!, r.label!]));
    if (filters.about) about = { iri: filters.about, label: named.get(filters.about) ?? filters.about };
    if (filters.source) source = { iri: filters.source, label: named.get(filters.source) ?? filters.source };
  }
  const words = filters.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  const text = words.length ? await list.textMask(words) : undefined;
  const columns = list.matcher(filters);
  const keep = (i: number) => (!narrowed || narrowed[i] === 1) && (!text || text[i] === 1) && columns(i);
  const filtered = Object.values(filters).some(Boolean) || narrowed !== undefined;
  const sort = (SORTS as readonly string[]).includes(params.sort ?? '') ? params.sort as SortKey : info.sort;
  const descending = params.order === 'desc';
  // The rows' indices in the asked order, filtered; the sorting was done when the list was read.
  const order = list.orders[sort];
  let indices: ArrayLike<number> = order;
  if (filtered) {
    const kept: number[] = [];
    for (const i of order) if (keep(i)) kept.push(i);
    indices = kept;
  }
  const matching = indices.length;
  const at = (k: number) => indices[descending ? matching - 1 - k : k];
  // Documents listed by archive are paged in that order, so that a page is a run of the grouping.
  const grouped = kind === 'document' && sort === 'date' && !params.sort;
  if (grouped) {
    const whole = filtered ? undefined : (wholeDocumentOrders.get(list) ?? wholeDocumentOrders.set(list, new Map()).get(list)!);
    let ordered = whole?.get(descending);
    if (!ordered) {
      ordered = Uint32Array.from(documentOrder(list, Array.from({ length: matching }, (_, k) => at(k))));
      whole?.set(descending, ordered);
    }
    indices = ordered;
  }
  // Every list is paged, the grouped ones too: a page's size and the reads behind it
  // stay the same however many articles the release holds.
  const pages = Math.max(1, Math.ceil(matching / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(params.page ?? '1', 10) || 1));
  const first = (page - 1) * PAGE_SIZE;
  const shown = Array.from({ length: Math.max(0, Math.min(PAGE_SIZE, matching - first)) }, (_, k) => (grouped ? indices[first + k] : at(first + k)));
  const paged = list.rowsAt(shown);

  const { sides, types, offices, topics, officeCount } = await listOptions(lookup, list);
  const view: CollectionView = {
    info, total: list.size, rows: paged, matching, page, pages, sort, filters,
    order: descending ? 'desc' : 'asc',
    options: { sides, types, offices: boundedOptions(offices, filters.office), officeCount, topics }, about, source,
  };
  if (kind === 'claim') {
    const lines = await loadClaimLines(lookup, `VALUES ?claim { ${paged.map((r) => iriTerm(r.iri)).join(' ')} }`);
    const byIri = new Map(lines.map((c) => [c.iri, c]));
    view.claims = paged.flatMap((r) => (byIri.has(r.iri) ? [byIri.get(r.iri)!] : []));
  }
  if (kind === 'footnote') view.footnotes = await loadFootnotes(lookup, paged);
  if (kind === 'section' || kind === 'passage') view.article = await loadArticle(lookup, kind, paged.map((r) => r.iri));
  if (grouped) view.documents = groupDocuments(paged, (row, name) => row.extra[name]);
  return view;
}

/** "Sir Alexander Cadogan" sorts under C: people by their last word, the rest by the label. */
function sortName(row: ItemRow): string {
  if (!row.iri.includes('/id/person/')) return row.label;
  const words = row.label.replace(/\(.*?\)/g, '').trim().split(/\s+/);
  return `${words[words.length - 1]} ${row.label}`;
}

/** The citations of the footnotes on one page. */
async function loadFootnotes(lookup: Lookup, rows: ItemRow[]): Promise<CollectionView['footnotes']> {
  if (rows.length === 0) return [];
  const items = await lookup.select(`SELECT ?f ?item ?position ?x ?xLabel ?locator ?form ?formLabel ?printed ?reference ?registry ?pubLabel ?pages ?short ?paragraph ?paragraphLabel WHERE {
    VALUES ?f { ${rows.map((r) => iriTerm(r.iri)).join(' ')} } ?f a dly:Footnote ; dly:citationItem ?item . ?item dly:ordinal ?position ; dly:cites ?x . ?x rdfs:label ?xLabel .
    OPTIONAL { ?f dly:inParagraph ?paragraph . ?paragraph rdfs:label ?paragraphLabel }
    OPTIONAL { ?item dly:locator ?locator } OPTIONAL { ?item dly:citedAs ?form . ?form skos:prefLabel ?formLabel } OPTIONAL { ?item dly:printedAs ?printed }
    OPTIONAL { ?x dly:archivalReference ?reference } OPTIONAL { ?x dly:registryNumber ?registry }
    OPTIONAL { ?x dly:publishedIn/rdfs:label ?pubLabel } OPTIONAL { ?x dly:pages ?pages } OPTIONAL { ?x dly:shortTitle ?short } }`);
  const byFootnote = groupBy(uniqueBy(items, (r) => r.item!), (r) => r.f!);
  return rows.map((row) => {
    const list = byFootnote.get(row.iri) ?? [];
    return {
      ref: row,
      paragraph: list[0]?.paragraph ? { iri: list[0].paragraph, label: list[0].paragraphLabel! } : undefined,
      items: list.map((r) => ({
        position: Number(r.position), cites: { iri: r.x!, label: r.xLabel! }, form: r.formLabel, formId: r.form?.replace(/^.*\//, ''), locator: r.locator, printed: r.printed,
        reference: [r.reference, r.registry].filter(Boolean).join(', ') || undefined, published: r.pubLabel ? `${r.pubLabel}${r.pages ? `, ${r.pages}` : ''}` : undefined, shortTitle: r.short,
      })).sort((a, b) => a.position - b.position),
    };
  });
}

/** The sections on a page with all their paragraphs, or the paragraphs on a page under their sections. */
/** What a paragraph supports, by class: the counts a list of paragraphs shows. */
const SUPPORT_KINDS: Record<string, string> = { [ns.dly('Claim')]: 'claims', [ns.dly('Meeting')]: 'meetings', [ns.dly('AccountComparison')]: 'comparisons' };

async function loadArticle(lookup: Lookup, kind: 'section' | 'passage', iris: string[]): Promise<CollectionView['article']> {
  if (iris.length === 0) return [];
  const page = `VALUES ${kind === 'section' ? '?s' : '?p'} { ${iris.map(iriTerm).join(' ')} }`;
  const paragraphs = await lookup.select(`SELECT ?p ?label ?ordinal ?s WHERE { ${page} ?p a dly:Paragraph ; rdfs:label ?label ; dly:ordinal ?ordinal ; dly:section ?s }`);
  const sectionIris = kind === 'section' ? iris : [...new Set(paragraphs.map((r) => r.s!))];
  const paragraphIris = paragraphs.map((r) => iriTerm(r.p!)).join(' ');
  const [sections, footnotes, supports] = await Promise.all([
    sectionIris.length ? lookup.select(`SELECT ?s ?label ?ordinal WHERE { VALUES ?s { ${sectionIris.map(iriTerm).join(' ')} } ?s a dly:Section ; rdfs:label ?label ; dly:ordinal ?ordinal }`) : Promise.resolve([]),
    paragraphIris ? lookup.select(`SELECT ?p ?f ?n WHERE { VALUES ?p { ${paragraphIris} } ?f dly:inParagraph ?p ; dly:footnoteNumber ?n }`) : Promise.resolve([]),
    // The classes are named in a FILTER, their kinds given here: joined as a VALUES of (class, kind),
    // Oxigraph planned this from every typed node of the release (12 s for a page at 100 articles; 0.1 s so).
    paragraphIris ? lookup.select(`SELECT ?p ?type (COUNT(DISTINCT ?x) AS ?count) WHERE { VALUES ?p { ${paragraphIris} } ?x dly:passage/oa:hasSource ?p . ?x a ?type .
      FILTER(?type IN (${Object.keys(SUPPORT_KINDS).map(iriTerm).join(', ')})) } GROUP BY ?p ?type`) : Promise.resolve([]),
  ]);
  const notes = groupBy(footnotes, (r) => r.p!);
  const counts = groupBy(supports.map((r): Row => ({ ...r, kind: SUPPORT_KINDS[r.type!] })), (r) => r.p!);
  const bySection = groupBy(paragraphs, (r) => r.s!);
  return sections.sort((a, b) => Number(a.ordinal) - Number(b.ordinal) || a.s!.localeCompare(b.s!)).map((s) => ({
    section: { iri: s.s!, label: s.label! },
    paragraphs: (bySection.get(s.s!) ?? []).sort((a, b) => Number(a.ordinal) - Number(b.ordinal)).map((p) => ({
      ref: { iri: p.p!, label: p.label! },
      ordinal: Number(p.ordinal),
      footnotes: (notes.get(p.p!) ?? []).map((f) => ({ iri: f.f!, label: `Footnote ${f.n}`, n: Number(f.n) })).sort((a, b) => a.n - b.n),
      supports: Object.fromEntries((counts.get(p.p!) ?? []).map((c) => [c.kind!, Number(c.count)])),
    })),
  }));
}

/** How many entities each collection holds, for the index of collections. */
export async function collectionCounts(lookup: Lookup): Promise<Map<string, number>> {
  const root = `${baseIri()}id/`;
  const rows = await lookup.select(`SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x rdfs:label ?l . FILTER(STRSTARTS(STR(?x), ${JSON.stringify(root)}) && !CONTAINS(STR(?x), "#"))
    BIND(STRBEFORE(STRAFTER(STR(?x), ${JSON.stringify(root)}), "/") AS ?kind) } GROUP BY ?kind`);
  return new Map(rows.map((r) => [r.kind!, Number(r.n)]));
}
