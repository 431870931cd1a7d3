// The home page: what the dataset is, what it holds, the source's citation, the
// licence and how to cite, and the ways in.

import { type AppContext } from '../../http/context.js';
import { html, scriptJson } from '../html.js';
import { schemaOrgDataset } from '../../publish/schemaOrg.js';
import { articleCitation } from '../../publish/citation.js';
import { page } from '../layout.js';
import { site } from '../site.js';
import { type HomeView } from '../data/home.js';

export const SHOWN = ['people', 'organisations', 'places', 'events (meetings included)', 'meetings', 'documents', 'works', 'footnotes', 'claims', 'quotations', 'conflicting-account sets', 'entities linked to Wikidata'];

export function homePage(context: AppContext, base: string, { stats, articles }: HomeView): string {
  const settings = site();
  const local = (iri: string) => iri.replace(context.baseIri, '/');
  return page({
    title: settings.title,
    description: settings.description,
    head: html`<script type="application/ld+json">${scriptJson(schemaOrgDataset(context.manifest, base))}</script>`,
    body: html`<h1>${settings.title}</h1>
<p>${settings.subtitle}.</p>
<p>${settings.description}</p>
${articles.map((a) => html`<p>Source: <a href="${local(a.iri)}">${a.author}, “${a.title}”</a>. Sections:
${a.sections.map((s, i) => html`${i ? ' · ' : ''}<a href="${local(s.iri)}">${s.number}</a>`)} (<a href="/id/section/">all paragraphs in reading order</a>).</p>`)}
<form class="home-search" method="get" action="/search" role="search" aria-label="Search the dataset"><label for="home-q">Search people, documents, footnotes, claims</label>
<input id="home-q" type="search" name="q" maxlength="200" placeholder="Maisky, FO 371/23682, fn 38, DVP XXII/2 190…"> <button type="submit">Search</button></form>
<div class="cards">${stats.map((s) => html`<div class="card"><div class="count">${s.count}</div><div>${s.name}</div></div>`)}</div>
<p><a href="/id/">Browse every list</a>: <a href="/id/person/">people</a>, <a href="/id/organisation/">organisations</a>, <a href="/id/meeting/">meetings</a>,
<a href="/id/document/">documents by archive and file</a>, <a href="/id/footnote/">footnotes 1–124</a>, <a href="/id/claim/">claims</a>, <a href="/id/comparison/">comparisons of accounts</a>.</p>
<h2>Look</h2>
<ul>
<li><a href="/views/accounts">Accounts compared</a> — every meeting whose records differ, the two sides' accounts side by side.</li>
<li><a href="/views/network">Network</a> — who talked to whom, coloured by side, filtered by date and topic.</li>
<li><a href="/views/timeline">Timeline</a> — events, meetings and communications, with uncertain dates as ranges.</li>
</ul>
<h2>Query and download</h2>
<ul>
<li><a href="/sparql">SPARQL query editor</a> with example questions; the endpoint is <code>${base}sparql</code> (SPARQL 1.1 Protocol).</li>
<li><a href="/dumps/">Downloads</a>: N-Quads, TriG, Turtle, JSON-LD, with SHA-256 checksums.</li>
<li><a href="/.well-known/void">VoID/DCAT description</a>, <a href="/ontology">ontology</a>, <a href="/context.jsonld">JSON-LD context</a>.</li>
<li>OpenRefine reconciliation service: <code>${base}reconcile</code>.</li>
<li>Graph Store Protocol (read-only), for rdflib and Jena: <code>${base}rdf-graph-store?graph=…</code> or <code>?default</code>.</li>
</ul>
<h2 id="cite">How to cite</h2>
<p>Cite the version of the dataset you used${context.manifest.issued ? '' : ' (this build has not been released: cite a released version from the downloads page)'}:</p>
<pre class="citation">${context.manifest.citation ?? `${settings.citation} Version ${context.manifest.version}.`}</pre>
${(context.manifest.articles ?? []).map((a) => html`<p>and the article it is an edition of:</p>
<pre class="citation">${articleCitation(a)}</pre>`)}
<p>As Citation File Format: <a href="/CITATION.cff">CITATION.cff</a>. Every released version keeps its own dumps and citation at <a href="/dumps/">/dumps/&lt;version&gt;/</a>.</p>
<h2>Licence</h2>
<p>The data is published under <a href="${settings.licence}">${settings.licenceLabel}</a>; the software under the MIT licence. Version ${context.manifest.version}, built ${context.manifest.modified}.
Labels, descriptions and claims are written in our own words; quotations of historical actors are short and marked as such.</p>`,
  });
}
