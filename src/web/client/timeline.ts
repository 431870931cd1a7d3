// The timeline: events, meetings and communications from August 1939 on one
// axis, uncertain dates drawn as ranges between their bounds, the article's
// sections marked where their narrative falls; hover for a claim and its
// source, click through to the page. Two queries.

import { PREFIXES, select, showQueries, localHref, status, fail } from './sparql.js';

export const ITEMS_QUERY = `${PREFIXES}
# Dated events, meetings and communications in the period, with their bounds, date status and the article section that tells of them
SELECT ?item ?label ?kind ?date ?earliest ?latest ?status (MIN(?ordinal) AS ?section) WHERE {
  { ?item a dly:Meeting . BIND("meeting" AS ?kind) }
  UNION { ?item a dly:Event . FILTER NOT EXISTS { ?item a dly:Meeting } BIND("event" AS ?kind) }
  UNION { ?item a dly:Communication . BIND("communication" AS ?kind) }
  ?item rdfs:label ?label ; dly:date ?date ; dly:earliest ?earliest .
  OPTIONAL { ?item dly:latest ?latest }
  OPTIONAL { ?item dly:dateStatus/skos:prefLabel ?status }
  OPTIONAL { ?item dly:passage/oa:hasSource/dly:section/dly:ordinal ?ordinal }
  FILTER(?earliest >= "FROM"^^xsd:date && ?earliest <= "TO"^^xsd:date)
}
GROUP BY ?item ?label ?kind ?date ?earliest ?latest ?status
ORDER BY ?earliest`;

export const CLAIMS_QUERY = `${PREFIXES}
# One claim about each dated item, with its source, for the hover text
SELECT ?item (SAMPLE(?text) AS ?claim) (SAMPLE(?sourceLabel) AS ?source) WHERE {
  ?c a dly:Claim ; dly:concerns ?item ; rdfs:label ?text ; prov:wasDerivedFrom ?src .
  ?src rdfs:label ?sourceLabel .
  FILTER EXISTS { ?item dly:earliest ?e }
}
GROUP BY ?item`;

const LANES = [['event', 'Events'], ['meeting', 'Meetings'], ['communication', 'Communications']] as const;
const COLOURS: Record<string, string> = { event: '#7a1f1f', meeting: '#1f4e8c', communication: '#2e7d32' };
const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const SVG = 'http://www.w3.org/2000/svg';
const LEFT = 120;
const ZOOMS = [1, 1.5, 2, 3, 4, 6, 8];

interface Item { iri: string; label: string; kind: string; date: string; start: number; end: number; ranged: boolean; status?: string; section?: number; claim?: string; source?: string }

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

const holder = document.getElementById('timeline')!;
const scroller = document.getElementById('timeline-scroll')!;
const PERIOD = { from: holder.dataset.from!, focus: holder.dataset.focus!, to: holder.dataset.to! };
let zoom = 0;

async function main(): Promise<void> {
  const itemsQuery = ITEMS_QUERY.replace('FROM', PERIOD.from).replace('TO', PERIOD.to);
  showQueries([itemsQuery, CLAIMS_QUERY]);
  status('Loading…');
  const [rows, claimRows] = await Promise.all([select(itemsQuery), select(CLAIMS_QUERY)]);
  const claims = new Map(claimRows.map((r) => [r.item!, r]));
  const items: Item[] = rows.map((r) => {
    const start = day(r.earliest!);
    const end = r.latest ? day(r.latest) : start;
    return { iri: r.item!, label: r.label!, kind: r.kind!, date: r.date!, start, end: Math.max(end, start), ranged: end > start, status: r.status,
      section: r.section ? Number(r.section) : undefined, claim: claims.get(r.item!)?.claim, source: claims.get(r.item!)?.source };
  });
  const periodSelect = document.getElementById('period') as HTMLSelectElement;
  const zoomLabel = document.getElementById('zoom-level')!;
  const draw = (keepCentre = false) => {
    const centre = (scroller.scrollLeft + scroller.clientWidth / 2) / Math.max(1, scroller.scrollWidth);
    render(items, periodSelect.value);
    zoomLabel.textContent = `${ZOOMS[zoom]}×`;
    if (keepCentre) scroller.scrollLeft = centre * scroller.scrollWidth - scroller.clientWidth / 2;
    updateCue();
  };
  periodSelect.addEventListener('change', () => { zoom = 0; draw(); });
  document.getElementById('zoom-in')!.addEventListener('click', () => { zoom = Math.min(ZOOMS.length - 1, zoom + 1); draw(true); });
  document.getElementById('zoom-out')!.addEventListener('click', () => { zoom = Math.max(0, zoom - 1); draw(true); });
  document.getElementById('zoom-fit')!.addEventListener('click', () => { zoom = 0; draw(); });
  scroller.addEventListener('scroll', updateCue, { passive: true });
  window.addEventListener('resize', () => { if (zoom === 0) draw(); });
  draw();
  fillTable(items);
}

/** Says, beside the timeline, whether there is more to either side and how to reach it. */
function updateCue(): void {
  const cue = document.getElementById('scroll-cue')!;
  const more = scroller.scrollWidth - scroller.clientWidth;
  scroller.classList.toggle('more-left', scroller.scrollLeft > 2);
  scroller.classList.toggle('more-right', scroller.scrollLeft < more - 2);
  if (more <= 2) { cue.textContent = 'The whole period is in view. Zoom in for detail.'; return; }
  const shown = (x: number) => new Date((day(PERIOD.from) + (x - LEFT) / currentPxPerDay) * 86_400_000).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  cue.textContent = `Showing ${shown(Math.max(LEFT, scroller.scrollLeft + LEFT))} – ${shown(scroller.scrollLeft + scroller.clientWidth)}. Scroll sideways (or use the arrow keys on the timeline) for the rest; “Whole period” fits it all.`;
}

let currentPxPerDay = 1;

function render(all: Item[], period: string): void {
  const from = day(PERIOD.from);
  const to = day(period === 'long' ? PERIOD.to : PERIOD.focus);
  const items = all.filter((i) => i.start <= to && i.end >= from);
  // Zoom 1 fits the whole period into the width available.
  const available = Math.max(300, scroller.clientWidth - 2);
  const pxPerDay = ((available - LEFT - 20) / (to - from)) * ZOOMS[zoom];
  currentPxPerDay = pxPerDay;
  const width = Math.round(LEFT + (to - from) * pxPerDay + 20);
  const x = (d: number) => LEFT + (Math.max(from, Math.min(to, d)) - from) * pxPerDay;
  const rowHeight = 14;

  // Pack each lane's items into rows so that neither marks nor labels overlap.
  const lanes = LANES.map(([kind, title]) => {
    const rowsEnd: number[] = [];
    const labelled = kind === 'event';
    const placed = items.filter((i) => i.kind === kind).map((item) => {
      const needed = item.start - 8 / pxPerDay;
      let row = rowsEnd.findIndex((end) => end < needed);
      if (row === -1) { row = rowsEnd.length; rowsEnd.push(0); }
      const labelDays = labelled ? (Math.min(48, item.label.length) * 5 + 10) / pxPerDay : 0;
      // A label follows its mark (after a range's end), so no outline runs through it.
      rowsEnd[row] = item.end + labelDays + 8 / pxPerDay;
      return { item, row };
    });
    return { kind, title, placed, rows: Math.max(1, rowsEnd.length) };
  });

  // Where each section of the article tells its story: the middle 80% of its dates.
  const sections = new Map<number, number[]>();
  for (const item of all) if (item.section) sections.set(item.section, [...(sections.get(item.section) ?? []), item.start]);
  const bands = [...sections].sort((a, b) => a[0] - b[0]).map(([section, dates]) => {
    dates.sort((a, b) => a - b);
    return { section, start: dates[Math.floor(dates.length * 0.1)], end: dates[Math.min(dates.length - 1, Math.floor(dates.length * 0.9))] };
  });

  const top = 30;
  const bandHeight = bands.length * 12 + 10;
  let y = top + bandHeight + 10;
  const laneTops = lanes.map((lane) => { const t = y; y += lane.rows * rowHeight + 24; return t; });
  const height = y + 10;

  const svg = node('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': `Timeline of ${items.length} events, meetings and communications; the same data is in the table below` });
  // Month grid: every month when there is room, else every quarter.
  const step = pxPerDay * 30 < 42 ? 3 : 1;
  for (let d = new Date(from * 86_400_000); d.getTime() / 86_400_000 <= to; d.setUTCMonth(d.getUTCMonth() + step)) {
    const px = x(d.getTime() / 86_400_000);
    svg.append(node('line', { x1: px, x2: px, y1: top - 10, y2: height, stroke: '#e3e3e3' }));
    svg.append(node('text', { x: px + 3, y: top - 14, 'font-size': 11, fill: '#555' }, d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })));
  }
  svg.append(node('text', { x: 4, y: top + 10, 'font-size': 11, 'font-weight': 'bold' }, 'Article sections'));
  bands.forEach((band, i) => {
    const by = top + i * 12;
    const g = node('g', { class: 'section-band', 'data-section': ROMAN[band.section] });
    g.append(node('rect', { x: x(band.start), y: by, width: Math.max(3, x(band.end) - x(band.start)), height: 9, fill: '#d9c7a7' }));
    g.append(node('text', { x: x(band.start) + 2, y: by + 8, 'font-size': 9 }, `§${ROMAN[band.section]}`));
    svg.append(g);
  });

  const tooltip = document.getElementById('tooltip')!;
  const show = (item: Item, left: number, topPx: number) => {
    tooltip.innerHTML = '';
    const title = document.createElement('strong');
    title.textContent = item.label;
    const when = document.createElement('div');
    when.textContent = `${item.date}${item.status && item.status !== 'stated' ? ` (${item.status})` : ''}`;
    tooltip.append(title, when);
    if (item.claim) {
      const claim = document.createElement('div');
      claim.textContent = item.claim;
      const source = document.createElement('div');
      source.className = 'muted';
      source.textContent = `Source: ${item.source ?? ''}`;
      tooltip.append(claim, source);
    }
    tooltip.style.display = 'block';
    tooltip.style.left = `${Math.max(4, Math.min(window.innerWidth - 320, left))}px`;
    tooltip.style.top = `${topPx}px`;
  };
  const hide = () => { tooltip.style.display = 'none'; };
  // Labels go in a layer above every mark, so no outline crosses them.
  const labels = node('g', { class: 'labels', 'pointer-events': 'none' });
  lanes.forEach((lane, laneIndex) => {
    const laneTop = laneTops[laneIndex];
    svg.append(node('text', { x: 4, y: laneTop + 10, 'font-size': 11, 'font-weight': 'bold' }, lane.title));
    for (const { item, row } of lane.placed) {
      const cy = laneTop + row * rowHeight + 7;
      const a = node('a', { href: localHref(item.iri), class: `item item-${item.kind}`, 'data-earliest': iso(item.start), 'data-date': item.date, 'aria-label': `${item.label}, ${item.date}` });
      const approximate = item.status && item.status !== 'stated';
      if (item.ranged) {
        a.append(node('rect', { x: x(item.start), y: cy - 4, width: Math.max(4, x(item.end) - x(item.start)), height: 8, rx: 3, fill: COLOURS[item.kind], 'fill-opacity': approximate ? 0.35 : 0.7, stroke: COLOURS[item.kind], 'stroke-dasharray': approximate ? '3 2' : '' }));
      } else {
        a.append(node('circle', { cx: x(item.start), cy, r: 4, fill: approximate ? '#fff' : COLOURS[item.kind], stroke: COLOURS[item.kind], 'stroke-width': 1.5 }));
      }
      if (lane.kind === 'event') labels.append(node('text', { x: x(item.end) + 6, y: cy + 3, 'font-size': 9, fill: '#222', 'paint-order': 'stroke', stroke: '#fff', 'stroke-width': 3 }, item.label.length > 48 ? `${item.label.slice(0, 47)}…` : item.label));
      a.addEventListener('mouseenter', (event) => { const m = event as MouseEvent; show(item, m.clientX + 12, m.clientY + 12); });
      a.addEventListener('mouseleave', hide);
      a.addEventListener('focus', () => { const box = a.getBoundingClientRect(); show(item, box.right + 8, box.bottom + 8); });
      a.addEventListener('blur', hide);
      svg.append(a);
    }
  });
  svg.append(labels);
  holder.innerHTML = '';
  holder.append(svg);
  holder.dataset.items = String(items.length);
  holder.dataset.width = String(width);
  status(`${items.length} dated items, ${iso(from)} to ${iso(to)}; ranges show uncertain or spanning dates, hollow or dashed marks dates that are not stated.`);
}

/** The same data as a table, for readers who cannot use the drawing. */
function fillTable(items: Item[]): void {
  const body = document.querySelector('#timeline-table tbody');
  if (!body) return;
  body.innerHTML = '';
  for (const item of [...items].sort((a, b) => a.start - b.start)) {
    const row = document.createElement('tr');
    const cell = (text: string | Node) => { const td = document.createElement('td'); td.append(text); row.append(td); };
    cell(item.date);
    cell(item.kind);
    const a = document.createElement('a');
    a.href = localHref(item.iri);
    a.textContent = item.label;
    cell(a);
    cell(item.status ?? '');
    body.append(row);
  }
  const count = document.getElementById('timeline-table-count');
  if (count) count.textContent = String(items.length);
}

main().catch(fail);
