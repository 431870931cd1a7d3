// The ontology as a page: every class and property with its label and comment.

import { type Quad } from 'n3';
import { html } from '../html.js';
import { page } from '../layout.js';
import { PREFIXES } from '../../model/namespaces.js';

export function ontologyPage(quads: Quad[]): string {
  const terms = new Map<string, { kind: string; label?: string; comment?: string; parents: string[] }>();
  const term = (iri: string) => {
    let t = terms.get(iri);
    if (!t) terms.set(iri, (t = { kind: '', parents: [] }));
    return t;
  };
  for (const q of quads) {
    if (!q.subject.value.startsWith(PREFIXES.dly)) continue;
    const t = term(q.subject.value);
    if (q.predicate.value === `${PREFIXES.rdf}type`) t.kind = q.object.value.replace(/^.*#/, '');
    if (q.predicate.value === `${PREFIXES.rdfs}label`) t.label = q.object.value;
    if (q.predicate.value === `${PREFIXES.rdfs}comment`) t.comment = q.object.value;
    if (q.predicate.value === `${PREFIXES.rdfs}subClassOf` || q.predicate.value === `${PREFIXES.rdfs}subPropertyOf`) t.parents.push(q.object.value);
  }
  const curie = (iri: string) => {
    for (const [p, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return `${p}:${iri.slice(ns.length)}`;
    return iri;
  };
  const rows = (kinds: string[]) => [...terms].filter(([, t]) => kinds.includes(t.kind)).sort(([a], [b]) => a.localeCompare(b))
    .map(([iri, t]) => html`<tr id="${iri.replace(/^.*#/, '')}"><th><code>${curie(iri)}</code></th><td><strong>${t.label ?? ''}</strong> — ${t.comment ?? ''}
${t.parents.length ? html`<br><span class="muted">sub of ${t.parents.map(curie).join(', ')}</span>` : ''}</td></tr>`);
  return page({
    title: 'Ontology',
    body: html`<h1>The Delicacy ontology</h1>
<p>Namespace <code>${PREFIXES.dly}</code>. Also as <a href="/ontology.ttl">Turtle</a>, <a href="/ontology.jsonld">JSON-LD</a>, <a href="/ontology.rdf">RDF/XML</a>.</p>
<h2>Classes</h2><table>${rows(['Class'])}</table>
<h2>Properties</h2><table>${rows(['ObjectProperty', 'DatatypeProperty'])}</table>`,
  });
}
