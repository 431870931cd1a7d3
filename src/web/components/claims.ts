// Claim cards (statement, date, source, whose account, footnotes, passage,
// quotations) and comparisons of accounts laid out side by side: the two compared
// sides (data/dataset.yaml) left and right, the discrepancy between them.

import type oxigraph from 'oxigraph';
import { html, type SafeHtml } from '../html.js';
import { iriTerm, select, type Row } from '../../store/select.js';
import { conceptIri } from '../../model/iri.js';
import { site } from '../site.js';

export type Linker = (iri: string, label: string) => SafeHtml;

export interface ClaimView {
  iri: string;
  label: string;
  date?: string;
  earliest?: string;
  side?: string;
  /** For an omission (the author's note that a record leaves something out): the side of that record. */
  recordSide?: string;
  sideLabel?: string;
  kind: string;
  sources: { iri: string; label: string }[];
  accounts: { iri: string; label: string }[];
  footnotes: { iri: string; n: string }[];
  passages: { iri: string; label: string }[];
  quotes: { text: string; speaker?: string }[];
}

function values(iris: string[]): string {
  return iris.map(iriTerm).join(' ');
}

function group(rows: Row[], keyName: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) out.set(row[keyName]!, [...(out.get(row[keyName]!) ?? []), row]);
  return out;
}

function unique<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(keyOf(item)) ? false : (seen.add(keyOf(item)), true)));
}

export function loadClaims(store: oxigraph.Store, iris: string[]): ClaimView[] {
  if (iris.length === 0) return [];
  const v = values(iris);
  const base = group(select(store, `SELECT ?claim ?label ?date ?earliest ?side ?sideLabel ?recordSide ?type WHERE { VALUES ?claim { ${v} }
    ?claim rdfs:label ?label ; a ?type . FILTER(?type IN (dly:SourceClaim, dly:AuthorJudgement))
    OPTIONAL { ?claim dly:date ?date } OPTIONAL { ?claim dly:earliest ?earliest }
    OPTIONAL { ?claim dly:side ?side . ?side skos:prefLabel ?sideLabel }
    OPTIONAL { ?claim dly:omittedFrom/dly:side ?recordSide } }`), 'claim');
  const links = group(select(store, `SELECT ?claim ?rel ?target ?targetLabel ?n WHERE { VALUES ?claim { ${v} }
    { ?claim prov:wasDerivedFrom ?target . BIND("source" AS ?rel) } UNION { ?claim prov:wasAttributedTo ?target . BIND("account" AS ?rel) }
    UNION { ?claim dly:citedIn ?target . ?target dly:footnoteNumber ?n . BIND("footnote" AS ?rel) }
    UNION { ?claim dly:passage/oa:hasSource ?target . BIND("passage" AS ?rel) }
    OPTIONAL { ?target rdfs:label ?targetLabel } }`), 'claim');
  const quotes = group(select(store, `SELECT ?claim ?text ?speakerLabel WHERE { VALUES ?claim { ${v} } ?claim dly:quotation ?q . ?q dly:quotedText ?text .
    OPTIONAL { ?q dly:speaker/rdfs:label ?speakerLabel } }`), 'claim');
  return iris.flatMap((iri) => {
    const rows = base.get(iri);
    if (!rows) return [];
    const linked = links.get(iri) ?? [];
    const pick = (rel: string) => unique(linked.filter((r) => r.rel === rel).map((r) => ({ iri: r.target!, label: r.targetLabel ?? r.target! })), (x) => x.iri);
    return [{
      iri,
      label: rows[0].label!,
      date: rows[0].date,
      earliest: rows[0].earliest,
      side: rows[0].side,
      sideLabel: rows[0].sideLabel,
      recordSide: rows[0].recordSide,
      kind: rows[0].type!.endsWith('AuthorJudgement') ? "author's judgement" : 'from a source',
      sources: pick('source'),
      accounts: pick('account'),
      footnotes: unique(linked.filter((r) => r.rel === 'footnote').map((r) => ({ iri: r.target!, n: r.n! })), (x) => x.iri).sort((a, b) => Number(a.n) - Number(b.n)),
      passages: pick('passage').map((p) => ({ iri: p.iri, label: p.iri.replace(/^.*\//, '') })),
      quotes: unique((quotes.get(iri) ?? []).map((q) => ({ text: q.text!, speaker: q.speakerLabel })), (q) => q.text),
    }];
  });
}

function sideClass(claim: ClaimView): string {
  return claim.sideLabel ? `side-${claim.sideLabel.toLowerCase()}` : '';
}

export function claimCard(claim: ClaimView, link: Linker): SafeHtml {
  const list = (items: { iri: string; label: string }[]) => items.map((item, i) => html`${i ? '; ' : ''}${link(item.iri, item.label)}`);
  return html`<div class="claim ${sideClass(claim)}" data-claim="${claim.iri}">
<div>${link(claim.iri, claim.label)}</div>
${claim.quotes.map((q) => html`<blockquote>“${q.text}”${q.speaker ? html` <span class="muted">— ${q.speaker}</span>` : ''}</blockquote>`)}
<div class="prov">${claim.date ? html`${claim.date} · ` : ''}${claim.kind}${claim.sideLabel ? ` · ${claim.sideLabel} account` : ''}
${claim.sources.length ? html` · source: ${list(claim.sources)}` : ''}
${claim.accounts.length ? html` · account of ${list(claim.accounts)}` : ''}
${claim.footnotes.length ? html` · ${claim.footnotes.map((f, i) => html`${i ? ', ' : ''}${link(f.iri, `fn ${f.n}`)}`)}` : ''}
${claim.passages.length ? html` · passage ${claim.passages.map((p, i) => html`${i ? ', ' : ''}${link(p.iri, p.label)}`)}` : ''}</div>
</div>`;
}

export function claimCards(store: oxigraph.Store, iris: string[], link: Linker): SafeHtml {
  return html`${loadClaims(store, iris).map((claim) => claimCard(claim, link))}`;
}

export interface ComparisonView {
  iri: string;
  label: string;
  verdict: 'differ' | 'concur';
  summary: string;
  kinds: string[];
  concerns?: { iri: string; label: string; date?: string; earliest?: string };
  claims: ClaimView[];
  footnotes: string[];
}

export function loadComparisons(store: oxigraph.Store, iris: string[]): ComparisonView[] {
  if (iris.length === 0) return [];
  const v = values(iris);
  const rows = group(select(store, `SELECT ?c ?label ?summary ?conflict ?concerns ?concernsLabel ?date ?earliest WHERE { VALUES ?c { ${v} }
    ?c rdfs:label ?label ; dly:discrepancySummary ?summary . BIND(EXISTS { ?c a dly:ConflictingAccounts } AS ?conflict)
    OPTIONAL { ?c dly:concerns ?concerns . ?concerns rdfs:label ?concernsLabel OPTIONAL { ?concerns dly:date ?date } OPTIONAL { ?concerns dly:earliest ?earliest } } }`), 'c');
  const kinds = group(select(store, `SELECT ?c ?kind WHERE { VALUES ?c { ${v} } ?c dly:discrepancyType/skos:prefLabel ?kind }`), 'c');
  const claims = group(select(store, `SELECT ?c ?claim WHERE { VALUES ?c { ${v} } ?c dly:comparesClaim ?claim }`), 'c');
  const footnotes = group(select(store, `SELECT ?c ?n WHERE { VALUES ?c { ${v} } ?c dly:citedIn/dly:footnoteNumber ?n }`), 'c');
  return iris.flatMap((iri) => {
    const row = rows.get(iri)?.[0];
    if (!row) return [];
    return [{
      iri,
      label: row.label!,
      verdict: row.conflict === 'true' ? 'differ' as const : 'concur' as const,
      summary: row.summary!,
      kinds: unique((kinds.get(iri) ?? []).map((k) => k.kind!), (k) => k),
      concerns: row.concerns ? { iri: row.concerns, label: row.concernsLabel!, date: row.date, earliest: row.earliest } : undefined,
      claims: loadClaims(store, (claims.get(iri) ?? []).map((c) => c.claim!)),
      footnotes: unique((footnotes.get(iri) ?? []).map((f) => f.n!), (n) => n).sort((a, b) => Number(a) - Number(b)),
    }];
  });
}

/** One comparison: the first compared side's claims left, the second's right, others below, the discrepancy in between. */
export function comparisonBlock(comparison: ComparisonView, link: Linker): SafeHtml {
  const [leftSide, rightSide] = site().comparedSides.map((id) => conceptIri('side', id));
  // An omission goes with the record it is about.
  const column = (c: ClaimView) => c.recordSide ?? c.side;
  const leftClaims = comparison.claims.filter((c) => column(c) === leftSide);
  const rightClaims = comparison.claims.filter((c) => column(c) === rightSide);
  const other = comparison.claims.filter((c) => column(c) !== leftSide && column(c) !== rightSide);
  const [left, right, rest] = leftClaims.length && rightClaims.length ? [leftClaims, rightClaims, other]
    : [comparison.claims.slice(0, Math.ceil(comparison.claims.length / 2)), comparison.claims.slice(Math.ceil(comparison.claims.length / 2)), []];
  return html`<section class="comparison" data-comparison="${comparison.iri}">
<h3>${link(comparison.iri, comparison.label)} <span class="kind">${comparison.verdict === 'differ' ? 'accounts differ' : 'accounts agree'}</span></h3>
${comparison.concerns ? html`<p class="muted">About ${link(comparison.concerns.iri, comparison.concerns.label)}${comparison.concerns.date ? `, ${comparison.concerns.date}` : ''}</p>` : ''}
<div class="accounts">
<div class="account">${left.map((c) => claimCard(c, link))}</div>
<div class="account">${right.map((c) => claimCard(c, link))}</div>
<div class="discrepancy"><strong>${comparison.kinds.join(', ')}:</strong> ${comparison.summary}
${comparison.footnotes.length ? html` <span class="muted">(fn ${comparison.footnotes.join(', ')})</span>` : ''}</div>
${rest.length ? html`<div class="account" style="grid-column: 1 / -1">${rest.map((c) => claimCard(c, link))}</div>` : ''}
</div>
</section>`;
}

export function comparisonBlocks(store: oxigraph.Store, iris: string[], link: Linker): SafeHtml {
  return html`${loadComparisons(store, iris).map((c) => comparisonBlock(c, link))}`;
}
