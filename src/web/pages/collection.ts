// The list page of a collection IRI (/id/person/ ...): a filter form that works
// without JavaScript (GET), column headers that sort, pages of 100; documents by
// archive, series and piece; footnotes in order with their citations; the
// article's sections and paragraphs in reading order.

import { html, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { humanDate } from '../dates.js';
import { collectionPath, KINDS, type CollectionView, type FilterState, type ItemRow } from '../data/collections.js';
import { claimLine, footnoteLinks, type Linker } from '../components/claims.js';
import { citationText } from '../components/citation.js';
import { type EntityKind } from '../../model/iri.js';

function oneLine(text: string | undefined, max = 160): string {
  if (!text) return '';
  return text.length > max ? `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : text;
}

function query(filters: FilterState, change: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...change })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function select(name: string, label: string, current: string | undefined, options: [string, string][], all: string): SafeHtml {
  return html`<label>${label} <select name="${name}"><option value="">${all}</option>${options.map(([value, text]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`)}</select></label>`;
}

function filterForm(view: CollectionView): SafeHtml {
  const { filters, options, info } = view;
  const controls: SafeHtml[] = [];
  for (const name of info.filters) {
    if (name === 'q') controls.push(html`<label>Contains <input type="search" name="q" value="${filters.q ?? ''}" maxlength="200"></label>`);
    if (name === 'side' && options.sides.length) controls.push(select('side', 'Side', filters.side, options.sides.map((s) => [s.iri, s.label]), 'any side'));
    if (name === 'type' && options.types.length > 1) controls.push(select('type', 'Type', filters.type, options.types.map((t) => [t, t]), 'any type'));
    if (name === 'office' && options.offices.length) {
      controls.push(select('office', 'Office', filters.office, options.offices.map((o) => [o.iri, o.label]), 'any office'));
      // Only the most held offices are offered; every office's page lists its holders.
      if (options.officeCount > options.offices.length) controls.push(html`<span class="muted">(the most held of ${options.officeCount} offices; an office’s own page lists all its holders)</span>`);
    }
    if (name === 'topic' && options.topics.length) controls.push(select('topic', 'Topic', filters.topic, options.topics.map((t) => [t.iri, t.label]), 'any topic'));
    if (name === 'claimKind') controls.push(select('claimKind', 'Kind', filters.claimKind, [['source', 'from a source'], ['judgement', 'the author’s judgement']], 'all claims'));
    if (name === 'verdict') controls.push(select('verdict', 'Accounts', filters.verdict, [['differ', 'differ'], ['agree', 'agree']], 'differ or agree'));
    if (name === 'from') controls.push(html`<label>From <input type="date" name="from" value="${filters.from?.length === 10 ? filters.from : ''}"></label>`);
    if (name === 'to') controls.push(html`<label>To <input type="date" name="to" value="${filters.to?.length === 10 ? filters.to : ''}"></label>`);
  }
  if (controls.length === 0) return html``;
  const hidden = (['about', 'source'] as const).filter((k) => filters[k]);
  return html`<form class="controls filters" method="get" action="${collectionPath(info.kind)}" role="search" aria-label="Filter the ${info.title.toLowerCase()}">
${controls}${hidden.map((k) => html`<input type="hidden" name="${k}" value="${filters[k]!}">`)}
<button type="submit">Filter</button>${Object.keys(filters).some((k) => filters[k]) ? html` <a href="${collectionPath(info.kind)}">Clear</a>` : ''}</form>`;
}

/** A column header that sorts by it (and reverses when it already does). */
function sortHeader(view: CollectionView, key: string, label: string): SafeHtml {
  const active = view.sort === key;
  const descending = active && view.order === 'desc';
  const href = query(view.filters, { sort: key, order: active && !descending ? 'desc' : undefined, page: undefined });
  return html`<th scope="col"${active ? html` aria-sort="${descending ? 'descending' : 'ascending'}"` : ''}><a href="${href}">${label}${active ? (descending ? ' ▼' : ' ▲') : ''}</a></th>`;
}

/** The address of page n of the list as it is filtered and sorted now. */
function pageHref(view: CollectionView, n: number): string {
  return query(view.filters, { sort: view.sort === view.info.sort ? undefined : view.sort, order: view.order === 'desc' ? 'desc' : undefined, page: n > 1 ? String(n) : undefined }) || '?';
}

/** Pages near the current one, and the first and last: a list of 100,000 people has 1,000 pages, not 1,000 links. */
export function pagerNumbers(page: number, pages: number, around = 3): (number | undefined)[] {
  const shown = [...new Set([1, ...Array.from({ length: 2 * around + 1 }, (_, i) => page - around + i), pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n > shown[i - 1] + 1 ? [undefined, n] : [n]));
}

function pager(view: CollectionView): SafeHtml {
  if (view.pages <= 1) return html``;
  const link = (n: number, text: string, rel?: string) => html`<a href="${pageHref(view, n)}"${rel ? html` rel="${rel}"` : ''}${n === view.page ? html` aria-current="page"` : ''}>${text}</a>`;
  return html`<nav class="pager" aria-label="Pages">${view.page > 1 ? link(view.page - 1, '← previous', 'prev') : ''}
${pagerNumbers(view.page, view.pages).map((n) => (n === undefined ? html`<span aria-hidden="true">…</span>` : link(n, String(n))))}
${view.page < view.pages ? link(view.page + 1, 'next →', 'next') : ''}</nav>`;
}

/** rel="prev" and rel="next" for the page's head, so that a crawler or a client walks the list. */
function pagerLinks(view: CollectionView): SafeHtml {
  return html`${view.page > 1 ? html`<link rel="prev" href="${pageHref(view, view.page - 1)}">` : ''}${view.page < view.pages ? html`<link rel="next" href="${pageHref(view, view.page + 1)}">` : ''}`;
}

function table(view: CollectionView, link: Linker): SafeHtml {
  const kind = view.info.kind;
  const dated = ['event', 'meeting', 'document', 'claim', 'comparison'].includes(kind);
  const hasSide = view.rows.some((r) => r.side);
  const hasType = view.rows.some((r) => r.type) && !['claim', 'comparison', 'footnote'].includes(kind);
  const extraHeads: Partial<Record<EntityKind, SafeHtml>> = {
    person: html`<th scope="col">Offices</th>`,
    document: html`<th scope="col">Reference</th>`,
    comparison: html`<th scope="col">Accounts</th>`,
    link: html`<th scope="col">Wikidata item</th>`,
    concept: html`<th scope="col">Scheme</th>`,
  };
  const extraCell = (row: ItemRow): SafeHtml => {
    switch (kind) {
      case 'person': return html`<td>${row.offices.map((o, i) => html`${i ? '; ' : ''}${link(o.iri, o.label)}`)}</td>`;
      case 'document': return html`<td>${[row.extra.reference, row.extra.registry].filter(Boolean).join(', ') || (row.extra.publishedLabel ? `${row.extra.publishedLabel}${row.extra.pages ? `, ${row.extra.pages}` : ''}` : '')}</td>`;
      case 'comparison': return html`<td><span class="verdict verdict-${row.extra.verdict}">${row.extra.verdict}</span>${row.extra.kinds ? `: ${row.extra.kinds}` : ''}</td>`;
      case 'link': return html`<td><a href="https://www.wikidata.org/wiki/${row.extra.target?.replace(/^.*\//, '') ?? ''}">${row.extra.wikidataLabel ?? ''}</a> <span class="muted">${row.extra.target?.replace(/^.*\//, '') ?? ''}${row.extra.property?.endsWith('closeMatch') ? ' · close match' : ''}</span></td>`;
      case 'concept': return html`<td>${row.extra.scheme ? link(row.extra.scheme, row.extra.schemeLabel ?? row.extra.scheme.replace(/^.*\//, '')) : ''}</td>`;
      default: return html``;
    }
  };
  const name = (row: ItemRow) => (kind === 'comparison' && row.extra.concerns ? html`${link(row.iri, row.extra.concernsLabel ?? row.label)}`
    : kind === 'link' && row.extra.subject ? html`${link(row.extra.subject, row.extra.subjectLabel ?? row.label)} <span class="muted">(${link(row.iri, 'evidence')})</span>` : link(row.iri, row.label));
  const description = (row: ItemRow) => oneLine(kind === 'comparison' ? row.extra.summary : row.description);
  return html`<div class="table-wrap"><table class="collection"><thead><tr>${sortHeader(view, 'name', 'Name')}${dated ? sortHeader(view, 'date', 'Date') : ''}${hasSide ? html`<th scope="col">Side</th>` : ''}${hasType ? html`<th scope="col">Type</th>` : ''}${extraHeads[kind] ?? ''}</tr></thead>
<tbody>${view.rows.map((row) => html`<tr><td>${name(row)}${description(row) ? html`<div class="muted one-line">${description(row)}</div>` : ''}</td>
${dated ? html`<td class="date">${humanDate(row.date ?? row.extra.cdate)}</td>` : ''}${hasSide ? html`<td>${row.side?.label ?? ''}</td>` : ''}${hasType ? html`<td>${row.type ?? ''}</td>` : ''}${extraCell(row)}</tr>`)}</tbody></table></div>`;
}

function documentsByArchive(view: CollectionView, link: Linker): SafeHtml {
  const entry = (row: ItemRow) => html`<li>${link(row.iri, row.label)}${row.extra.registry ? html` <span class="muted">${row.extra.registry}</span>` : ''}${row.extra.pages && !row.extra.series ? html` <span class="muted">p. ${row.extra.pages}</span>` : ''}</li>`;
  return html`<p class="muted">By archive, series and piece (the file a document is in), then the printed collections by volume and page. <a href="?sort=date">As one table in date order</a>.</p>
${view.documents!.map((archive) => html`<section class="archive"><h2>${archive.archive.iri ? link(archive.archive.iri, archive.archive.label) : archive.archive.label}</h2>
${archive.series.map((series) => html`<h3>${series.iri ? link(series.iri, series.label) : series.label} <span class="count-badge">${series.pieces.reduce((n, p) => n + p.rows.length, 0)}</span></h3>
${series.pieces.length === 1 && series.pieces[0].label === series.label ? html`<ul class="refs">${series.pieces[0].rows.map(entry)}</ul>`
    : series.pieces.map((piece) => html`<details${series.pieces.length <= 6 ? html` open` : ''}><summary>${piece.label} <span class="count-badge">${piece.rows.length}</span></summary><ul class="refs">${piece.rows.map(entry)}</ul></details>`)}`)}
</section>`)}`;
}

function footnoteList(view: CollectionView, link: Linker): SafeHtml {
  return html`<p class="muted">Each citation is rebuilt from the footnote's items in the article's manner (ibid., short titles) with the full references; follow a footnote for its notes, corrections and what it supports.</p>
<ol class="footnotes">${view.footnotes!.map((f) => html`<li value="${f.ref.n ?? ''}" id="fn-${f.ref.n ?? ''}"><strong>${link(f.ref.iri, f.ref.label)}</strong>${f.paragraph ? html` <span class="muted">(${link(f.paragraph.iri, f.paragraph.label)})</span>` : ''}
<div class="citation-text">${citationText(f.items)}</div>
<div class="muted">Cites: ${f.items.map((item, i) => html`${i ? '; ' : ''}${link(item.cites.iri, item.cites.label)}`)}</div></li>`)}</ol>`;
}

function articleContents(view: CollectionView, link: Linker): SafeHtml {
  const supports = (counts: Record<string, number>) => Object.entries(counts).map(([kind, n]) => `${n} ${n === 1 ? kind.replace(/s$/, '') : kind}`).join(', ');
  return html`${view.article!.map((s) => html`<section class="article-section"><h2>${link(s.section.iri, s.section.label)} <span class="count-badge">${s.paragraphs.length}</span></h2>
<ol class="paragraphs">${s.paragraphs.map((p) => html`<li value="${p.ordinal}">${link(p.ref.iri, `Paragraph ${p.ordinal}`)} <span class="muted">${supports(p.supports) || 'no entries'}${p.footnotes.length ? html` · ${footnoteLinks(p.footnotes, link)}` : ''}</span></li>`)}</ol></section>`)}`;
}

export function collectionPage(view: CollectionView, link: Linker): string {
  const { info } = view;
  let body: SafeHtml;
  if (view.documents) body = documentsByArchive(view, link);
  else if (view.footnotes) body = footnoteList(view, link);
  else if (view.article) body = articleContents(view, link);
  else if (view.claims) body = html`<ul class="claims">${view.claims.map((c) => claimLine(c, link))}</ul>`;
  else body = table(view, link);
  const narrowed = [view.about ? html`naming ${link(view.about.iri, view.about.label)}` : '', view.source ? html`from ${link(view.source.iri, view.source.label)}` : ''].filter(Boolean);
  return page({
    title: info.title,
    description: info.blurb,
    head: pagerLinks(view),
    body: html`<p class="kind">List · <a href="/id/">all lists</a></p>
<h1>${info.title}</h1>
<p>${info.blurb}</p>
${filterForm(view)}
<p class="muted" role="status">${view.matching === view.total ? `${view.total} ${view.total === 1 ? info.singular : info.title.toLowerCase()}` : `${view.matching} of ${view.total}`}${narrowed.length ? html`, ${narrowed.map((n, i) => html`${i ? ' and ' : ''}${n}`)}` : ''}${view.pages > 1 ? `; page ${view.page} of ${view.pages}` : ''}.</p>
${body}
${pager(view)}`,
  });
}

export function collectionsIndexPage(counts: Map<string, number>): string {
  const kinds = Object.values(KINDS).filter((k) => (counts.get(k.kind) ?? 0) > 0);
  return page({
    title: 'Browse',
    description: 'Every list of the dataset: people, organisations, places, events, meetings, documents, works, footnotes, claims, comparisons, the article.',
    body: html`<h1>Browse</h1>
<p>Every entity has a page; these lists lead to them. Or <a href="/search">search</a> by name, archival reference, footnote or words.</p>
<div class="cards">${kinds.map((k) => html`<a class="card" href="${collectionPath(k.kind)}"><div class="count">${counts.get(k.kind)}</div><div><strong>${k.title}</strong></div><div class="muted">${k.blurb}</div></a>`)}</div>`,
  });
}
