// What the search index holds, read from the built data through a Lookup: one
// document per entity (people, organisations, places, events and meetings,
// documents and works, footnotes, paragraphs, claims, comparisons, concepts) and
// one per quotation, with its names as match keys, its words, and the exact
// references it answers to (archive and file, registry number, volume and page,
// footnote number, paragraph, Wikidata QID).

import { type Lookup } from '../engine/lookup.js';
import { baseIri } from '../model/namespaces.js';
import { nameKeys } from './names.js';
import { pageRange, referenceKey, romanToNumber } from './references.js';

export type SearchKind = 'person' | 'group' | 'organisation' | 'place' | 'post' | 'event' | 'meeting' | 'document' | 'work'
  | 'footnote' | 'section' | 'passage' | 'claim' | 'quotation' | 'comparison' | 'concept';

export interface VolumePages { collections: string[]; volume: number; book?: number; from?: number; to?: number }

export interface SearchDoc {
  id: number;
  iri: string;
  kind: SearchKind;
  label: string;
  date?: string;
  earliest?: string;
  description?: string;
  /** Match keys of every name (label, other spellings, Wikidata's name), space-separated. */
  names: string;
  /** The label, description, claim text, quotations, summary. */
  text: string;
  /** Exact reference keys (archival reference, registry number, document number...). */
  refs: string[];
  footnote?: number;
  paragraph?: { section: string; n?: number };
  qids: string[];
  volumes: VolumePages[];
  /** How much the data says about it (statements pointing at it), to rank equal matches: the ambassador before his wife. */
  links: number;
}

const KINDS: SearchKind[] = ['person', 'group', 'organisation', 'place', 'post', 'event', 'meeting', 'document', 'work', 'footnote', 'section', 'passage', 'claim', 'comparison', 'concept'];
/** Kinds whose labels are names (the rest are sentences or machine labels). */
const NAMED = new Set<SearchKind>(['person', 'group', 'organisation', 'place', 'post', 'event', 'meeting', 'document', 'work', 'concept']);

function oneLine(text: string | undefined, max = 140): string | undefined {
  if (!text) return undefined;
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : clean;
}

function group<T extends Record<string, string | undefined>>(rows: T[], key: keyof T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = row[key]!;
    const list = out.get(k);
    if (list) list.push(row); else out.set(k, [row]);
  }
  return out;
}

export async function searchDocuments(lookup: Lookup): Promise<SearchDoc[]> {
  const root = `${baseIri()}id/`;
  const under = `FILTER(STRSTARTS(STR(?x), ${JSON.stringify(root)}) && !CONTAINS(STR(?x), "#"))`;
  const [base, names, documents, volumes, quotations, links, citedVolumes, sides, incoming] = await Promise.all([
    lookup.select(`SELECT ?x ?label ?description ?date ?earliest ?n ?sectionNumber ?ordinal ?paragraphSection ?summary ?judgement ?sourceLabel WHERE { ?x rdfs:label ?label . ${under}
      OPTIONAL { ?x dcterms:description ?description } OPTIONAL { ?x dly:date ?date } OPTIONAL { ?x dly:earliest ?earliest }
      OPTIONAL { ?x dly:footnoteNumber ?n } OPTIONAL { ?x dly:sectionNumber ?sectionNumber }
      OPTIONAL { ?x a dly:Paragraph ; dly:ordinal ?ordinal ; dly:section/dly:sectionNumber ?paragraphSection }
      OPTIONAL { ?x dly:discrepancySummary ?summary } OPTIONAL { ?x a dly:AuthorJudgement . BIND(true AS ?judgement) }
      OPTIONAL { ?x a dly:Claim ; prov:wasDerivedFrom/rdfs:label ?sourceLabel } }`),
    lookup.select(`SELECT ?x ?name WHERE { { ?x skos:altLabel|skos:prefLabel|dly:shortTitle|dcterms:title ?name } UNION { ?l dly:linkSubject ?x ; dly:wikidataLabel ?name } ${under} }`),
    lookup.select(`SELECT ?x ?reference ?series ?piece ?registry ?number ?archiveLabel WHERE { ?x a dly:Document . ${under}
      OPTIONAL { ?x dly:archivalReference ?reference } OPTIONAL { ?x dly:archivalSeries ?series } OPTIONAL { ?x dly:archivalPiece ?piece }
      OPTIONAL { ?x dly:registryNumber ?registry } OPTIONAL { ?x dly:documentNumber ?number } OPTIONAL { ?x dly:archive/rdfs:label ?archiveLabel } }`),
    // Documents printed in a volume of a collection, with the pages.
    lookup.select(`SELECT ?x ?volume ?book ?pages ?collectionLabel ?short WHERE { ?x dly:publishedIn ?v . ${under} ?v dly:volume ?volume .
      OPTIONAL { ?v dly:book ?book } OPTIONAL { ?x dly:pages ?pages }
      OPTIONAL { ?v dcterms:isPartOf ?c . OPTIONAL { ?c rdfs:label ?collectionLabel } OPTIONAL { ?c dly:shortTitle ?short } } }`),
    lookup.select(`SELECT ?claim ?q ?text ?speaker ?claimLabel ?date ?earliest WHERE { ?claim dly:quotation ?q ; rdfs:label ?claimLabel . ?q dly:quotedText ?text .
      OPTIONAL { ?q dly:speaker/rdfs:label ?speaker } OPTIONAL { ?claim dly:date ?date } OPTIONAL { ?claim dly:earliest ?earliest } }`),
    lookup.select(`SELECT ?x ?target WHERE { ?l dly:linkSubject ?x ; dly:linkTarget ?target }`),
    // Footnotes that cite a volume directly, with the pages they give.
    lookup.select(`SELECT ?f ?volume ?book ?locator ?short ?collectionLabel WHERE { ?f dly:citationItem ?i . ?i dly:cites ?v . ?v dly:volume ?volume .
      OPTIONAL { ?v dly:book ?book } OPTIONAL { ?i dly:locator ?locator }
      OPTIONAL { ?v dcterms:isPartOf ?c . OPTIONAL { ?c rdfs:label ?collectionLabel } OPTIONAL { ?c dly:shortTitle ?short } } }`),
    lookup.select(`SELECT ?x ?sideLabel WHERE { ?x dly:side/skos:prefLabel ?sideLabel . ${under} }`),
    lookup.select(`SELECT ?x (COUNT(?s) AS ?n) WHERE { ?s ?p ?x . ${under} } GROUP BY ?x`),
  ]);
  const linksTo = new Map(incoming.map((r) => [r.x!, Number(r.n)]));
  const namesOf = group(names, 'x');
  const documentOf = group(documents, 'x');
  const volumesOf = group(volumes, 'x');
  const citedVolumesOf = group(citedVolumes, 'f');
  const qidsOf = group(links, 'x');
  const sideOf = new Map(sides.map((r) => [r.x!, r.sideLabel!]));
  const collectionKeys = (r: { short?: string; collectionLabel?: string }) => [r.short, r.collectionLabel].filter((x): x is string => Boolean(x)).map(referenceKey);
  const volume = (r: { volume?: string; book?: string; short?: string; collectionLabel?: string }, pages?: string): VolumePages | undefined => {
    const number = romanToNumber(r.volume ?? '');
    if (number === undefined) return undefined;
    const range = pages ? pageRange(pages) : undefined;
    return { collections: collectionKeys(r), volume: number, book: r.book ? Number(r.book) : undefined, from: range?.from, to: range?.to };
  };

  const docs: SearchDoc[] = [];
  const seen = new Set<string>();
  for (const row of base) {
    const iri = row.x!;
    if (seen.has(iri)) continue;
    seen.add(iri);
    const kind = iri.slice(root.length).split('/')[0] as SearchKind;
    if (!KINDS.includes(kind)) continue;
    const alternatives = (namesOf.get(iri) ?? []).map((r) => r.name!);
    const allNames = [row.label!, ...alternatives];
    const documentRows = documentOf.get(iri) ?? [];
    const refs = new Set<string>();
    for (const d of documentRows) {
      if (d.reference) refs.add(referenceKey(d.reference));
      if (d.series && d.piece) refs.add(referenceKey(`${d.series}/${d.piece}`));
      if (d.registry) refs.add(referenceKey(d.registry));
    }
    const footnote = row.n ? Number(row.n) : undefined;
    const side = sideOf.get(iri);
    const description = kind === 'claim' ? (row.judgement ? 'The author’s judgement' : row.sourceLabel ? `From ${row.sourceLabel}` : undefined)
      : kind === 'comparison' ? oneLine(row.summary) : oneLine(row.description);
    docs.push({
      id: docs.length,
      iri,
      kind,
      label: footnote !== undefined ? `Footnote ${footnote}` : row.label!,
      date: row.date,
      earliest: row.earliest,
      description: [side && kind !== 'claim' ? side : '', description].filter(Boolean).join(' · ') || undefined,
      names: NAMED.has(kind) ? [...new Set(allNames.flatMap((name) => nameKeys(name, kind === 'person' ? 'person' : 'other')))].join(' ') : '',
      text: [row.label, ...alternatives, row.description, row.summary, ...documentRows.flatMap((d) => [d.reference, d.registry, d.archiveLabel, d.number ? `no. ${d.number}` : undefined])].filter(Boolean).join(' \n '),
      refs: [...refs],
      footnote,
      paragraph: row.sectionNumber ? { section: row.sectionNumber } : row.paragraphSection ? { section: row.paragraphSection, n: Number(row.ordinal) } : undefined,
      qids: (qidsOf.get(iri) ?? []).map((r) => r.target!.replace(/^.*\//, '')),
      volumes: [...(volumesOf.get(iri) ?? []).map((r) => volume(r, r.pages)), ...(citedVolumesOf.get(iri) ?? []).map((r) => volume(r, r.locator))]
        .filter((v): v is VolumePages => Boolean(v)),
      links: linksTo.get(iri) ?? 0,
    });
  }
  for (const q of quotations) {
    docs.push({
      id: docs.length, iri: q.q!, kind: 'quotation', label: `“${q.text}”`, date: q.date, earliest: q.earliest,
      description: oneLine(`${q.speaker ? `${q.speaker}, ` : ''}quoted in: ${q.claimLabel}`), names: '', text: q.text!, refs: [], qids: [], volumes: [], links: 0,
    });
  }
  return docs;
}
