// Claims and comparisons of accounts as view models: the statement, its date,
// source, whose account, footnotes, passage and quotations; a comparison's
// claims sorted into labelled columns by whose record they come from.

import { type Lookup } from '../../engine/lookup.js';
import { groupBy, uniqueBy, values, type Ref } from './common.js';

export interface ClaimView {
  iri: string;
  label: string;
  date?: string;
  earliest?: string;
  side?: string;
  sideLabel?: string;
  judgement: boolean;
  sources: Ref[];
  accounts: Ref[];
  footnotes: Ref[];
  passages: Ref[];
  quotes: { text: string; speaker?: string }[];
  /** The side of the record the claim comes from (for a judgement: of the record it comments on). */
  recordSide?: string;
  recordSideLabel?: string;
  /** The document the claim reports or comments on. */
  record?: Ref;
}

export async function loadClaims(lookup: Lookup, iris: string[]): Promise<ClaimView[]> {
  if (iris.length === 0) return [];
  const v = values(iris);
  const [baseRows, linkRows, quoteRows] = await Promise.all([
    lookup.select(`SELECT ?claim ?label ?date ?earliest ?side ?sideLabel ?type ?record ?rank ?recordLabel ?recordSide ?recordSideLabel WHERE { VALUES ?claim { ${v} }
      ?claim rdfs:label ?label ; a ?type . FILTER(?type IN (dly:SourceClaim, dly:AuthorJudgement))
      OPTIONAL { ?claim dly:date ?date } OPTIONAL { ?claim dly:earliest ?earliest }
      OPTIONAL { ?claim dly:side ?side . ?side skos:prefLabel ?sideLabel }
      # The record a claim reports, or that the author's judgement is about: a record's silence (omission) first.
      OPTIONAL { { ?claim dly:omittedFrom ?record . BIND(0 AS ?rank) } UNION { ?claim prov:wasDerivedFrom ?record . BIND(1 AS ?rank) }
        UNION { ?claim a dly:AuthorJudgement ; dly:concerns|dly:about ?record . BIND(2 AS ?rank) }
        ?record a dly:Document ; rdfs:label ?recordLabel ; dly:side ?recordSide . ?recordSide skos:prefLabel ?recordSideLabel } }`),
    // The claims' VALUES in each branch of the UNION: with one VALUES before the UNION, Virtuoso
    // evaluates the branches over every claim of the store (46 s at 100 articles, and 331,900 rows where the rewritten query gives 295).
    lookup.select(`SELECT ?claim ?rel ?target ?targetLabel ?n ?ordinal WHERE {
      { VALUES ?claim { ${v} } ?claim prov:wasDerivedFrom ?target . BIND("source" AS ?rel) } UNION { VALUES ?claim { ${v} } ?claim prov:wasAttributedTo ?target . BIND("account" AS ?rel) }
      UNION { VALUES ?claim { ${v} } ?claim dly:citedIn ?target . ?target dly:footnoteNumber ?n . BIND("footnote" AS ?rel) }
      UNION { VALUES ?claim { ${v} } ?claim dly:passage/oa:hasSource ?target . ?target dly:ordinal ?ordinal . BIND("passage" AS ?rel) }
      OPTIONAL { ?target rdfs:label ?targetLabel } }`),
    lookup.select(`SELECT ?claim ?text ?speakerLabel WHERE { VALUES ?claim { ${v} } ?claim dly:quotation ?q . ?q dly:quotedText ?text .
      OPTIONAL { ?q dly:speaker/rdfs:label ?speakerLabel } }`),
  ]);
  const base = groupBy(baseRows, (r) => r.claim!);
  const links = groupBy(linkRows, (r) => r.claim!);
  const quotes = groupBy(quoteRows, (r) => r.claim!);
  return iris.flatMap((iri) => {
    const rows = base.get(iri);
    if (!rows) return [];
    const row = rows.filter((r) => r.record).sort((a, b) => Number(a.rank) - Number(b.rank))[0] ?? rows[0];
    const linked = links.get(iri) ?? [];
    const pick = (rel: string) => uniqueBy(linked.filter((r) => r.rel === rel).map((r) => ({ iri: r.target!, label: r.targetLabel ?? r.target! })), (x) => x.iri);
    const judgement = row.type!.endsWith('AuthorJudgement');
    const scholarly = !row.side || row.side.endsWith('/scholarly');
    return [{
      iri,
      label: row.label!,
      date: row.date,
      earliest: row.earliest,
      side: row.side,
      sideLabel: row.sideLabel,
      judgement,
      sources: pick('source'),
      accounts: pick('account'),
      footnotes: uniqueBy(linked.filter((r) => r.rel === 'footnote').map((r) => ({ iri: r.target!, label: `Footnote ${r.n}`, n: Number(r.n) })), (x) => x.iri).sort((a, b) => a.n! - b.n!),
      passages: uniqueBy(linked.filter((r) => r.rel === 'passage').map((r) => ({ iri: r.target!, label: r.targetLabel ?? r.target! })), (x) => x.iri),
      quotes: uniqueBy((quotes.get(iri) ?? []).map((q) => ({ text: q.text!, speaker: q.speakerLabel })), (q) => q.text),
      recordSide: scholarly ? row.recordSide : row.side,
      recordSideLabel: scholarly ? row.recordSideLabel : row.sideLabel,
      record: row.record ? { iri: row.record, label: row.recordLabel! } : undefined,
    }];
  });
}

export interface ComparisonColumn {
  /** "British account", or "Soviet record: Maiskii's journal ..." when both columns come from one side. */
  heading: string;
  records: Ref[];
  claims: ClaimView[];
}

export interface ComparisonView {
  iri: string;
  label: string;
  verdict: 'differ' | 'concur';
  summary: string;
  kinds: string[];
  concerns?: Ref;
  footnotes: Ref[];
  columns: ComparisonColumn[];
  /** Claims that belong to neither column (a third side, the author's general remarks). */
  others: ClaimView[];
}

/** Sorts the claims into columns: by the compared sides when both are present, else by record. */
export function columnsOf(claims: ClaimView[], comparedSides: { iri: string; label: string }[]): { columns: ComparisonColumn[]; others: ClaimView[] } {
  const records = (list: ClaimView[]) => uniqueBy(list.flatMap((c) => (c.record ? [c.record] : [])), (r) => r.iri);
  const bySide = comparedSides.map((side) => ({ side, claims: claims.filter((c) => c.recordSide === side.iri) }));
  if (bySide.every((s) => s.claims.length > 0)) {
    const placed = new Set(bySide.flatMap((s) => s.claims.map((c) => c.iri)));
    return {
      columns: bySide.map((s) => ({ heading: `${s.side.label} account`, records: records(s.claims), claims: s.claims })),
      others: claims.filter((c) => !placed.has(c.iri)),
    };
  }
  // One side's records compared with each other (or with an unattributed claim): a column per record.
  const byRecord = groupBy(claims, (c) => c.record?.iri ?? '');
  const keyed = [...byRecord].filter(([key]) => key);
  if (keyed.length >= 2) {
    return {
      columns: keyed.map(([, list]) => ({ heading: `${list[0].recordSideLabel ?? ''} record: ${list[0].record!.label}`.trim(), records: [list[0].record!], claims: list })),
      others: byRecord.get('') ?? [],
    };
  }
  return { columns: [{ heading: 'Accounts compared', records: records(claims), claims }], others: [] };
}

export async function loadComparisons(lookup: Lookup, iris: string[], comparedSides: { iri: string; label: string }[]): Promise<ComparisonView[]> {
  if (iris.length === 0) return [];
  const v = values(iris);
  const [rows, kindRows, claimRows, footnoteRows] = await Promise.all([
    lookup.select(`SELECT ?c ?label ?summary ?conflict ?concerns ?concernsLabel ?date ?earliest WHERE { VALUES ?c { ${v} }
      ?c rdfs:label ?label ; dly:discrepancySummary ?summary . BIND(EXISTS { ?c a dly:ConflictingAccounts } AS ?conflict)
      OPTIONAL { ?c dly:concerns ?concerns . ?concerns rdfs:label ?concernsLabel OPTIONAL { ?concerns dly:date ?date } OPTIONAL { ?concerns dly:earliest ?earliest } } }`),
    lookup.select(`SELECT ?c ?kind WHERE { VALUES ?c { ${v} } ?c dly:discrepancyType/skos:prefLabel ?kind }`),
    lookup.select(`SELECT ?c ?claim WHERE { VALUES ?c { ${v} } ?c dly:comparesClaim ?claim }`),
    lookup.select(`SELECT ?c ?f ?n WHERE { VALUES ?c { ${v} } ?c dly:citedIn ?f . ?f dly:footnoteNumber ?n }`),
  ]);
  const byComparison = groupBy(rows, (r) => r.c!);
  const kinds = groupBy(kindRows, (r) => r.c!);
  const claimIris = groupBy(claimRows, (r) => r.c!);
  const footnotes = groupBy(footnoteRows, (r) => r.c!);
  const claims = new Map((await loadClaims(lookup, uniqueBy(claimRows.map((r) => r.claim!), (x) => x))).map((c) => [c.iri, c]));
  return iris.flatMap((iri) => {
    const row = byComparison.get(iri)?.[0];
    if (!row) return [];
    const compared = (claimIris.get(iri) ?? []).flatMap((r) => (claims.has(r.claim!) ? [claims.get(r.claim!)!] : []))
      .sort((a, b) => (a.earliest ?? '').localeCompare(b.earliest ?? '') || a.iri.localeCompare(b.iri));
    return [{
      iri,
      label: row.label!,
      verdict: row.conflict === 'true' ? 'differ' as const : 'concur' as const,
      summary: row.summary!,
      kinds: uniqueBy((kinds.get(iri) ?? []).map((k) => k.kind!), (k) => k),
      concerns: row.concerns ? { iri: row.concerns, label: row.concernsLabel!, date: row.date, earliest: row.earliest } : undefined,
      footnotes: uniqueBy((footnotes.get(iri) ?? []).map((f) => ({ iri: f.f!, label: `Footnote ${f.n}`, n: Number(f.n) })), (f) => f.iri).sort((a, b) => a.n! - b.n!),
      ...columnsOf(compared, comparedSides),
    }];
  });
}
