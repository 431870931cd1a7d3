// Result views for the query UI, as YASR plugins beside the table (as the
// Wikidata Query Service offers them): a timeline for rows with dates, a network
// for rows that join two entities, a bar chart for rows with a number. Each is
// chosen in the result tabs or by a comment in the query (`#defaultView:Timeline`,
// `Network` or `Graph`, `Chart` or `BarChart`, `Table`).

import type cytoscape from 'cytoscape';
import { loadCytoscape } from './cytoscapeLoader.js';

interface Term { type: string; value: string; datatype?: string; 'xml:lang'?: string }
type Binding = Record<string, Term | undefined>;
interface ResultsLike { getVariables(): string[]; getBindings(): Binding[] | undefined; getType(): string }
interface YasrLike { results?: ResultsLike; resultsEl: HTMLElement; selectPlugin(name: string): void; getSelectedPluginName(): string; plugins: Record<string, unknown> }

const SVG = 'http://www.w3.org/2000/svg';
const MAX_ROWS = 500;
const DATE_TYPES = /#(date|dateTime|gYear|gYearMonth)$/;

function svgNode<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

function icon(path: string): Element {
  const svg = svgNode('svg', { viewBox: '0 0 24 24', width: 16, height: 16, 'aria-hidden': 'true' });
  svg.append(svgNode('path', { d: path, fill: 'currentColor' }));
  return svg;
}

/** Our entity IRIs open here; others as they are. */
function href(iri: string): string {
  const match = /^https?:\/\/[^/]+\/(?:delicacy\/)?(id\/.*)$/.exec(iri);
  return match ? `/${match[1]}` : iri;
}

function isDate(term: Term | undefined): boolean {
  if (!term || term.type !== 'literal' && term.type !== 'typed-literal') return false;
  return term.datatype ? DATE_TYPES.test(term.datatype) : /^\d{4}-\d{2}-\d{2}/.test(term.value);
}

function isNumber(term: Term | undefined): boolean {
  return Boolean(term && /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/.test(term.datatype ?? '') && Number.isFinite(Number(term.value)));
}

function columns(results: ResultsLike | undefined, test: (t: Term | undefined) => boolean): string[] {
  const rows = results?.getBindings() ?? [];
  return (results?.getVariables() ?? []).filter((v) => rows.some((r) => r[v]) && rows.every((r) => !r[v] || test(r[v])));
}

/** The text a reader sees for a row: a label column next to the entity, or the first literal. */
function labelOf(row: Binding, variables: string[], prefer?: string): string {
  if (prefer && row[`${prefer}Label`]) return row[`${prefer}Label`]!.value;
  const literal = variables.find((v) => row[v] && row[v]!.type !== 'uri' && !isDate(row[v]) && !isNumber(row[v]));
  if (literal) return row[literal]!.value;
  const uri = variables.find((v) => row[v]?.type === 'uri');
  return uri ? row[uri]!.value.replace(/^.*[#/]/, '') : '';
}

function note(el: HTMLElement, text: string): void {
  const p = document.createElement('p');
  p.className = 'result-view-note';
  p.textContent = text;
  el.append(p);
}

abstract class View {
  abstract priority: number;
  abstract label: string;
  hideFromSelection = false;
  constructor(protected readonly yasr: YasrLike) {}
  abstract canHandleResults(): boolean;
  abstract draw(): void | Promise<void>;
  abstract getIcon(): Element;
  protected rows(): Binding[] { return (this.yasr.results?.getBindings() ?? []).slice(0, MAX_ROWS); }
  protected variables(): string[] { return this.yasr.results?.getVariables() ?? []; }
  protected container(name: string): HTMLElement {
    const el = document.createElement('div');
    el.className = `result-view result-view-${name}`;
    this.yasr.resultsEl.append(el);
    const total = this.yasr.results?.getBindings()?.length ?? 0;
    if (total > MAX_ROWS) note(el, `The first ${MAX_ROWS} of ${total} rows are drawn; the table has them all.`);
    return el;
  }
}

/** Rows with one or two date columns on a time axis: a point per date, a bar from the first to the second. */
class TimelineView extends View {
  priority = 4;
  label = 'Timeline';
  canHandleResults(): boolean { return this.yasr.results?.getType() === 'json' && columns(this.yasr.results, isDate).length > 0; }
  getIcon(): Element { return icon('M3 12h18v2H3zm2-6h2v12H5zm6 3h2v9h-2zm6-5h2v14h-2z'); }
  draw(): void {
    const el = this.container('timeline');
    const variables = this.variables();
    const [startVar, endVar] = columns(this.yasr.results, isDate);
    const entityVar = variables.find((v) => this.rows().some((r) => r[v]?.type === 'uri'));
    const items = this.rows().filter((r) => r[startVar]).map((r) => {
      const start = Date.parse(r[startVar]!.value.slice(0, 10)) / 86_400_000;
      const end = endVar && r[endVar] ? Date.parse(r[endVar]!.value.slice(0, 10)) / 86_400_000 : start;
      return { start, end: Math.max(start, end), label: labelOf(r, variables, entityVar), iri: entityVar ? r[entityVar]?.value : undefined, date: r[startVar]!.value.slice(0, 10) };
    }).filter((i) => Number.isFinite(i.start)).sort((a, b) => a.start - b.start);
    if (items.length === 0) return note(el, 'No row has a date.');
    const min = items[0].start;
    const max = Math.max(...items.map((i) => i.end), min + 1);
    const width = Math.max(320, el.clientWidth || 900) - 10;
    const left = 10;
    const px = (d: number) => left + ((d - min) / (max - min)) * (width - left - 230);
    const rowsEnd: number[] = [];
    const placed = items.map((item) => {
      const x = px(item.start);
      let row = rowsEnd.findIndex((end) => end < x - 4);
      if (row === -1) { row = rowsEnd.length; rowsEnd.push(0); }
      rowsEnd[row] = px(item.end) + 10 + Math.min(40, item.label.length) * 5.5;
      return { item, row };
    });
    const height = 40 + rowsEnd.length * 16;
    const svg = svgNode('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Timeline of ${items.length} rows by ${startVar}` });
    for (let t = new Date(min * 86_400_000), i = 0; t.getTime() / 86_400_000 <= max && i < 60; i++) {
      const x = px(t.getTime() / 86_400_000);
      svg.append(svgNode('line', { x1: x, x2: x, y1: 18, y2: height, stroke: '#e3e3e3' }));
      svg.append(svgNode('text', { x: x + 2, y: 12, 'font-size': 10, fill: '#555' }, t.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })));
      const months = (max - min) > 900 ? 12 : (max - min) > 300 ? 3 : 1;
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + months, 1));
    }
    for (const { item, row } of placed) {
      const y = 30 + row * 16;
      const a = svgNode('a', item.iri ? { href: href(item.iri), class: 'result-item' } : { class: 'result-item' });
      const title = svgNode('title', {}, `${item.label} — ${item.date}`);
      a.append(title);
      if (item.end > item.start) a.append(svgNode('rect', { x: px(item.start), y: y - 4, width: Math.max(3, px(item.end) - px(item.start)), height: 8, rx: 3, fill: '#1f4e8c', 'fill-opacity': 0.7 }));
      else a.append(svgNode('circle', { cx: px(item.start), cy: y, r: 4, fill: '#1f4e8c' }));
      a.append(svgNode('text', { x: px(item.end) + 7, y: y + 3, 'font-size': 10, fill: '#222' }, item.label.length > 40 ? `${item.label.slice(0, 39)}…` : item.label));
      svg.append(a);
    }
    el.append(svg);
    el.dataset.items = String(items.length);
  }
}

/** Rows that join two entities: a node per entity, an edge per row (thicker when repeated). */
class NetworkView extends View {
  priority = 3;
  label = 'Network';
  private cy?: cytoscape.Core;
  canHandleResults(): boolean { return this.yasr.results?.getType() === 'json' && columns(this.yasr.results, (t) => t?.type === 'uri').length >= 2; }
  getIcon(): Element { return icon('M6 4a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm12 10a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM6 14a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm1.7-5.3 8.6 6.6-1.2 1.6-8.6-6.6zM6 10h2v4H6z'); }
  async draw(): Promise<void> {
    const el = this.container('network');
    const cytoscape = await loadCytoscape();
    const variables = this.variables();
    const [a, b] = columns(this.yasr.results, (t) => t?.type === 'uri');
    const nodes = new Map<string, string>();
    const edges = new Map<string, { source: string; target: string; weight: number }>();
    for (const row of this.rows()) {
      const x = row[a]?.value;
      const y = row[b]?.value;
      if (!x || !y || x === y) continue;
      nodes.set(x, row[`${a}Label`]?.value ?? nodes.get(x) ?? x.replace(/^.*[#/]/, ''));
      nodes.set(y, row[`${b}Label`]?.value ?? nodes.get(y) ?? y.replace(/^.*[#/]/, ''));
      const key = x < y ? `${x} ${y}` : `${y} ${x}`;
      const edge = edges.get(key) ?? { source: x, target: y, weight: 0 };
      edge.weight++;
      edges.set(key, edge);
    }
    void variables;
    const box = document.createElement('div');
    box.className = 'result-network';
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', `Network of ${nodes.size} entities joined by ${edges.size} links (${a} to ${b}); the table view has the rows`);
    el.append(box);
    this.cy?.destroy();
    this.cy = cytoscape({
      container: box,
      elements: [...[...nodes].map(([id, label]) => ({ data: { id, label } })), ...[...edges.values()].map((e, i) => ({ data: { id: `e${i}`, ...e } }))],
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'background-color': '#1f4e8c', width: 12, height: 12, 'text-valign': 'bottom', 'text-background-color': '#fff', 'text-background-opacity': 0.85, color: '#222' } },
        { selector: 'edge', style: { width: 'mapData(weight, 1, 10, 1, 6)', 'line-color': '#999', 'curve-style': 'haystack' } },
      ],
      layout: { name: 'fcose', animate: false, randomize: true, nodeDimensionsIncludeLabels: true, quality: 'proof' } as cytoscape.LayoutOptions,
    });
    this.cy.on('tap', 'node', (event) => { window.open(href(event.target.id()), '_blank', 'noopener'); });
    el.dataset.nodes = String(nodes.size);
    el.dataset.edges = String(edges.size);
  }
  destroy(): void { this.cy?.destroy(); this.cy = undefined; }
}

/** A bar per row: the row's label against its first numeric column (or a count per value when there is no number). */
class ChartView extends View {
  priority = 2;
  label = 'Chart';
  canHandleResults(): boolean {
    const results = this.yasr.results;
    return results?.getType() === 'json' && columns(results, isNumber).length > 0 && (results.getBindings()?.length ?? 0) > 0;
  }
  getIcon(): Element { return icon('M4 20h16v2H4zM5 10h3v8H5zm5-6h3v14h-3zm5 9h3v5h-3z'); }
  draw(): void {
    const el = this.container('chart');
    const variables = this.variables();
    const [valueVar] = columns(this.yasr.results, isNumber);
    const entityVar = variables.find((v) => v !== valueVar && this.rows().some((r) => r[v]?.type === 'uri'));
    const bars = this.rows().slice(0, 100).map((r) => ({ label: labelOf(r, variables.filter((v) => v !== valueVar), entityVar) || '(none)', value: Number(r[valueVar]!.value), iri: entityVar ? r[entityVar]?.value : undefined }));
    const max = Math.max(...bars.map((b) => b.value), 1);
    const width = Math.max(320, el.clientWidth || 900) - 10;
    const labelWidth = Math.min(320, Math.max(...bars.map((b) => b.label.length)) * 6.5 + 10);
    const height = bars.length * 20 + 30;
    const svg = svgNode('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Bar chart of ${valueVar} for ${bars.length} rows` });
    bars.forEach((bar, i) => {
      const y = 20 + i * 20;
      const w = ((width - labelWidth - 60) * Math.max(0, bar.value)) / max;
      const g = svgNode('g', { class: 'bar' });
      g.append(svgNode('title', {}, `${bar.label}: ${bar.value}`));
      const text = svgNode('text', { x: labelWidth - 6, y: y + 12, 'font-size': 11, 'text-anchor': 'end', fill: '#222' }, bar.label.length > 50 ? `${bar.label.slice(0, 49)}…` : bar.label);
      if (bar.iri) { const a = svgNode('a', { href: href(bar.iri) }); a.append(text); g.append(a); } else g.append(text);
      g.append(svgNode('rect', { x: labelWidth, y: y + 2, width: Math.max(1, w), height: 14, fill: '#7a1f1f', 'fill-opacity': 0.8 }));
      g.append(svgNode('text', { x: labelWidth + w + 4, y: y + 13, 'font-size': 10, fill: '#333' }, String(bar.value)));
      svg.append(g);
    });
    svg.append(svgNode('text', { x: labelWidth, y: 12, 'font-size': 11, fill: '#555' }, valueVar));
    el.append(svg);
    el.dataset.bars = String(bars.length);
  }
}

export const RESULT_VIEWS: Record<string, new (yasr: YasrLike) => View> = { timeline: TimelineView, network: NetworkView, chart: ChartView };

/** The view a query asks for in a comment: `#defaultView:Timeline` (the Wikidata Query Service's names work too). */
export function requestedView(query: string): string | undefined {
  const match = /^\s*#\s*defaultView\s*:\s*([A-Za-z]+)/im.exec(query);
  if (!match) return undefined;
  const name = match[1].toLowerCase();
  const aliases: Record<string, string> = { timeline: 'timeline', network: 'network', graph: 'network', chart: 'chart', barchart: 'chart', bubblechart: 'chart', linechart: 'chart', table: 'table' };
  return aliases[name];
}
