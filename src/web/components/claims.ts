// Claim cards (statement, date, source, whose account, footnotes, passage,
// quotations), comparisons of accounts laid out in labelled columns, and the
// one-line summaries of both for pages that list many.

import { html, type SafeHtml } from '../html.js';
import { humanDate } from '../dates.js';
import { type ClaimView, type ComparisonView } from '../data/claims.js';
import { type ClaimLine } from '../data/entity.js';
import { type Ref } from '../data/common.js';

export type Linker = (iri: string, label: string) => SafeHtml;

function sideClass(side?: string): string {
  return side ? `side-${side.toLowerCase().replace(/[^a-z]+/g, '-')}` : '';
}

/** "fn 37, 38" with each number linking to its footnote's page. */
export function footnoteLinks(footnotes: Ref[], link: Linker, prefix = 'fn '): SafeHtml {
  if (footnotes.length === 0) return html``;
  return html`${prefix}${footnotes.map((f, i) => html`${i ? ', ' : ''}${link(f.iri, String(f.n ?? f.label))}`)}`;
}

export function claimCard(claim: ClaimView, link: Linker): SafeHtml {
  const list = (items: Ref[]) => items.map((item, i) => html`${i ? '; ' : ''}${link(item.iri, item.label)}`);
  return html`<div class="claim ${sideClass(claim.recordSideLabel)}" data-claim="${claim.iri}">
<div>${link(claim.iri, claim.label)}</div>
${claim.quotes.map((q) => html`<blockquote>“${q.text}”${q.speaker ? html` <span class="muted">— ${q.speaker}</span>` : ''}</blockquote>`)}
<div class="prov">${claim.date ? html`${humanDate(claim.date)} · ` : ''}${claim.judgement ? "author's judgement" : 'from a source'}${claim.sideLabel && !claim.judgement ? ` · ${claim.sideLabel} account` : ''}
${claim.sources.length ? html` · source: ${list(claim.sources)}` : ''}
${claim.accounts.length ? html` · account of ${list(claim.accounts)}` : ''}
${claim.footnotes.length ? html` · ${footnoteLinks(claim.footnotes, link)}` : ''}
${claim.passages.length ? html` · ${claim.passages.map((p, i) => html`${i ? ', ' : ''}${link(p.iri, p.label)}`)}` : ''}</div>
</div>`;
}

/** A claim in one line: the statement, its date, its record and footnotes. */
export function claimLine(claim: ClaimLine, link: Linker, showRecord = true): SafeHtml {
  return html`<li>${link(claim.iri, claim.label)} <span class="muted">${claim.date ? humanDate(claim.date) : ''}${claim.judgement ? ' · the author’s judgement' : ''}${showRecord && claim.record ? html` · ${link(claim.record.iri, claim.record.label)}` : ''}${claim.footnotes.length ? html` · ${footnoteLinks(claim.footnotes, link)}` : ''}</span></li>`;
}

/** One comparison in full: each column headed by whose account it is, the discrepancy below. */
export function comparisonBlock(comparison: ComparisonView, link: Linker, headingLevel: 'h2' | 'h3' = 'h3'): SafeHtml {
  const heading = html`${link(comparison.iri, comparison.label)} <span class="kind">${comparison.verdict === 'differ' ? 'accounts differ' : 'accounts agree'}</span>`;
  return html`<section class="comparison" data-comparison="${comparison.iri}">
${headingLevel === 'h2' ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}
${comparison.concerns ? html`<p class="muted">About ${link(comparison.concerns.iri, comparison.concerns.label)}${comparison.concerns.date ? `, ${humanDate(comparison.concerns.date)}` : ''}</p>` : ''}
<div class="accounts">
${comparison.columns.map((column) => html`<div class="account"><h4 class="column-heading">${column.heading}</h4>
${column.records.length ? html`<p class="muted">Record: ${column.records.map((r, i) => html`${i ? '; ' : ''}${link(r.iri, r.label)}`)}</p>` : ''}
${column.claims.map((c) => claimCard(c, link))}</div>`)}
<div class="discrepancy"><strong>${comparison.kinds.join(', ')}:</strong> ${comparison.summary}
${comparison.footnotes.length ? html` <span class="muted">(${footnoteLinks(comparison.footnotes, link)})</span>` : ''}</div>
${comparison.others.length ? html`<div class="account wide"><h4 class="column-heading">Other accounts and remarks</h4>${comparison.others.map((c) => claimCard(c, link))}</div>` : ''}
</div>
</section>`;
}

/** Comparisons summed up one line each, under the meeting (or matter) they concern, with a link to the accounts side by side. */
export function comparisonSummaries(comparisons: ComparisonView[], link: Linker): SafeHtml {
  const groups = new Map<string, ComparisonView[]>();
  for (const c of comparisons) groups.set(c.concerns?.iri ?? c.iri, [...(groups.get(c.concerns?.iri ?? c.iri) ?? []), c]);
  return html`<div class="comparison-summaries">${[...groups.values()].map((list) => {
    const about = list[0].concerns;
    return html`<h3 class="summary-heading">${about ? html`${about.date ? html`<span class="muted">${humanDate(about.date)}</span> ` : ''}${link(about.iri, about.label)}` : list[0].label}</h3>
<ul>${list.map((c) => html`<li><span class="verdict verdict-${c.verdict}">${c.verdict === 'differ' ? 'Accounts differ' : 'Accounts agree'}</span>${c.kinds.length && c.verdict === 'differ' ? html` <span class="muted">(${c.kinds.join(', ')})</span>` : ''}: ${c.summary} ${link(c.iri, 'Compare the accounts')}</li>`)}</ul>`;
  })}</div>`;
}
