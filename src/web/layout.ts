// The frame of every page: navigation, the stylesheet, and a footer with the
// citation and licence.

import { html, type SafeHtml } from './html.js';
import { site } from './site.js';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  head?: SafeHtml;
  scripts?: string[];
  /** For the "query behind this view" link. */
  description?: string;
}

const NAV: [string, string][] = [
  ['/', 'Home'], ['/views/network', 'Network'], ['/views/timeline', 'Timeline'], ['/views/accounts', 'Accounts compared'],
  ['/sparql', 'SPARQL'], ['/dumps/', 'Dumps'], ['/.well-known/void', 'VoID'],
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
<header class="site"><a class="brand" href="/">${site().name}</a>
<nav>${NAV.map(([href, label]) => html`<a href="${href}">${label}</a>`)}</nav></header>
<main>
${options.body}
</main>
<footer class="site">${site().subtitle}. Data under <a href="${site().licence}">${site().licenceLabel}</a>. <a href="/#cite">How to cite</a>.</footer>
${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
</body>
</html>`.value;
}
