// Everything the page of one entity shows, as a view model: what it is (summary),
// its facts with property phrases, and the lists that belong to its kind (offices,
// meetings, records, a footnote's citation, a paragraph's contents, claims,
// comparisons, what refers to it), each in reading order. Answered through the
// Lookup, so any engine behind the service can serve the pages.

import { type Lookup } from '../../engine/lookup.js';
import { ns, PREFIXES } from '../../model/namespaces.js';
import { byReadingOrder, groupBy, iriTerm, labelPattern, refOf, uniqueBy, type Ref, type Row } from './common.js';
import { loadClaims, loadComparisons, type ClaimView, type ComparisonView } from './claims.js';
import { comparedSides } from './sides.js';
import { vocabulary } from './vocabulary.js';

const { rdf, rdfs, skos, dcterms, dly, owl } = PREFIXES;

/** Shown in the summary or in a section of their own, not among the facts. */
const NOT_FACTS = new Set([
  `${rdf}type`, `${rdfs}label`, `${skos}prefLabel`, `${skos}altLabel`, `${dcterms}description`, `${dly}heldOffice`, `${dly}passage`,
  `${dly}quotation`, `${dly}earliest`, `${dly}latest`, `${dly}citationItem`, `${dly}side`, `${skos}exactMatch`, `${skos}closeMatch`,
  `${owl}sameAs`, `${dly}citedIn`, `${dly}recordedIn`, `${dly}footnoteNumber`, `${dly}ordinal`, `${dly}comparesClaim`, `${dly}discrepancySummary`,
]);
/** Incoming links shown elsewhere on the page (or that only repeat the entity's own parts). */
const NOT_INCOMING = [`${dly}participant`, `${dly}initiator`, `${dly}cites`, `${dly}recordOf`, `${dly}recordedIn`, `${dly}post`, `${dly}holder`,
  `${dly}linkSubject`, `${dly}inParagraph`, `${dly}section`, `${PREFIXES.oa}hasSource`];
const CLAIM_LINKS = 'dly:agent|dly:about|dly:addressee|dly:concerns|prov:wasDerivedFrom|dly:citedIn|prov:wasAttributedTo|dly:quotation/dly:speaker|dly:passage/oa:hasSource';
/** Incoming links listed per property at most; the rest is counted and one query away. */
export const MAX_PER_GROUP = 40;

export type FactValue = Partial<Ref> & { label: string };
export interface FactView { property: string; phrase: string; values: FactValue[] }
export interface WikidataView { qid: string; href: string; label?: string; dates?: string; exact: boolean; link: string }
export interface OfficeView { post: Ref; organisation?: Ref; date?: string }
export interface RecordView { document: Ref; side?: string }
export interface CitationItemView { position: number; cites: Ref; form?: string; formId?: string; locator?: string; printed?: string; correction?: string; note?: string; reference?: string; published?: string; shortTitle?: string }
export interface IncomingGroup { property: string; phrase: string; items: Ref[]; total: number }
export interface ClaimLine { iri: string; label: string; date?: string; earliest?: string; judgement: boolean; record?: Ref; footnotes: Ref[] }
export interface ParagraphView { section?: Ref; ordinal?: number; previous?: Ref; next?: Ref; footnotes: Ref[]; supports: { kind: string; items: Ref[] }[] }
export interface SectionView { paragraphs: (Ref & { ordinal: number; claims: number; footnotes: Ref[]; things: number })[] }

export interface EntityView {
  iri: string;
  title: string;
  kind: string;
  classes: string[];
  side?: Ref;
  description?: string;
  alts: string[];
  date?: string;
  footnoteNumber?: number;
  article?: Ref;
  wikidata: WikidataView[];
  facts: FactView[];
  offices: OfficeView[];
  holders: (Ref & { when?: string })[];
  participants: Ref[];
  records: RecordView[];
  meetings: (Ref & { setting?: string })[];
  citation: CitationItemView[];
  citedIn: Ref[];
  paragraph?: ParagraphView;
  section?: SectionView;
  comparisons: ComparisonView[];
  claims: ClaimLine[];
  /** The claim itself, on a claim's page. */
  claim?: ClaimView;
  /** The comparison itself, on a comparison's page. */
  comparison?: ComparisonView;
  incoming: IncomingGroup[];
}

export async function loadEntity(lookup: Lookup, iri: string): Promise<EntityView> {
  const e = iriTerm(iri);
  const vocab = await vocabulary(lookup);
  const sides = await comparedSides(lookup);
  const [headRows, altRows, typeRows, wikidataRows, factRows] = await Promise.all([
    lookup.select(`SELECT ?label ?description ?side ?sideLabel ?date ?n ?article ?articleLabel WHERE { ${e} rdfs:label ?label .
      OPTIONAL { ${e} dcterms:description ?description } OPTIONAL { ${e} dly:side ?side . ?side skos:prefLabel ?sideLabel }
      OPTIONAL { ${e} dly:date ?date } OPTIONAL { ${e} dly:footnoteNumber ?n . ${e} dcterms:isPartOf ?article . ?article rdfs:label ?articleLabel } } LIMIT 1`),
    lookup.select(`SELECT DISTINCT ?alt WHERE { ${e} skos:altLabel ?alt }`),
    lookup.select(`SELECT ?type WHERE { ${e} a ?type }`),
    lookup.select(`SELECT ?link ?target ?property ?label ?dates WHERE { ?link dly:linkSubject ${e} ; dly:linkTarget ?target ; dly:linkProperty ?property .
      OPTIONAL { ?link dly:wikidataLabel ?label } OPTIONAL { ?link dly:wikidataDates ?dates } }`),
    lookup.select(`SELECT ?p ?o ?oLabel ?oN ?oDate ?oEarliest WHERE { ${e} ?p ?o . ${labelPattern('?o')} }`),
  ]);
  const head = headRows[0] ?? {};
  const classes = typeRows.map((r) => r.type!);
  const has = (local: string) => classes.includes(`${dly}${local}`);
  const kind = classes.map((c) => vocab.className(c)).filter((x): x is string => Boolean(x)).sort((a, b) => b.length - a.length)[0]
    ?? (classes.includes(`${skos}Concept`) ? 'concept' : 'resource');

  // Facts: one row per property, values in reading order.
  const facts = [...groupBy(factRows.filter((r) => !NOT_FACTS.has(r.p!)), (r) => r.p!)].map(([property, rows]) => ({
    property,
    phrase: vocab.phrase(property),
    values: uniqueBy(rows.map((r): FactValue => (/^https?:\/\//.test(r.o!) ? refOf(r, 'o') : { label: r.o! })), (v) => `${v.iri}|${v.label}`)
      .sort((a, b) => (a.iri && b.iri ? byReadingOrder(a as Ref, b as Ref) : a.label.localeCompare(b.label, 'en', { numeric: true }))),
  })).sort((a, b) => a.phrase.localeCompare(b.phrase));

  const view: EntityView = {
    iri,
    title: head.n ? `Footnote ${head.n}` : head.label ?? iri.replace(/^.*[#/]/, ''),
    kind,
    classes,
    side: head.side ? { iri: head.side, label: head.sideLabel! } : undefined,
    description: head.description,
    alts: altRows.map((r) => r.alt!).filter((alt) => alt !== head.label),
    date: head.date,
    footnoteNumber: head.n ? Number(head.n) : undefined,
    article: head.article ? { iri: head.article, label: head.articleLabel! } : undefined,
    wikidata: wikidataRows.map((r) => {
      const qid = r.target!.replace(/^.*\//, '');
      return { qid, href: `https://www.wikidata.org/wiki/${qid}`, label: r.label, dates: r.dates, exact: r.property!.endsWith('exactMatch'), link: r.link! };
    }),
    facts,
    offices: [], holders: [], participants: [], records: [], meetings: [], citation: [], citedIn: [], comparisons: [], claims: [], incoming: [],
  };

  const tasks: Promise<void>[] = [];
  const task = (run: () => Promise<void>) => tasks.push(run());

  task(async () => {
    const rows = await lookup.select(`SELECT ?holding ?post ?postLabel ?date ?start ?org ?orgLabel WHERE { ?holding dly:holder ${e} ; dly:post ?post .
      ?post rdfs:label ?postLabel . OPTIONAL { ?holding dly:date ?date } OPTIONAL { ?holding dly:earliest ?start }
      OPTIONAL { ?post dly:organisation ?org . ?org rdfs:label ?orgLabel } } ORDER BY ?start ?postLabel`);
    view.offices = rows.map((r) => ({ post: { iri: r.post!, label: r.postLabel! }, organisation: r.org ? { iri: r.org, label: r.orgLabel! } : undefined, date: r.date }));
  });
  if (has('Post')) task(async () => {
    const rows = await lookup.select(`SELECT ?person ?personLabel ?date ?start WHERE { ?holding dly:post ${e} ; dly:holder ?person . ?person rdfs:label ?personLabel .
      OPTIONAL { ?holding dly:date ?date } OPTIONAL { ?holding dly:earliest ?start } } ORDER BY ?start`);
    view.holders = rows.map((r) => ({ iri: r.person!, label: r.personLabel!, when: r.date }));
  });
  if (has('Event')) task(async () => {
    const [participants, records] = await Promise.all([
      lookup.select(`SELECT ?x ?xLabel WHERE { { ${e} dly:participant ?x } UNION { ${e} dly:initiator ?x } ?x rdfs:label ?xLabel } ORDER BY ?xLabel`),
      lookup.select(`SELECT ?x ?xLabel ?xDate ?xEarliest ?sideLabel WHERE { ${e} dly:recordedIn ?x . ${labelPattern('?x')} OPTIONAL { ?x dly:side/skos:prefLabel ?sideLabel } }`),
    ]);
    view.participants = uniqueBy(participants.map((r) => refOf(r, 'x')), (r) => r.iri);
    view.records = records.map((r) => ({ document: refOf(r, 'x'), side: r.sideLabel })).sort((a, b) => (a.side ?? '').localeCompare(b.side ?? ''));
  });
  if (!has('Event')) task(async () => {
    const rows = await lookup.select(`SELECT ?x ?xLabel ?xDate ?xEarliest ?setting WHERE { ?x a dly:Meeting ; dly:participant ${e} . ${labelPattern('?x')}
      OPTIONAL { ?x dly:setting ?setting } }`);
    view.meetings = rows.map((r) => ({ ...refOf(r, 'x'), setting: r.setting })).sort(byReadingOrder);
  });
  if (has('Footnote')) task(async () => {
    const rows = await lookup.select(`SELECT ?item ?position ?x ?xLabel ?xDate ?xEarliest ?locator ?form ?formLabel ?printed ?correction ?note ?reference ?registry ?pubLabel ?pages ?short WHERE {
      ${e} dly:citationItem ?item . ?item dly:ordinal ?position ; dly:cites ?x . ${labelPattern('?x')}
      OPTIONAL { ?item dly:locator ?locator } OPTIONAL { ?item dly:citedAs ?form . ?form skos:prefLabel ?formLabel } OPTIONAL { ?item dly:printedAs ?printed }
      OPTIONAL { ?item dly:correction ?correction } OPTIONAL { ?item skos:note ?note }
      OPTIONAL { ?x dly:archivalReference ?reference } OPTIONAL { ?x dly:registryNumber ?registry }
      OPTIONAL { ?x dly:publishedIn/rdfs:label ?pubLabel } OPTIONAL { ?x dly:pages ?pages } OPTIONAL { ?x dly:shortTitle ?short } }`);
    view.citation = uniqueBy(rows, (r) => r.item!).map((r) => ({
      position: Number(r.position), cites: refOf(r, 'x'), form: r.formLabel, formId: r.form?.replace(/^.*\//, ''), locator: r.locator, printed: r.printed,
      correction: r.correction, note: r.note, reference: [r.reference, r.registry].filter(Boolean).join(', ') || undefined,
      published: r.pubLabel ? `${r.pubLabel}${r.pages ? `, ${r.pages}` : ''}` : undefined, shortTitle: r.short,
    })).sort((a, b) => a.position - b.position);
  });
  task(async () => {
    const rows = await lookup.select(`SELECT DISTINCT ?x ?xN WHERE { { ?x dly:cites ${e} } UNION { ${e} dly:citedIn ?x } ?x dly:footnoteNumber ?xN }`);
    view.citedIn = rows.map((r) => refOf(r, 'x')).sort(byReadingOrder);
  });
  if (has('Paragraph')) task(async () => {
    view.paragraph = await loadParagraph(lookup, iri);
  });
  if (has('Section')) task(async () => {
    view.section = await loadSection(lookup, iri);
  });
  if (has('Claim')) task(async () => {
    view.claim = (await loadClaims(lookup, [iri]))[0];
  });
  if (has('AccountComparison')) task(async () => {
    view.comparison = (await loadComparisons(lookup, [iri], sides))[0];
  });
  if (!has('AccountComparison')) task(async () => {
    const rows = await lookup.select(`SELECT DISTINCT ?c WHERE { { ?c a dly:AccountComparison ; dly:concerns ${e} }
      UNION { ?c a dly:AccountComparison ; dly:comparesClaim ${e} } UNION { ?c a dly:AccountComparison ; dly:citedIn ${e} }
      UNION { ?c a dly:AccountComparison ; dly:concerns/dly:participant ${e} } UNION { ?c a dly:AccountComparison ; dly:comparesClaim/prov:wasDerivedFrom ${e} } }`);
    view.comparisons = (await loadComparisons(lookup, rows.map((r) => r.c!), sides))
      .sort((a, b) => (a.concerns?.earliest ?? '9999').localeCompare(b.concerns?.earliest ?? '9999') || a.label.localeCompare(b.label));
  });
  if (!has('Claim')) task(async () => {
    view.claims = await loadClaimLines(lookup, `?claim ${CLAIM_LINKS} ${e} .`);
  });
  task(async () => {
    view.incoming = await loadIncoming(lookup, iri, vocab.inverse);
  });
  await Promise.all(tasks);
  return view;
}

/** Claims matching a pattern on ?claim, one line each, in date order. */
export async function loadClaimLines(lookup: Lookup, pattern: string, limit = 2000): Promise<ClaimLine[]> {
  const rows = await lookup.select(`SELECT ?claim ?label ?date ?earliest ?judgement ?f ?n WHERE {
    { SELECT DISTINCT ?claim WHERE { ?claim a dly:Claim . ${pattern} } LIMIT ${limit} }
    ?claim rdfs:label ?label . BIND(EXISTS { ?claim a dly:AuthorJudgement } AS ?judgement)
    OPTIONAL { ?claim dly:date ?date } OPTIONAL { ?claim dly:earliest ?earliest }
    OPTIONAL { ?claim dly:citedIn ?f . ?f dly:footnoteNumber ?n } }`);
  // The documents the claims come from, read for these claims apart: as an OPTIONAL of the
  // query above, Oxigraph matched every document of the store for it (13 s for a page of
  // 100 claims at 100 articles, against 0.04 s so).
  const claims = [...new Set(rows.map((r) => r.claim!))];
  const records = claims.length ? groupBy(await lookup.select(`SELECT ?claim ?record ?recordLabel WHERE { VALUES ?claim { ${claims.map(iriTerm).join(' ')} }
    ?claim prov:wasDerivedFrom ?record . ?record a dly:Document ; rdfs:label ?recordLabel }`), (r) => r.claim!) : new Map<string, Row[]>();
  return [...groupBy(rows, (r) => r.claim!)].map(([iri, list]) => {
    const record = records.get(iri)?.[0];
    return {
      iri, label: list[0].label!, date: list[0].date, earliest: list[0].earliest, judgement: list[0].judgement === 'true',
      record: record ? { iri: record.record!, label: record.recordLabel! } : undefined,
      footnotes: uniqueBy(list.filter((r) => r.f).map((r) => ({ iri: r.f!, label: `Footnote ${r.n}`, n: Number(r.n) })), (f) => f.iri).sort((a, b) => a.n! - b.n!),
    };
  }).sort((a, b) => (a.earliest ?? '9999').localeCompare(b.earliest ?? '9999') || a.iri.localeCompare(b.iri));
}

async function loadIncoming(lookup: Lookup, iri: string, inverse: (p: string) => string): Promise<IncomingGroup[]> {
  const e = iriTerm(iri);
  const rows = await lookup.select(`SELECT ?p ?x ?xLabel ?xN ?xDate ?xEarliest WHERE { ?x ?p ${e} . FILTER(isIRI(?x) && !CONTAINS(STR(?x), "#"))
    FILTER NOT EXISTS { ?x a dly:Claim } FILTER NOT EXISTS { ?x a dly:AccountComparison } FILTER NOT EXISTS { ?x a dly:WikidataLink }
    FILTER(?p NOT IN (${NOT_INCOMING.map(iriTerm).join(', ')}))
    ${labelPattern('?x')} } LIMIT 3000`);
  return [...groupBy(rows, (r) => r.p!)].map(([property, list]) => {
    const items = uniqueBy(list.map((r) => refOf(r, 'x')), (r) => r.iri).sort(byReadingOrder);
    return { property, phrase: inverse(property), items: items.slice(0, MAX_PER_GROUP), total: items.length };
  }).sort((a, b) => a.phrase.localeCompare(b.phrase));
}

/** What a paragraph supports, by class, as its page lists them. */
const SUPPORTED_KINDS: Record<string, string> = Object.fromEntries(Object.entries({
  Claim: 'claims', AccountComparison: 'comparisons of accounts', Meeting: 'meetings', Event: 'events', Person: 'people',
  Organisation: 'organisations', Place: 'places', Group: 'groups', Post: 'posts',
}).map(([local, kind]) => [ns.dly(local), kind]));

async function loadParagraph(lookup: Lookup, iri: string): Promise<ParagraphView> {
  const e = iriTerm(iri);
  const [[position], footnotes, supportedRows] = await Promise.all([
    lookup.select(`SELECT ?section ?sectionLabel ?ordinal ?prev ?prevLabel ?next ?nextLabel WHERE { ${e} dly:section ?section ; dly:ordinal ?ordinal .
      ?section rdfs:label ?sectionLabel .
      OPTIONAL { ?prev dly:section ?section ; dly:ordinal ?po ; rdfs:label ?prevLabel . FILTER(?po = ?ordinal - 1) }
      OPTIONAL { ?next dly:section ?section ; dly:ordinal ?no ; rdfs:label ?nextLabel . FILTER(?no = ?ordinal + 1) } } LIMIT 1`),
    lookup.select(`SELECT ?x ?xN WHERE { ?x dly:inParagraph ${e} ; dly:footnoteNumber ?xN }`),
    lookup.select(`SELECT DISTINCT ?x ?xLabel ?xDate ?xEarliest ?type WHERE { ?x dly:passage/oa:hasSource ${e} . ${labelPattern('?x')}
      ?x a ?type . FILTER(?type IN (${Object.keys(SUPPORTED_KINDS).map(iriTerm).join(', ')})) }`),
  ]);
  // Classes named in a FILTER, their kinds given here: as a VALUES of (class, kind) joined with ?x a ?type,
  // Oxigraph planned the page from every typed node of the release (seconds at 100 articles).
  const kinds = groupBy(supportedRows, (r) => r.x!);
  const supported = [...kinds.values()].flatMap((rows) => {
    const types = new Set(rows.map((r) => r.type!));
    // A meeting is an event too: listed once, as a meeting.
    return rows.filter((r) => !(r.type === ns.dly('Event') && types.has(ns.dly('Meeting')))).map((r): Row => ({ ...r, kind: SUPPORTED_KINDS[r.type!] }));
  });
  const order = ['claims', 'comparisons of accounts', 'meetings', 'events', 'people', 'groups', 'organisations', 'posts', 'places'];
  return {
    section: position ? { iri: position.section!, label: position.sectionLabel! } : undefined,
    ordinal: position ? Number(position.ordinal) : undefined,
    previous: position?.prev ? { iri: position.prev, label: position.prevLabel! } : undefined,
    next: position?.next ? { iri: position.next, label: position.nextLabel! } : undefined,
    footnotes: footnotes.map((r) => refOf(r, 'x')).sort(byReadingOrder),
    supports: [...groupBy(supported, (r) => r.kind!)].map(([kind, list]) => ({ kind, items: uniqueBy(list.map((r) => refOf(r, 'x')), (r) => r.iri).sort(byReadingOrder) }))
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)),
  };
}

async function loadSection(lookup: Lookup, iri: string): Promise<SectionView> {
  const e = iriTerm(iri);
  const [paragraphs, claims, footnotes, things] = await Promise.all([
    lookup.select(`SELECT ?p ?label ?ordinal WHERE { ?p dly:section ${e} ; dly:ordinal ?ordinal ; rdfs:label ?label }`),
    lookup.select(`SELECT ?p (COUNT(DISTINCT ?c) AS ?n) WHERE { ?p dly:section ${e} . ?c a dly:Claim ; dly:passage/oa:hasSource ?p } GROUP BY ?p`),
    lookup.select(`SELECT ?p ?x ?xN WHERE { ?p dly:section ${e} . ?x dly:inParagraph ?p ; dly:footnoteNumber ?xN }`),
    lookup.select(`SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?p dly:section ${e} . ?x dly:passage/oa:hasSource ?p . FILTER NOT EXISTS { ?x a dly:Claim } } GROUP BY ?p`),
  ]);
  const claimCount = new Map(claims.map((r) => [r.p!, Number(r.n)]));
  const thingCount = new Map(things.map((r) => [r.p!, Number(r.n)]));
  const notes = groupBy(footnotes, (r) => r.p!);
  return {
    paragraphs: paragraphs.map((r) => ({
      iri: r.p!, label: r.label!, ordinal: Number(r.ordinal), claims: claimCount.get(r.p!) ?? 0, things: thingCount.get(r.p!) ?? 0,
      footnotes: (notes.get(r.p!) ?? []).map((f) => refOf(f, 'x')).sort(byReadingOrder),
    })).sort((a, b) => a.ordinal - b.ordinal),
  };
}
