// The network view: people as nodes (coloured by side), meetings and
// communications between them as edges (weighted by how many, coloured by whose
// records tell of them), filterable by date range and topic. Two queries.

import cytoscape from 'cytoscape';
import { PREFIXES, select, showQueries, localHref, status, fail, type Row } from './sparql.js';

export const EDGES_QUERY = `${PREFIXES}
# Pairs of people who met, or wrote one to the other, with when, what about, and whose record tells of it
SELECT ?link ?kind ?a ?aLabel ?aSide ?b ?bLabel ?bSide ?earliest ?latest ?recordSide WHERE {
  {
    ?link a dly:Meeting ; dly:participant ?a, ?b . FILTER(STR(?a) < STR(?b))
    BIND("meeting" AS ?kind)
    OPTIONAL { ?link dly:recordedIn/dly:side ?recordSide }
  } UNION {
    ?link a dly:Communication ; dcterms:creator ?a ; dly:recipient ?b . FILTER(?a != ?b)
    BIND("communication" AS ?kind)
    OPTIONAL { ?link dly:side ?recordSide }
  }
  ?a a dly:Person ; rdfs:label ?aLabel . ?b a dly:Person ; rdfs:label ?bLabel .
  OPTIONAL { ?a dly:side/skos:prefLabel ?aSide } OPTIONAL { ?b dly:side/skos:prefLabel ?bSide }
  OPTIONAL { ?link dly:earliest ?earliest } OPTIONAL { ?link dly:latest ?latest }
}`;

export const TOPICS_QUERY = `${PREFIXES}
# The topics of those meetings and communications
SELECT ?link ?topic ?topicLabel WHERE {
  { ?link a dly:Meeting } UNION { ?link a dly:Communication }
  ?link dly:topic ?topic . ?topic skos:prefLabel ?topicLabel .
}`;

const SIDE_COLOURS: Record<string, string> = { British: '#1f4e8c', Soviet: '#b3261e', French: '#2e7d32', German: '#555555' };
const colour = (side?: string) => SIDE_COLOURS[side ?? ''] ?? '#8e6c00';

interface Link { id: string; kind: string; a: string; b: string; earliest?: string; latest?: string; recordSides: Set<string>; topics: Set<string> }

const COMPARED = (document.getElementById('network')?.dataset.sides ?? '').split(' ').filter(Boolean);
const sideLabel = (iri: string) => { const id = iri.split('/').pop() ?? ''; return id.charAt(0).toUpperCase() + id.slice(1); };

/** Edges known from the records of both compared sides are purple; of one side, that side's colour. */
function edgeColour(sides: Set<string>): string {
  const ids = new Set([...sides].map((iri) => iri.split('/').pop()));
  if (COMPARED.length === 2 && COMPARED.every((id) => ids.has(id))) return '#7b3fa0';
  if (sides.size === 1) return colour(sideLabel([...sides][0]));
  return '#999999';
}

async function main(): Promise<void> {
  showQueries([EDGES_QUERY, TOPICS_QUERY]);
  status('Loading…');
  const [edgeRows, topicRows] = await Promise.all([select(EDGES_QUERY), select(TOPICS_QUERY)]);
  const people = new Map<string, { label: string; side?: string }>();
  const links = new Map<string, Link>();
  const linkKey = (r: Row) => `${r.link}|${r.a}|${r.b}`;
  for (const r of edgeRows) {
    people.set(r.a!, { label: r.aLabel!, side: r.aSide });
    people.set(r.b!, { label: r.bLabel!, side: r.bSide });
    const key = linkKey(r);
    const link = links.get(key) ?? { id: r.link!, kind: r.kind!, a: r.a!, b: r.b!, earliest: r.earliest, latest: r.latest, recordSides: new Set<string>(), topics: new Set<string>() };
    if (r.recordSide) link.recordSides.add(r.recordSide);
    links.set(key, link);
  }
  const topicNames = new Map<string, string>();
  const topicsOf = new Map<string, Set<string>>();
  for (const r of topicRows) {
    topicNames.set(r.topic!, r.topicLabel!);
    const set = topicsOf.get(r.link!) ?? new Set<string>();
    set.add(r.topic!);
    topicsOf.set(r.link!, set);
  }
  for (const link of links.values()) link.topics = topicsOf.get(link.id) ?? new Set();

  const topicSelect = document.getElementById('topic') as HTMLSelectElement;
  [...topicNames].sort((x, y) => x[1].localeCompare(y[1])).forEach(([iri, name]) => topicSelect.append(new Option(name, iri)));
  const from = document.getElementById('from') as HTMLInputElement;
  const to = document.getElementById('to') as HTMLInputElement;
  const kindSelect = document.getElementById('kind') as HTMLSelectElement;

  const cy = cytoscape({
    container: document.getElementById('network'),
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 9, 'text-background-color': '#fff', 'text-background-opacity': 0.7, 'text-background-padding': '1px', 'text-valign': 'bottom', 'text-margin-y': 3, width: 'mapData(degree, 1, 40, 10, 40)', height: 'mapData(degree, 1, 40, 10, 40)', color: '#222' } },
      { selector: 'edge', style: { width: 'mapData(weight, 1, 15, 1, 9)', 'line-color': 'data(colour)', opacity: 0.7, 'curve-style': 'haystack' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#000' } },
    ],
  });

  const render = () => {
    const start = from.value || '0000-01-01';
    const end = to.value || '9999-12-31';
    const topic = topicSelect.value;
    const kind = kindSelect.value;
    const pairs = new Map<string, { a: string; b: string; weight: number; sides: Set<string> }>();
    for (const link of links.values()) {
      if (link.earliest && (link.earliest > end || (link.latest ?? link.earliest) < start)) continue;
      if (!link.earliest && (from.value || to.value)) continue;
      if (topic && !link.topics.has(topic)) continue;
      if (kind && link.kind !== kind) continue;
      const key = `${link.a}|${link.b}`;
      const pair = pairs.get(key) ?? { a: link.a, b: link.b, weight: 0, sides: new Set<string>() };
      pair.weight++;
      link.recordSides.forEach((s) => pair.sides.add(s));
      pairs.set(key, pair);
    }
    const degree = new Map<string, number>();
    for (const p of pairs.values()) {
      degree.set(p.a, (degree.get(p.a) ?? 0) + p.weight);
      degree.set(p.b, (degree.get(p.b) ?? 0) + p.weight);
    }
    cy.elements().remove();
    cy.add([...degree.keys()].map((iri) => ({ data: { id: iri, label: people.get(iri)!.label, colour: colour(people.get(iri)!.side), side: people.get(iri)!.side ?? 'Other', degree: degree.get(iri) } })));
    cy.add([...pairs.values()].map((p) => ({ data: { id: `${p.a}|${p.b}`, source: p.a, target: p.b, weight: p.weight, colour: edgeColour(p.sides) } })));
    cy.layout({ name: 'cose', animate: false, nodeRepulsion: () => 40000, idealEdgeLength: () => 120, nodeOverlap: 20, gravity: 0.4, randomize: false } as cytoscape.LayoutOptions).run();
    const holder = document.getElementById('network')!;
    holder.dataset.nodes = String(degree.size);
    holder.dataset.edges = String(pairs.size);
    status(`${degree.size} people, ${pairs.size} pairs (${[...pairs.values()].reduce((n, p) => n + p.weight, 0)} meetings and communications)`);
  };
  cy.on('tap', 'node', (event) => { window.location.href = localHref(event.target.id()); });
  for (const input of [from, to, topicSelect, kindSelect]) input.addEventListener('change', render);
  render();
  (window as unknown as { delicacyNetwork: cytoscape.Core }).delicacyNetwork = cy;
}

main().catch(fail);
