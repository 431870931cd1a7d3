// The query UI: YASGUI served from our own copy of the npm package, our prefixes
// declared in the starting query, and a gallery of example queries.

import { type AppContext } from '../../http/context.js';
import { html, scriptJson } from '../html.js';
import { page } from '../layout.js';
import { loadExamples } from '../../http/examples.js';
import { datasetPrefixes } from '../../model/iri.js';

const PREFERRED = ['dly', 'rdf', 'rdfs', 'xsd', 'skos', 'dcterms', 'prov', 'oa', 'person', 'meeting', 'document', 'claim'];

/** A link to the query UI with this query in a new tab. */
export function queryLink(query: string): string {
  return `/sparql#${new URLSearchParams({ query }).toString()}`;
}

export function prefixDeclarations(): string {
  const prefixes = datasetPrefixes();
  return PREFERRED.map((p) => `PREFIX ${p}: <${prefixes[p]}>`).join('\n');
}

export function queryUiPage(_context: AppContext, base: string): string {
  const examples = loadExamples();
  const start = `${prefixDeclarations()}\n\n# Meetings in date order, with their participants\nSELECT ?meeting ?date (GROUP_CONCAT(?name; separator=", ") AS ?participants) WHERE {\n  ?meeting a dly:Meeting ; rdfs:label ?label ; dly:date ?date ; dly:participant/rdfs:label ?name .\n} GROUP BY ?meeting ?date ORDER BY ?date\nLIMIT 50\n`;
  return page({
    title: 'SPARQL query',
    head: html`<link rel="stylesheet" href="/assets/yasgui/yasgui.min.css">`,
    body: html`<h1>SPARQL query</h1>
<p>Endpoint: <code>${base}sparql</code> (SPARQL 1.1 Protocol; GET or POST). The default graph is the union of all named graphs.
Service description: <a href="/sparql?format=ttl">Turtle</a>. Pick an example below or write your own.</p>
<p id="handed-query" class="notice" hidden>The query from the link you followed is in the editor. Read it, then run it with the ▶ button.</p>
<form id="plain-query" class="plain-query" method="get" action="/sparql">
<label for="plain-query-text">Query <span class="muted">(the full editor, with result tables, timelines, networks and charts, is loading)</span></label>
<textarea id="plain-query-text" name="query" rows="14" spellcheck="false">${start}</textarea>
<label>Results as <select name="format"><option value="json">SPARQL JSON</option><option value="csv">CSV</option><option value="tsv">TSV</option><option value="xml">SPARQL XML</option></select></label>
<button type="submit">Run</button></form>
<div id="yasgui"></div>
<h2>Examples</h2>
<p class="muted">The competency questions the graph was built to answer; each opens in a new tab.</p>
<ol class="examples">${examples.map((example, index) => html`<li><a href="#" data-example="${index}">${example.id}</a> — ${example.question}</li>`)}</ol>
<script type="application/json" id="query-ui-settings">${scriptJson({ start, editor: '/assets/yasgui/yasgui.min.js', examples: examples.map((e) => ({ id: e.id, question: e.question, query: e.query })) })}</script>
<script src="/assets/js/queryUi.js" defer></script>`,
  });
}
