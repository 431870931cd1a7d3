// The frame of every page: a skip link, the search box (type-ahead from
// /assets/js/search.js; a plain GET form without JavaScript), navigation, the
// stylesheet, and a footer with the citation and licence.

import { html, type SafeHtml } from './html.js';
import { site } from './site.js';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  head?: SafeHtml;
  scripts?: string[];
  /** For the "query behind this view" link. */
  description?: string;
  /** The search box's current text (on the search page). */
  query?: string;
}

const NAV: [string, string][] = [
  ['/', 'Home'], ['/id/', 'Browse'], ['/views/network', 'Network'], ['/views/timeline', 'Timeline'], ['/views/accounts', 'Accounts compared'],
  ['/sparql', 'SPARQL'], ['/dumps/', 'Dumps'],
];

export function page(options: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} — ${site().name}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<link rel="stylesheet" href="/assets/site.css">
${options.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site"><a class="brand" href="/">${site().name}</a>
<form class="site-search" role="search" action="/search" method="get">
<label for="site-search-q" class="visually-hidden">Search the dataset</label>
<input id="site-search-q" type="search" name="q" value="${options.query ?? ''}" maxlength="200" autocomplete="off" placeholder="Search: a name, FO 371/23682, fn 38…"
 role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="site-search-suggestions">
<button type="submit">Search</button>
<ul id="site-search-suggestions" class="suggestions" role="listbox" aria-label="Suggestions" hidden></ul>
</form>
<nav aria-label="Site">${NAV.map(([href, label]) => html`<a href="${href}">${label}</a>`)}</nav></header>
<main id="main" tabindex="-1">
${options.body}
</main>
<footer class="site">${site().subtitle}. Data under <a href="${site().licence}">${site().licenceLabel}</a>. <a href="/#cite">How to cite</a>.</footer>
<script src="/assets/js/search.js" defer></script>
${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
</body>
</html>`.value;
}
