// The natural-query benchmark: questions written quickly, as users write them,
// without looking at plans — the public competency queries (queries/cq, as they
// are at bench time) and our own set (bench/natural, kept as written) — run side
// by side on our server and Virtuoso in one run, twice:
// - repeated: the same text for every request (result caches off on both sides;
//   Virtuoso's compiled-plan cache warm, our parse cache warm);
// - fresh: a different text for every request (a varying comment), as a person
//   editing a query or a program filling in a form sends them: both parse and
//   plan every request.
// Each query's median and the geometric means of the ratios, and whether the
// targets are met; at 10× (synthetic copies) our times, where none may exceed 1 s.

import { Agent, request } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadExamples } from '../../src/http/examples.js';
import { projectPath } from '../../src/model/paths.js';
import { resultRows } from './workload.js';
import { ONE_CLIENT_LIMITS, startOurs, type RunningProcess } from './servers.js';
import { syntheticCorpus } from '../../src/corpus/synthetic.js';

export interface NaturalQuery { id: string; question: string; query: string }

export function naturalQueries(): NaturalQuery[] {
  const load = (dir: string) => loadExamples(projectPath(...dir.split('/'))).map((e) => ({ id: e.id, question: e.question, query: e.query }));
  return [...load('queries/cq'), ...load('bench/natural')];
}

export type Mode = 'repeated' | 'fresh';

interface Sample { ms: number; status: number; rows: number }

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET of a SPARQL query, timed from the request to the last byte. */
function get(base: string, query: string, timeoutMs: number): Promise<Sample> {
  return new Promise((resolve) => {
    const url = new URL(`${base}/sparql?${new URLSearchParams({ query })}`);
    const started = performance.now();
    const r = request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { Accept: 'application/sparql-results+json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, rows: resultRows(body) }));
    });
    r.setTimeout(timeoutMs, () => r.destroy());
    r.on('error', () => resolve({ ms: performance.now() - started, status: 0, rows: -1 }));
    r.end();
  });
}

let freshCounter = 0;

/** Median latency of a query in one mode (after warm-up when the text repeats). */
export async function measure(base: string, query: string, mode: Mode, samples: number, timeoutMs = 60_000): Promise<{ median: number; status: number; rows: number }> {
  const text = () => (mode === 'repeated' ? query : `# request ${++freshCounter} at ${Date.now()}\n${query}`);
  let last = await get(base, text(), timeoutMs);
  if (last.status !== 200) return { median: last.ms, status: last.status, rows: last.rows };
  // A query slower than a second is measured fewer times: its figure is clear enough.
  const count = last.ms > 1000 ? 2 : samples;
  if (mode === 'repeated' && last.ms < 1000) last = await get(base, text(), timeoutMs);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    last = await get(base, text(), timeoutMs);
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], status: last.status, rows: last.rows };
}

export interface NaturalResult {
  id: string;
  question: string;
  ours: Record<Mode, { median: number; status: number; rows: number }>;
  virtuoso?: Record<Mode, { median: number; status: number; rows: number }>;
}

export async function runNatural(ours: string, virtuoso: string | undefined, samples: number, log: (line: string) => void = () => undefined): Promise<NaturalResult[]> {
  const results: NaturalResult[] = [];
  for (const q of naturalQueries()) {
    const result: NaturalResult = { id: q.id, question: q.question, ours: {} as NaturalResult['ours'] };
    if (virtuoso) result.virtuoso = {} as NaturalResult['ours'];
    for (const mode of ['repeated', 'fresh'] as const) {
      // Interleaved per query, so that both servers see the same machine load.
      result.ours[mode] = await measure(ours, q.query, mode, samples);
      if (virtuoso) result.virtuoso![mode] = await measure(virtuoso, q.query, mode, samples);
    }
    log(`${q.id}: ours ${result.ours.repeated.median.toFixed(1)} / ${result.ours.fresh.median.toFixed(1)} ms${virtuoso ? `, Virtuoso ${result.virtuoso!.repeated.median.toFixed(1)} / ${result.virtuoso!.fresh.median.toFixed(1)} ms` : ''}`);
    results.push(result);
  }
  return results;
}

/** Our times on a larger dataset (no comparison): repeated text, fewer samples. */
export async function runNaturalScaled(ours: string, samples: number): Promise<{ id: string; median: number; status: number; rows: number }[]> {
  const results = [];
  for (const q of naturalQueries()) results.push({ id: q.id, ...(await measure(ours, q.query, 'repeated', samples)) });
  return results;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const geomean = (values: number[]) => Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
/** Ratios are taken on times of at least 0.05 ms (below that, timer resolution). */
const ratio = (a: number, b: number) => Math.max(a, 0.05) / Math.max(b, 0.05);

export interface NaturalSummary { markdown: string; repeatedGeomean?: number; freshGeomean?: number }

/** The report section: per-query medians, geometric means, and which targets are met. */
export function naturalReport(results: NaturalResult[], scaled: { factor: number; quads: number; results: { id: string; median: number; status: number; rows: number }[] } | undefined, note: string): NaturalSummary {
  const lines: string[] = [];
  const say = (line = '') => lines.push(line);
  const withVirtuoso = results.some((r) => r.virtuoso);
  say('## Natural queries: ours and Virtuoso, repeated and fresh text');
  say();
  say(note);
  say();
  const cq = results.filter((r) => r.id.startsWith('P')).length;
  say(`${results.length} questions: the ${cq} public competency queries as they are in queries/cq, and ${results.length - cq} questions of our own written plainly, as a user would, and kept as written (bench/natural/; N01–N28 before the query normaliser existed, N29–N30 for a shape found slow at 100 articles). Medians in ms, sequential requests over keep-alive HTTP, JSON results, result caches off on both sides. *Repeated*: the same text every time. *Fresh*: a different comment in every request, so both servers parse and plan every request. A ratio below 1 means ours is faster; ratios are compared only where both servers answer with the same number of rows.`);
  say();
  say(`| query | question | ours repeated | ${withVirtuoso ? 'Virtuoso repeated | ratio | ' : ''}ours fresh | ${withVirtuoso ? 'Virtuoso fresh | ratio | rows ours/Virtuoso |' : ''}`);
  say(`|---|---|---|${withVirtuoso ? '---|---|' : ''}---|${withVirtuoso ? '---|---|---|' : ''}`);
  const repeated: number[] = [];
  const fresh: number[] = [];
  const over10x: string[] = [];
  const over100ms: string[] = [];
  const notComparable: string[] = [];
  for (const r of results) {
    const v = r.virtuoso;
    const comparable = v && r.ours.repeated.status === 200 && v.repeated.status === 200 && r.ours.repeated.rows === v.repeated.rows;
    const show = (m: { median: number; status: number }) => (m.status === 200 ? fmt(m.median, 2) : `error ${m.status}`);
    if (r.ours.repeated.status !== 200 || r.ours.repeated.median > 100) over100ms.push(`${r.id} (${show(r.ours.repeated)})`);
    let cells = '';
    if (v) {
      if (comparable) {
        const rr = ratio(r.ours.repeated.median, v.repeated.median);
        const fr = ratio(r.ours.fresh.median, v.fresh.median);
        repeated.push(rr);
        fresh.push(fr);
        if (rr > 10) over10x.push(`${r.id} (${fmt(rr, 1)}×)`);
        cells = `${show(v.repeated)} | ${fmt(rr, 2)} | ${show(r.ours.fresh)} | ${show(v.fresh)} | ${fmt(fr, 2)} | ${r.ours.repeated.rows}/${v.repeated.rows} |`;
      } else {
        notComparable.push(r.id);
        cells = `${show(v.repeated)} | n/a | ${show(r.ours.fresh)} | ${show(v.fresh)} | n/a | ${r.ours.repeated.rows}/${v.repeated.rows} |`;
      }
    } else cells = `${show(r.ours.fresh)} |`;
    const question = r.question.length > 90 ? `${r.question.slice(0, 87)}…` : r.question;
    say(`| ${r.id} | ${question.replace(/\|/g, '\\|')} | ${show(r.ours.repeated)} | ${v ? cells : cells}`);
  }
  const summary: NaturalSummary = { markdown: '' };
  say();
  if (withVirtuoso) {
    summary.repeatedGeomean = geomean(repeated);
    summary.freshGeomean = geomean(fresh);
    say(`Geometric mean of the ratios ours/Virtuoso over the ${repeated.length} queries both answer alike: **repeated text ${fmt(summary.repeatedGeomean, 2)}**, **fresh text ${fmt(summary.freshGeomean, 2)}**.${notComparable.length ? ` Not compared (an error or a different number of rows on one side): ${notComparable.join(', ')}.` : ''}`);
  }
  say();
  say('### Targets');
  say();
  const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
  if (withVirtuoso) {
    say(`- Repeated text, geometric mean at most 1.0 of Virtuoso's: ${fmt(summary.repeatedGeomean!, 2)} — ${met(summary.repeatedGeomean! <= 1)}.`);
    say(`- Repeated text, no query over 10× Virtuoso's time: ${over10x.length ? over10x.join(', ') : 'none'} — ${met(over10x.length === 0)}.`);
  }
  say(`- Repeated text, no query over 100 ms: ${over100ms.length ? over100ms.join(', ') : 'none'} — ${met(over100ms.length === 0)}.`);
  if (withVirtuoso) say(`- Fresh text, geometric mean at most 0.3 of Virtuoso's: ${fmt(summary.freshGeomean!, 2)} — ${met(summary.freshGeomean! <= 0.3)}.`);
  if (scaled) {
    const slow = scaled.results.filter((r) => r.status !== 200 || r.median > 1000);
    const max = scaled.results.reduce((m, r) => (r.median > m.median ? r : m), scaled.results[0]);
    say(`- At ${scaled.factor}× (${scaled.quads} quads), no query over 1 s: ${slow.length ? slow.map((r) => `${r.id} (${r.status === 200 ? `${fmt(r.median, 0)} ms` : `error ${r.status}`})`).join(', ') : `none; the slowest is ${max.id} at ${fmt(max.median, 1)} ms`} — ${met(slow.length === 0)}.`);
    say();
    say(`Our medians at ${scaled.factor}× (ms, repeated text): ${scaled.results.map((r) => `${r.id} ${r.status === 200 ? fmt(r.median, 1) : `error ${r.status}`}`).join(', ')}.`);
  }
  summary.markdown = lines.join('\n');
  return summary;
}

const START = '<!-- natural-queries:start -->';
const END = '<!-- natural-queries:end -->';

/** Puts the section into a Markdown file between its markers (appended the first time), leaving the rest alone. */
export function spliceSection(file: string, markdown: string): void {
  const section = `${START}\n${markdown}\n${END}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next = start !== -1 && end > start ? text.slice(0, start) + section + text.slice(end + END.length) : `${text.replace(/\s*$/, '')}\n\n${section}\n`;
  writeFileSync(file, next);
}

export function closeNaturalAgent(): void {
  agent.destroy();
}

/**
 * The whole phase: both modes at 1× against the running servers, then ours alone
 * on a synthetic dataset `factor` times larger. Returns the report section.
 */
export async function naturalPhase(options: { dist: string; out: string; ours: RunningProcess; virtuoso?: RunningProcess; samples: number; factor: number; log: (line: string) => void }): Promise<NaturalSummary> {
  const { dist, out, ours, virtuoso, samples, factor, log } = options;
  const results = await runNatural(ours.url, virtuoso?.url, samples, log);
  const target = join(out, `dist-x${factor}`);
  const { quads } = await syntheticCorpus(dist, factor, target);
  const big = await startOurs(target, ONE_CLIENT_LIMITS);
  let scaled;
  try {
    scaled = { factor, quads, results: await runNaturalScaled(big.url, Math.max(3, Math.floor(samples / 3))) };
  } finally {
    await big.stop();
  }
  const note = `Ours: \`delicacy serve\` with 2 query workers, the query normaliser on (src/query/normalise/). ${virtuoso ? 'Virtuoso 7 (Debian\'s package, scripts/virtuoso.sh) loaded with the same N-Quads dump.' : 'Virtuoso was not run.'} ${samples} samples per query and mode on a shared 2-core machine: re-run \`BENCH_ONLY=natural npm run bench\` on a quiet machine for final figures.`;
  return naturalReport(results, scaled, note);
}
