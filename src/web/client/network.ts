// The network view: people as nodes (coloured by side), meetings and
// communications between them as edges (weighted by how many, coloured by whose
// records tell of them), filterable by date range and topic. Two queries.

import type cytoscape from 'cytoscape';
import { loadCytoscape } from './cytoscapeLoader.js';
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

// fCoSE (a maintained Cytoscape layout extension) lays the graph out counting each
// node's label as part of its size, so labels do not overlap; a short pass after it
// moves apart any label boxes that still touch. Cytoscape comes in its own bundle,
// loaded after the page (see cytoscapeLoader.ts).

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
  const [edgeRows, topicRows, cytoscape] = await Promise.all([select(EDGES_QUERY), select(TOPICS_QUERY), loadCytoscape()]);
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
  peopleNames = new Map([...people].map(([iri, p]) => [iri, p.label]));

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
      { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 11, 'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': '1px', 'text-valign': 'bottom', 'text-margin-y': 2, width: 'mapData(degree, 1, 40, 10, 36)', height: 'mapData(degree, 1, 40, 10, 36)', color: '#222', 'min-zoomed-font-size': 0 } },
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
    cy.layout({ name: 'fcose', quality: 'proof', randomize: true, animate: false, nodeDimensionsIncludeLabels: true, packComponents: true,
      nodeRepulsion: () => 9000, idealEdgeLength: () => 90, nodeSeparation: 60, gravity: 0.2, numIter: 2500, fit: true, padding: 20 } as cytoscape.LayoutOptions).run();
    separateLabels(cy);
    cy.fit(undefined, 20);
    const holder = document.getElementById('network')!;
    fillTable(pairs);
    holder.dataset.nodes = String(degree.size);
    holder.dataset.edges = String(pairs.size);
    status(`${degree.size} people, ${pairs.size} pairs (${[...pairs.values()].reduce((n, p) => n + p.weight, 0)} meetings and communications)`);
  };
  cy.on('tap', 'node', (event) => { window.location.href = localHref(event.target.id()); });
  for (const input of [from, to, topicSelect, kindSelect]) input.addEventListener('change', render);
  render();
  (window as unknown as { delicacyNetwork: cytoscape.Core }).delicacyNetwork = cy;
}

/** Moves apart nodes whose boxes (label included) still overlap after the layout: a few passes, each pushing a pair apart along the shorter axis. */
function separateLabels(cy: cytoscape.Core): void {
  const nodes = cy.nodes().toArray();
  for (let pass = 0; pass < 60; pass++) {
    let moved = false;
    const boxes = nodes.map((n) => n.boundingBox({ includeLabels: true, includeOverlays: false }));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (dx <= -2 || dy <= -2) continue;
        const pa = nodes[i].position();
        const pb = nodes[j].position();
        if (dx + 2 < dy + 2) {
          const shift = (dx + 3) / 2 * (pa.x <= pb.x ? 1 : -1);
          nodes[i].position({ x: pa.x - shift, y: pa.y });
          nodes[j].position({ x: pb.x + shift, y: pb.y });
        } else {
          const shift = (dy + 3) / 2 * (pa.y <= pb.y ? 1 : -1);
          nodes[i].position({ x: pa.x, y: pa.y - shift });
          nodes[j].position({ x: pb.x, y: pb.y + shift });
        }
        boxes[i] = nodes[i].boundingBox({ includeLabels: true, includeOverlays: false });
        boxes[j] = nodes[j].boundingBox({ includeLabels: true, includeOverlays: false });
        moved = true;
      }
    }
    if (!moved) return;
  }
}

/** The same data as a table: each pair of people, how often they met or wrote, whose records tell of it. */
function fillTable(pairs: Map<string, { a: string; b: string; weight: number; sides: Set<string> }>): void {
  const body = document.querySelector('#network-table tbody');
  if (!body) return;
  body.innerHTML = '';
  const rows = [...pairs.values()].sort((x, y) => y.weight - x.weight || people(x.a).localeCompare(people(y.a)));
  for (const pair of rows) {
    const tr = document.createElement('tr');
    for (const iri of [pair.a, pair.b]) {
      const td = document.createElement('td');
      const a = document.createElement('a');
      a.href = localHref(iri);
      a.textContent = people(iri);
      td.append(a);
      tr.append(td);
    }
    const count = document.createElement('td');
    count.textContent = String(pair.weight);
    const sides = document.createElement('td');
    sides.textContent = [...pair.sides].map(sideLabel).sort().join(', ');
    tr.append(count, sides);
    body.append(tr);
  }
  const counter = document.getElementById('network-table-count');
  if (counter) counter.textContent = String(rows.length);
}

let peopleNames = new Map<string, string>();
const people = (iri: string) => peopleNames.get(iri) ?? iri;

main().catch(fail);
