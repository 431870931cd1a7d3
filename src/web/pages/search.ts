// The search results page: results grouped by kind, each with its date and a
// one-line description, and a link to all results of a kind.

import { html } from '../html.js';
import { page } from '../layout.js';
import { humanDate } from '../dates.js';
import { type SearchAnswer } from '../../search/searchIndex.js';

export interface SearchPageInput {
  answer: SearchAnswer;
  href: (iri: string) => string;
  /** The one group shown, when the reader asked for all results of a kind. */
  kind?: string;
  truncated?: boolean;
}

export function searchPage({ answer, href, kind, truncated }: SearchPageInput): string {
  const q = answer.query;
  const more = (kindId: string) => `/search?${new URLSearchParams({ q, kind: kindId })}`;
  return page({
    title: q ? `Search: ${q}` : 'Search',
    query: q,
    body: html`<h1>${q ? html`Search: “${q}”` : 'Search'}</h1>
${q ? '' : html`<p>Search the people, organisations, places, events and meetings, documents and works, footnotes, claims and quotations: by a name in any spelling
(Maiskii, Maisky, Майский, Maĭskiĭ), an archival reference (FO 371/23683, N5342/92/38), a volume and page of a printed collection (DVP XXII/2 190),
a footnote (fn 38), a paragraph (II.26), a Wikidata item (Q134949), or words of a claim or quotation. Type in the box at the top of any page.</p>
<form method="get" action="/search" role="search" aria-label="Search again"><label for="search-again">Search for</label> <input id="search-again" type="search" name="q" maxlength="200"> <button type="submit">Search</button></form>`}
${truncated ? html`<p class="notice">The query was cut to its first 200 characters.</p>` : ''}
${answer.omitted?.length ? html`<p class="notice">Left out as too common to search for in this release: ${answer.omitted.join(', ')}.</p>` : ''}
${q ? html`<p role="status">${answer.total === 0 ? 'Nothing found. Try another spelling, a surname alone, or fewer words.' : `${answer.total} result${answer.total === 1 ? '' : 's'}${kind ? ` among ${kind.toLowerCase()}` : ''}.`}
${kind ? html` <a href="/search?${new URLSearchParams({ q }).toString()}">All kinds</a>` : ''}</p>` : ''}
${answer.groups.length > 1 ? html`<nav class="toc" aria-label="Result groups"><ol>${answer.groups.map((g) => html`<li><a href="#${g.kinds[0]}">${g.title}</a> <span class="muted">(${g.total})</span></li>`)}</ol></nav>` : ''}
<div class="results">${answer.groups.map((g) => html`<section id="${g.kinds[0]}" aria-labelledby="${g.kinds[0]}-title"><h2 id="${g.kinds[0]}-title">${g.title} <span class="count-badge">${g.total}</span></h2>
<ol>${g.hits.map((h) => html`<li><a href="${href(h.iri)}">${h.label}</a>${h.date ? html` <span class="muted">${humanDate(h.date)}</span>` : ''}
${h.description ? html`<div class="muted one-line">${h.description}</div>` : ''}${h.why && h.why !== 'name' ? html`<div class="why">Matched by ${h.why}</div>` : ''}</li>`)}</ol>
${g.total > g.hits.length ? html`<p class="more"><a href="${more(g.kinds[0])}">All ${g.total} ${g.title.toLowerCase()}</a></p>` : ''}</section>`)}</div>`,
  });
}
