// The readable page of any of our entities, from its view model: a summary (what
// it is, dates, side, offices, Wikidata with the item's name), a table of
// contents, then its facts and lists grouped and collapsed with counts, in
// reading order. Only the entity's own description is embedded as JSON-LD.

import { html, scriptJson, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { humanDate, monthKey, monthName } from '../dates.js';
import { byReadingOrder, groupBy, type Ref } from '../data/common.js';
import { type ClaimLine, type EntityView } from '../data/entity.js';
import { claimCard, claimLine, comparisonBlock, comparisonSummaries, footnoteLinks, type Linker } from '../components/claims.js';
import { citationText } from '../components/citation.js';
import { collectionPath } from '../data/collections.js';

export interface EntityPageInput {
  view: EntityView;
  link: Linker;
  /** The entity's own description as JSON-LD. */
  jsonLd: unknown;
  formats: { label: string; href: string }[];
}

/** Claims shown on an entity's page at most; the rest are one link away on the claims list. */
export const MAX_CLAIMS_SHOWN = 100;
/** A list longer than this is collapsed behind its count. */
const COLLAPSE_AFTER = 8;

interface Section { id: string; title: string; count?: number; body: SafeHtml }

function refList(items: Ref[], link: Linker, withDate = true): SafeHtml {
  return html`<ul class="refs">${items.map((r) => html`<li${r.earliest ? html` data-earliest="${r.earliest}"` : ''}>${link(r.iri, r.label)}${withDate && r.date && r.n === undefined ? html` <span class="muted">${humanDate(r.date)}</span>` : ''}</li>`)}</ul>`;
}

/** A list that folds away behind its count when long. */
function collapsible(summary: string, count: number, body: SafeHtml, open = count <= COLLAPSE_AFTER): SafeHtml {
  return html`<details${open ? html` open` : ''}><summary>${summary} <span class="count-badge">${count}</span></summary>${body}</details>`;
}

function claimsSection(claims: ClaimLine[], entity: string, link: Linker): SafeHtml {
  // Grouped by the record they come from (the author's judgements together), in date order.
  const groups = [...groupBy(claims, (c) => (c.judgement ? '~judgement' : c.record?.iri ?? '~other'))];
  const perGroup = Math.max(3, Math.floor(MAX_CLAIMS_SHOWN / Math.max(1, groups.length)));
  const more = (key: string, total: number) => {
    const params = new URLSearchParams({ about: entity });
    if (!key.startsWith('~')) params.set('source', key);
    if (key === '~judgement') params.set('kind', 'judgement');
    return html`<p class="more"><a href="${collectionPath('claim')}?${params.toString()}">All ${total} claims of this group</a></p>`;
  };
  return html`<p class="muted">Grouped by the record they come from; the author's own judgements together. <a href="${collectionPath('claim')}?${new URLSearchParams({ about: entity }).toString()}">All ${claims.length} claims as a list</a>.</p>
${groups.map(([key, list]) => {
    const title = key === '~judgement' ? 'The author’s judgements' : key === '~other' ? 'From published works' : list[0].record!.label;
    return collapsible(title, list.length, html`${key.startsWith('~') ? '' : html`<p class="muted">${link(key, 'The record')}</p>`}
<ul class="claims">${list.slice(0, perGroup).map((c) => claimLine(c, link, false))}</ul>${list.length > perGroup ? more(key, list.length) : ''}`, groups.length <= 3);
  })}`;
}

function meetingsSection(meetings: EntityView['meetings'], link: Linker): SafeHtml {
  const months = [...groupBy(meetings, (m) => monthKey(m.earliest))];
  return html`${months.map(([key, list]) => collapsible(monthName(key), list.length, html`<ul class="refs">${list.map((m) => html`<li data-earliest="${m.earliest ?? ''}">${m.date ? html`<span class="muted">${humanDate(m.date)}</span> ` : ''}${link(m.iri, m.label)}</li>`)}</ul>`, months.length <= 2))}`;
}

export function summaryList(view: EntityView, link: Linker): SafeHtml {
  const rows: [string, SafeHtml | string][] = [];
  rows.push(['What', view.kind]);
  if (view.date) rows.push(['When', humanDate(view.date)]);
  if (view.side) rows.push(['Side', link(view.side.iri, view.side.label)]);
  if (view.offices.length) rows.push(['Offices', html`${view.offices.map((o, i) => html`${i ? '; ' : ''}${link(o.post.iri, o.post.label)}${o.date ? html` <span class="muted">(${humanDate(o.date)})</span>` : ''}`)}`]);
  if (view.participants.length) rows.push(['Who', html`${view.participants.map((p, i) => html`${i ? ', ' : ''}${link(p.iri, p.label)}`)}`]);
  if (view.alts.length) rows.push(['Also written', view.alts.join('; ')]);
  if (view.article && view.footnoteNumber !== undefined) rows.push(['In', link(view.article.iri, view.article.label)]);
  for (const w of view.wikidata) {
    rows.push([w.exact ? 'Wikidata' : 'Wikidata (close)', html`<a class="wikidata-link" href="${w.href}">${w.label ?? w.qid}</a> <span class="muted">${w.qid}${w.dates ? ` · ${w.dates}` : ''} · ${w.exact ? 'the same entity' : 'a close match: the item’s scope differs'} · ${link(w.link, 'evidence')}</span>`]);
  }
  const counts = [
    view.meetings.length ? `${view.meetings.length} meetings` : '',
    view.claims.length ? `${view.claims.length} claims` : '',
    view.comparisons.length ? `${view.comparisons.length} comparisons of accounts` : '',
    view.citedIn.length ? `cited in ${view.citedIn.length} footnotes` : '',
  ].filter(Boolean);
  if (counts.length) rows.push(['In the article', counts.join(' · ')]);
  return html`<dl class="summary">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

function sectionsOf(view: EntityView, link: Linker): Section[] {
  const sections: Section[] = [];
  const add = (id: string, title: string, body: SafeHtml, count?: number) => sections.push({ id, title, body, count });

  if (view.claim) add('claim', 'The claim', claimCard(view.claim, link));
  if (view.comparison) add('accounts', 'The accounts side by side', comparisonBlock(view.comparison, link));
  if (view.citation.length) {
    add('citation', 'The citation', html`<p class="citation-text">${citationText(view.citation)}</p>
<p class="muted">Rebuilt from the citation items below: the article's wording of the sources (ibid., short titles) with the full references they stand for.</p>
<ol class="citation-items">${view.citation.map((item) => html`<li>${link(item.cites.iri, item.cites.label)}${item.locator ? `, ${item.locator}` : ''}${item.reference ? html` <span class="muted">— ${item.reference}</span>` : ''}${item.published ? html` <span class="muted">— ${item.published}</span>` : ''}
${item.form && item.formId !== 'full' ? html` <span class="muted">(cited as ${item.form})</span>` : ''}
${item.printed ? html`<br><span class="muted">Printed as “${item.printed}”. ${item.correction ?? ''}</span>` : ''}${item.note ? html`<br><span class="muted">${item.note}</span>` : ''}</li>`)}</ol>`, view.citation.length);
  }
  if (view.paragraph) {
    const p = view.paragraph;
    add('paragraph', 'In the article', html`<p>${p.section ? html`${link(p.section.iri, p.section.label)}, paragraph ${p.ordinal}.` : ''}
${p.previous ? html` Previous: ${link(p.previous.iri, p.previous.label)}.` : ''}${p.next ? html` Next: ${link(p.next.iri, p.next.label)}.` : ''}</p>
${p.footnotes.length ? html`<p>Footnotes marked in this paragraph: ${footnoteLinks(p.footnotes, link, '')}.</p>` : ''}`);
    for (const group of p.supports) {
      add(`supports-${group.kind.replace(/\W+/g, '-')}`, `What this paragraph supports: ${group.kind}`, collapsible(group.kind, group.items.length, refList(group.items, link)), group.items.length);
    }
  }
  if (view.section) {
    add('paragraphs', 'Paragraphs, in reading order', html`<table><thead><tr><th scope="col">Paragraph</th><th scope="col">Supports</th><th scope="col">Footnotes</th></tr></thead><tbody>
${view.section.paragraphs.map((p) => html`<tr><td>${link(p.iri, `Paragraph ${p.ordinal}`)}</td><td>${p.claims} claims${p.things ? `, ${p.things} other entries` : ''}</td><td>${footnoteLinks(p.footnotes, link, '')}</td></tr>`)}</tbody></table>`, view.section.paragraphs.length);
  }
  if (view.facts.length) {
    add('facts', 'Facts', html`<table class="facts">${view.facts.map((f) => html`<tr><th scope="row">${f.phrase}</th><td>${f.values.map((v, i) => html`${i ? '; ' : ''}${v.iri ? link(v.iri, v.label) : f.property.endsWith('#date') ? html`${humanDate(v.label)} <span class="muted">(${v.label})</span>` : v.label}`)}</td></tr>`)}</table>`);
  }
  if (view.offices.length) add('offices', 'Offices held', html`<table>${view.offices.map((o) => html`<tr><th scope="row">${o.date ? humanDate(o.date) : ''}</th><td>${link(o.post.iri, o.post.label)}${o.organisation ? html` — ${link(o.organisation.iri, o.organisation.label)}` : ''}</td></tr>`)}</table>`, view.offices.length);
  if (view.holders.length) add('holders', 'Held by', html`<table>${view.holders.map((h) => html`<tr><th scope="row">${h.when ? humanDate(h.when) : ''}</th><td>${link(h.iri, h.label)}</td></tr>`)}</table>`, view.holders.length);
  if (view.records.length) add('records', 'Records of this meeting', html`<table>${view.records.map((r) => html`<tr><th scope="row">${r.side ?? ''} record</th><td>${link(r.document.iri, r.document.label)}</td></tr>`)}</table>`, view.records.length);
  if (view.meetings.length) add('meetings', 'Meetings, by month', meetingsSection(view.meetings, link), view.meetings.length);
  if (view.comparisons.length) {
    add('comparisons', 'Accounts compared', html`<p class="muted">Each line sums up one comparison of two records; follow it for the accounts side by side.</p>
${comparisonSummaries(view.comparisons, link)}`, view.comparisons.length);
  }
  if (view.claims.length) add('claims', 'Claims', claimsSection(view.claims, view.iri, link), view.claims.length);
  if (view.citedIn.length) add('footnotes', 'Cited in footnotes', html`<p>${footnoteLinks(view.citedIn, link, 'Footnotes ')}</p>`, view.citedIn.length);
  if (view.incoming.length) {
    add('referred', 'Referred to by', html`${view.incoming.map((g) => collapsible(g.phrase.charAt(0).toUpperCase() + g.phrase.slice(1), g.total,
      html`${refList([...g.items].sort(byReadingOrder), link)}${g.total > g.items.length ? html`<p class="muted">The first ${g.items.length} of ${g.total}, in date order.</p>` : ''}`))}`,
    view.incoming.reduce((n, g) => n + g.total, 0));
  }
  return sections;
}

export function entityPage({ view, link, jsonLd, formats }: EntityPageInput): string {
  const sections = sectionsOf(view, link);
  const turtle = formats.find((f) => f.label === 'Turtle')?.href;
  const jsonLdHref = formats.find((f) => f.label === 'JSON-LD')?.href;
  return page({
    title: view.title,
    description: view.description,
    head: html`${turtle ? html`<link rel="alternate" type="text/turtle" href="${turtle}">` : ''}
${jsonLdHref ? html`<link rel="alternate" type="application/ld+json" href="${jsonLdHref}">` : ''}
<script type="application/ld+json">${scriptJson(jsonLd)}</script>`,
    body: html`<p class="kind">${view.kind}${view.side ? ` · ${view.side.label}` : ''}</p>
<h1>${view.title}</h1>
${view.description ? html`<p class="lead">${view.description}</p>` : ''}
${summaryList(view, link)}
${sections.length > 2 ? html`<nav class="toc" aria-label="On this page"><h2 class="toc-title">On this page</h2><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a>${s.count !== undefined ? html` <span class="muted">(${s.count})</span>` : ''}</li>`)}</ol></nav>` : ''}
${sections.map((s) => html`<section id="${s.id}" class="entity-section"><h2>${s.title}${s.count !== undefined ? html` <span class="count-badge">${s.count}</span>` : ''}</h2>${s.body}</section>`)}
<section class="identifiers"><h2>Identifier and downloads</h2>
<p><code class="iri">${view.iri}</code></p>
<p class="formats">This description as ${formats.map((f, i) => html`${i ? ', ' : ''}<a href="${f.href}">${f.label}</a>`)}: everything the dataset says about it, with the claims and comparisons in full.</p></section>`,
  });
}
