// The readable page of any of our entities: what it is, its facts, offices,
// meetings in date order, the claims about it with their sources and footnotes,
// conflicting accounts side by side, what refers to it, and the same description
// embedded as JSON-LD.

import type oxigraph from 'oxigraph';
import { html, scriptJson, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { iriTerm, select, type Row } from '../../store/select.js';
import { PREFIXES } from '../../model/namespaces.js';
import { claimCards, comparisonBlocks, type Linker } from '../components/claims.js';
import { prefixDeclarations, queryLink } from './queryUi.js';

const HIDDEN = new Set([
  `${PREFIXES.rdf}type`, `${PREFIXES.rdfs}label`, `${PREFIXES.skos}prefLabel`, `${PREFIXES.skos}altLabel`,
  `${PREFIXES.dcterms}description`, `${PREFIXES.dly}heldOffice`, `${PREFIXES.dly}passage`, `${PREFIXES.dly}quotation`,
  `${PREFIXES.dly}earliest`, `${PREFIXES.dly}latest`, `${PREFIXES.dly}citationItem`,
]);

const MAX_CLAIMS_SHOWN = 120;
const CLAIM_LINKS = 'dly:agent|dly:about|dly:addressee|dly:concerns|prov:wasDerivedFrom|dly:citedIn|prov:wasAttributedTo|dly:quotation/dly:speaker|dly:passage/oa:hasSource';

export interface EntityPageInput {
  iri: string;
  store: oxigraph.Store;
  link: Linker;
  jsonLd: unknown;
  formats: { label: string; href: string }[];
}

/** Readable names for the standard properties the ontology does not label. */
const PROPERTY_LABELS: Record<string, string> = {
  [`${PREFIXES.skos}editorialNote`]: 'note', [`${PREFIXES.skos}note`]: 'note', [`${PREFIXES.skos}definition`]: 'definition',
  [`${PREFIXES.skos}inScheme`]: 'in scheme', [`${PREFIXES.skos}exactMatch`]: 'same as', [`${PREFIXES.skos}closeMatch`]: 'close match',
  [`${PREFIXES.dcterms}title`]: 'title', [`${PREFIXES.dcterms}creator`]: 'creator', [`${PREFIXES.dcterms}isPartOf`]: 'part of',
  [`${PREFIXES.dcterms}date`]: 'date', [`${PREFIXES.prov}wasDerivedFrom`]: 'source', [`${PREFIXES.prov}wasAttributedTo`]: 'whose account',
  [`${PREFIXES.oa}hasSource`]: 'source paragraph', [`${PREFIXES.org}memberOf`]: 'member of', [`${PREFIXES.skos}topConceptOf`]: 'top concept of',
};

function localName(iri: string): string {
  return iri.replace(/^.*[#/]/, '');
}

export function entityPage({ iri, store, link, jsonLd, formats }: EntityPageInput): string {
  const e = iriTerm(iri);
  const [head] = select(store, `SELECT ?label ?description ?side ?sideLabel (GROUP_CONCAT(DISTINCT ?alt; separator="\u0001") AS ?alts) WHERE {
    ${e} rdfs:label ?label . OPTIONAL { ${e} dcterms:description ?description } OPTIONAL { ${e} skos:altLabel ?alt }
    OPTIONAL { ${e} dly:side ?side . ?side skos:prefLabel ?sideLabel } } GROUP BY ?label ?description ?side ?sideLabel LIMIT 1`);
  const types = select(store, `SELECT ?type ?label WHERE { ${e} a ?type . OPTIONAL { ?type rdfs:label ?label } FILTER(STRSTARTS(STR(?type), STR(dly:)) || ?type = skos:Concept) }`);
  const kind = types.map((t) => t.label ?? localName(t.type!)).sort((a, b) => b.length - a.length)[0] ?? 'resource';
  const alts = head?.alts ? head.alts.split('\u0001').filter(Boolean) : [];

  const facts = select(store, `SELECT ?p ?pLabel ?o ?oLabel WHERE { ${e} ?p ?o .
    OPTIONAL { ?p rdfs:label ?pLabel } OPTIONAL { ?o rdfs:label ?oLabel } } ORDER BY ?p ?oLabel ?o`)
    .filter((row) => !HIDDEN.has(row.p!));
  const matches = facts.filter((row) => row.p === `${PREFIXES.skos}exactMatch` || row.p === `${PREFIXES.skos}closeMatch`);

  const offices = select(store, `SELECT ?holding ?post ?postLabel ?date ?org ?orgLabel WHERE { ?holding dly:holder ${e} ; dly:post ?post .
    ?post rdfs:label ?postLabel . OPTIONAL { ?holding dly:date ?date } OPTIONAL { ?holding dly:earliest ?start }
    OPTIONAL { ?post dly:organisation ?org . ?org rdfs:label ?orgLabel } } ORDER BY ?start`);
  const holders = select(store, `SELECT ?person ?name ?date WHERE { ?holding dly:post ${e} ; dly:holder ?person . ?person rdfs:label ?name .
    OPTIONAL { ?holding dly:date ?date } OPTIONAL { ?holding dly:earliest ?start } } ORDER BY ?start`);
  const meetings = select(store, `SELECT ?meeting ?label ?date ?setting WHERE { ?meeting a dly:Meeting ; dly:participant ${e} ; rdfs:label ?label .
    OPTIONAL { ?meeting dly:date ?date } OPTIONAL { ?meeting dly:earliest ?start } OPTIONAL { ?meeting dly:setting ?setting } }
    ORDER BY ?start ?label`);
  const records = select(store, `SELECT ?doc ?label ?sideLabel ?date WHERE { ${e} dly:recordedIn ?doc . ?doc rdfs:label ?label .
    OPTIONAL { ?doc dly:side/skos:prefLabel ?sideLabel } OPTIONAL { ?doc dly:date ?date } } ORDER BY ?sideLabel`);
  const claims = select(store, `SELECT DISTINCT ?claim WHERE { ?claim a dly:Claim ; ${CLAIM_LINKS} ${e} . OPTIONAL { ?claim dly:earliest ?start } } ORDER BY ?start ?claim`)
    .map((row) => row.claim!);
  const comparisons = select(store, `SELECT DISTINCT ?comparison WHERE { { ?comparison a dly:AccountComparison ; dly:concerns ${e} }
    UNION { ?comparison a dly:AccountComparison ; dly:comparesClaim ${e} }
    UNION { ?comparison a dly:AccountComparison ; dly:comparesClaim/dly:concerns ?meeting . ?meeting dly:participant ${e} } }`).map((row) => row.comparison!);
  const footnoteItems = select(store, `SELECT ?item ?position ?source ?sourceLabel ?locator ?formLabel ?printed ?correction ?note WHERE {
    ${e} dly:citationItem ?item . ?item dly:ordinal ?position ; dly:cites ?source . ?source rdfs:label ?sourceLabel .
    OPTIONAL { ?item dly:locator ?locator } OPTIONAL { ?item dly:citedAs/skos:prefLabel ?formLabel } OPTIONAL { ?item dly:printedAs ?printed }
    OPTIONAL { ?item dly:correction ?correction } OPTIONAL { ?item skos:note ?note } } ORDER BY xsd:integer(?position)`);
  const citedBy = select(store, `SELECT ?footnote ?label ?n WHERE { ?footnote dly:cites ${e} ; rdfs:label ?label ; dly:footnoteNumber ?n } ORDER BY xsd:integer(?n)`);
  const incoming = select(store, `SELECT ?s ?sLabel ?p ?pLabel WHERE { ?s ?p ${e} . ?s rdfs:label ?sLabel . OPTIONAL { ?p rdfs:label ?pLabel }
    FILTER NOT EXISTS { ?s a dly:Claim } FILTER NOT EXISTS { ?s a dly:AccountComparison } FILTER NOT EXISTS { ?s a dly:OfficeHolding }
    FILTER(?p NOT IN (dly:participant, dly:initiator, dly:cites, dly:recordOf, dly:recordedIn, dly:post)) } ORDER BY ?p ?sLabel LIMIT 500`);

  const value = (row: Row, iriKey: string, labelKey: string): SafeHtml | string => {
    const target = row[iriKey]!;
    if (/^https?:\/\//.test(target)) return link(target, row[labelKey] ?? target);
    return target;
  };

  const sections: SafeHtml[] = [];
  if (offices.length) sections.push(html`<h2>Offices held</h2><table>${offices.map((o) => html`<tr><th>${o.date ?? ''}</th>
    <td>${link(o.post!, o.postLabel!)}${o.org ? html` — ${link(o.org, o.orgLabel!)}` : ''}</td></tr>`)}</table>`);
  if (holders.length) sections.push(html`<h2>Held by</h2><table>${holders.map((h) => html`<tr><th>${h.date ?? ''}</th><td>${link(h.person!, h.name!)}</td></tr>`)}</table>`);
  if (records.length) sections.push(html`<h2>Records of this meeting</h2><table>${records.map((r) => html`<tr><th>${r.sideLabel ?? ''} record</th><td>${link(r.doc!, r.label!)} ${r.date ? html`<span class="muted">(${r.date})</span>` : ''}</td></tr>`)}</table>`);
  if (meetings.length) sections.push(html`<h2>Meetings, in date order</h2><table>${meetings.map((m) => html`<tr><th>${m.date ?? ''}</th>
    <td>${link(m.meeting!, m.label!)}${m.setting ? html` <span class="muted">— ${m.setting}</span>` : ''}</td></tr>`)}</table>`);
  if (footnoteItems.length) sections.push(html`<h2>Citation items</h2><ol>${footnoteItems.map((i) => html`<li>${link(i.source!, i.sourceLabel!)}${i.locator ? `, ${i.locator}` : ''}
    <span class="muted">(${i.formLabel ?? ''})</span>${i.printed ? html`<br><span class="muted">Printed as “${i.printed}”. ${i.correction ?? ''}</span>` : ''}${i.note ? html`<br><span class="muted">${i.note}</span>` : ''}</li>`)}</ol>`);
  if (comparisons.length) sections.push(html`<h2>Accounts compared</h2>${comparisonBlocks(store, comparisons, link)}`);
  if (claims.length) {
    const allClaims = `${prefixDeclarations()}\nPREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n\n# Every claim that names this entity, with its source and footnotes\nSELECT ?claim ?text ?date ?source ?footnote WHERE {\n  ?claim a dly:Claim ; rdfs:label ?text ; ${CLAIM_LINKS} <${iri}> .\n  OPTIONAL { ?claim dly:date ?date } OPTIONAL { ?claim prov:wasDerivedFrom/rdfs:label ?source }\n  OPTIONAL { ?claim dly:citedIn/dly:footnoteNumber ?footnote }\n} ORDER BY ?date`;
    const shown = claims.slice(0, MAX_CLAIMS_SHOWN);
    sections.push(html`<h2>Claims (${claims.length})</h2>
${claims.length > shown.length ? html`<p class="muted">The first ${shown.length} in date order; <a href="${queryLink(allClaims)}">all ${claims.length} with SPARQL</a>.</p>` : ''}
${claimCards(store, shown, link)}`);
  }
  if (citedBy.length) sections.push(html`<h2>Cited in footnotes</h2><p>${citedBy.map((f, i) => html`${i ? ', ' : ''}${link(f.footnote!, `fn ${f.n}`)}`)}</p>`);
  if (incoming.length) sections.push(html`<h2>Referred to by</h2><table>${incoming.map((r) => html`<tr><th>${r.pLabel ?? localName(r.p!)}</th><td>${link(r.s!, r.sLabel!)}</td></tr>`)}</table>`);

  const title = head?.label ?? localName(iri);
  return page({
    title,
    description: head?.description,
    head: html`<link rel="alternate" type="text/turtle" href="${formats.find((f) => f.label === 'Turtle')?.href ?? ''}">
<script type="application/ld+json">${scriptJson(jsonLd)}</script>`,
    body: html`<p class="kind">${kind}${head?.sideLabel ? ` · ${head.sideLabel}` : ''}</p>
<h1>${title}</h1>
${alts.length ? html`<p class="muted">Also: ${alts.join('; ')}</p>` : ''}
${head?.description ? html`<p>${head.description}</p>` : ''}
${matches.length ? html`<p class="wikidata">${matches.map((m) => html`<a class="wikidata-link" href="https://www.wikidata.org/wiki/${m.o!.replace(/^.*\//, '')}">Wikidata ${m.o!.replace(/^.*\//, '')}</a>
<span class="muted">(${m.p!.endsWith('exactMatch') ? 'same entity' : 'close match: the item’s scope differs'})</span> `)}</p>` : ''}
<p class="muted"><code>${iri}</code></p>
<p class="formats">Download this description: ${formats.map((f) => html`<a href="${f.href}">${f.label}</a>`)}</p>
<h2>Facts</h2>
<table>${facts.map((row) => html`<tr><th>${row.pLabel ?? PROPERTY_LABELS[row.p!] ?? localName(row.p!)}</th><td>${value(row, 'o', 'oLabel')}</td></tr>`)}</table>
${sections}`,
  });
}
