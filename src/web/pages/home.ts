// The home page: what the dataset is, what it holds, the article's citation, the
// licence and how to cite, and the ways in.

import { type AppContext } from '../../http/context.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { datasetStats } from '../../store/stats.js';
import { iriTerm, select } from '../../store/select.js';

const SHOWN = ['people', 'organisations', 'places', 'events (meetings included)', 'meetings', 'documents', 'works', 'footnotes', 'claims', 'quotations', 'conflicting-account sets'];

export function homePage(context: AppContext, base: string): string {
  const stats = context.memo('stats', () => datasetStats(context.store)).filter((s) => SHOWN.includes(s.name));
  const [article] = select(context.store, `SELECT ?article ?title ?author WHERE { ?article a dly:JournalArticle ; dcterms:title ?title ; dcterms:creator/rdfs:label ?author .
    FILTER EXISTS { ?section dcterms:isPartOf ?article ; a dly:Section } } LIMIT 1`);
  const articleLink = article ? article.article!.replace(context.baseIri, '/') : undefined;
  const sections = article ? select(context.store, `SELECT ?section ?number WHERE { ?section a dly:Section ; dcterms:isPartOf ${iriTerm(article.article!)} ; dly:sectionNumber ?number ; dly:ordinal ?o } ORDER BY ?o`) : [];
  return page({
    title: 'Anglo-Soviet relations, 1939–40: a linked-data edition',
    description: 'A knowledge graph of Carley, A Situation of Delicacy and Danger: people, meetings, sources, claims with provenance and conflicting British and Soviet accounts.',
    body: html`<h1>Anglo-Soviet relations, August 1939 – March 1940</h1>
<p>A linked-data edition of ${article ? html`<a href="${articleLink}">${article.author}, “${article.title}”</a>` : 'the article'}:
who met whom, what each side's record says was said, where the British and the Soviet records of the same meeting disagree,
and where every statement comes from — the document, whose account it is, the article's footnote and passage.</p>
<div class="cards">${stats.map((s) => html`<div class="card"><div class="count">${s.count}</div><div>${s.name}</div></div>`)}</div>
<h2>Look</h2>
<ul>
<li><a href="/views/accounts">Accounts compared</a> — every meeting whose British and Soviet records differ, side by side.</li>
<li><a href="/views/network">Network</a> — who talked to whom, coloured by side, filtered by date and topic.</li>
<li><a href="/views/timeline">Timeline</a> — events, meetings and cables from August 1939, with uncertain dates as ranges.</li>
${sections.length ? html`<li>Sections of the article: ${sections.map((s, i) => html`${i ? ' · ' : ''}<a href="${s.section!.replace(context.baseIri, '/')}">${s.number}</a>`)}</li>` : ''}
</ul>
<h2>Query and download</h2>
<ul>
<li><a href="/sparql">SPARQL query editor</a> with example questions; the endpoint is <code>${base}sparql</code> (SPARQL 1.1 Protocol).</li>
<li><a href="/dumps/">Downloads</a>: N-Quads, TriG, Turtle, JSON-LD, with SHA-256 checksums.</li>
<li><a href="/.well-known/void">VoID/DCAT description</a>, <a href="/ontology">ontology</a>, <a href="/context.jsonld">JSON-LD context</a>.</li>
<li>OpenRefine reconciliation service: <code>${base}reconcile</code>.</li>
</ul>
<h2>Licence and citation</h2>
<p>The data is published under <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>. Version ${context.manifest.version}, built ${context.manifest.modified}.
Labels, descriptions and claims are written in our own words; quotations of historical actors are short and marked as such. Cite as:</p>
<pre>Delicacy: a linked-data edition of M. J. Carley, ‘A Situation of Delicacy and Danger’:
Anglo-Soviet Relations, August 1939–March 1940. Version ${context.manifest.version}. ${context.baseIri}dataset</pre>`,
  });
}
