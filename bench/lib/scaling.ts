// The corpus scaling table: synthetic corpora of 1, 10, 100 and 1000 articles
// (src/corpus/synthetic.ts), each served by the engine that fits it — the
// embedded default up to 100x, our server in front of Virtuoso 7 at every size —
// with what it costs to get there (corpus, load, start) and to run (memory,
// entity pages, lookups, the competency questions, throughput).

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { syntheticCorpus } from '../../src/corpus/synthetic.js';
import { loadRelease, virtuosoStoreFile } from '../../src/load/loadRelease.js';
import { readManifest } from '../../src/store/loadDataset.js';
import { projectPath } from '../../src/model/paths.js';
import { ENTITY_KINDS } from '../../src/model/iri.js';
import { percentile, runLoad } from './load.js';
import { cqQueries, lookupQuery, sparqlGet } from './workload.js';
import { ONE_CLIENT_LIMITS, rssMb, startOurs, type RunningProcess } from './servers.js';

export interface ScalingOptions {
  /** The 1x release (a built dist/). */
  dist: string;
  out: string;
  factors: number[];
  /** Largest factor run on the embedded engine. */
  embeddedMax: number;
  withVirtuoso: boolean;
  phaseMs: number;
  samples: number;
  say(line?: string): void;
}

/** The benchmark is one client sending as fast as it can: the per-client limits would measure themselves. */
const PEOPLE = ['maiskii', 'halifax', 'butler', 'cadogan', 'molotov', 'churchill', 'eden', 'seeds'];
const fmt = (n: number | undefined, digits = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function timed(url: string, path: string, accept: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(url + path, { headers: { Accept: accept } }).catch(() => undefined);
  await res?.arrayBuffer();
  return { ms: performance.now() - started, status: res?.status ?? 0 };
}

/** An entity of copy k of the corpus (copy 0 is the original article). */
function person(factor: number, i: number): string {
  const copy = (i * 37) % factor;
  return `${copy === 0 ? '' : `s${copy}-`}${PEOPLE[i % PEOPLE.length]}`;
}

interface Row { engine: string; loadS?: number; startS: StartTimes; memoryMb: number; pageMs: number; listsS: number; lookupMs: number; lookupRps: number; cqMs: number; cqFailed: number; cqRps: number }

/**
 * Starts of one configuration, seconds: a start is bound by the engine's load
 * (two 10 s loads in parallel at 100x on 2 cores), so one figure says as much
 * about what else the machine did at that moment (the corpus just written back
 * to disk, a checkpoint) as about the start. Each row's start is the median of
 * STARTS, with their range; the last start is the server that is measured.
 */
interface StartTimes { median: number; min: number; max: number }
const STARTS = 3;

async function startedThrice(start: () => Promise<RunningProcess>): Promise<{ server: RunningProcess; startS: StartTimes }> {
  const seconds: number[] = [];
  for (let i = 1; i < STARTS; i++) {
    const server = await start();
    seconds.push(server.startMs / 1000);
    await server.stop();
  }
  const server = await start();
  seconds.push(server.startMs / 1000);
  const sorted = [...seconds].sort((a, b) => a - b);
  return { server, startS: { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] } };
}

const fmtStart = (s: StartTimes) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

async function measure(server: RunningProcess, factor: number, options: ScalingOptions, extraMemory: () => number): Promise<Omit<Row, 'engine' | 'loadS' | 'startS'>> {
  const pages: number[] = [];
  for (let i = 0; i < options.samples; i++) pages.push((await timed(server.url, `/id/person/${person(factor, i)}`, 'text/turtle')).ms);
  pages.sort((a, b) => a - b);
  // Every kind's list browsed, as a reader walking the site does (each kind's rows are read on its
  // first page and kept for the release): their first pages' time together, and what they keep
  // counts in the memory figure.
  let listsMs = 0;
  for (const kind of ENTITY_KINDS) {
    for (const query of ['', '?page=3&order=desc']) {
      const answer = await timed(server.url, `/id/${kind}/${query}`, 'text/html');
      if (answer.status !== 200) throw new Error(`/id/${kind}/${query} answered ${answer.status}`);
      if (!query) listsMs += answer.ms;
    }
  }
  const lookups = await runLoad({ url: server.url, concurrency: 8, durationMs: options.phaseMs, next: (i) => sparqlGet(lookupQuery(person(factor, i)), 'lookup') });
  // Every competency question is sent as a fresh text (a comment that differs), as a person sends a new
  // query: the repeated text would be answered from the result cache and measure only the cache.
  const cq = cqQueries();
  const fresh = (i: number) => sparqlGet(`${cq[i % cq.length].query}\n# ${i}`, 'cq');
  const medians: number[] = [];
  let failed = 0;
  let sent = 0;
  for (let q = 0; q < cq.length; q++) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await timed(server.url, fresh(q + cq.length * sent++).path, 'application/sparql-results+json');
      if (answer.status !== 200) break;
      times.push(answer.ms);
    }
    if (times.length < 3) { failed++; continue; }
    times.sort((a, b) => a - b);
    medians.push(Math.max(times[1], 0.1));
  }
  const cqLoad = await runLoad({ url: server.url, concurrency: 8, durationMs: options.phaseMs, next: (i) => fresh(i + cq.length * sent) });
  return {
    memoryMb: rssMb(server.pid) + extraMemory(),
    pageMs: percentile(pages, 50),
    listsS: listsMs / 1000,
    lookupMs: lookups.latencyMs.p50,
    lookupRps: lookups.rps,
    cqMs: Math.exp(medians.reduce((s, m) => s + Math.log(m), 0) / Math.max(1, medians.length)),
    cqFailed: failed,
    cqRps: cqLoad.rps,
  };
}

/** The workers recycled or restarted during a run, from /metrics ('' when none). */
async function workerReplacements(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (event: string) => Number(new RegExp(`^delicacy_worker_events\\{event="${event}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return [['recycled', count('recycled')], ['restarted', count('restarts')]].filter(([, n]) => n).map(([what, n]) => `${n} worker(s) ${what}`).join(', ');
}

/** A Virtuoso instance for one corpus, as a one-slot store file, its buffers sized to the data. */
function virtuosoSlot(dir: string, quads: number): { storeFile: string; pid: () => number; stop(): void } {
  rmSync(dir, { recursive: true, force: true });
  const buffers = Math.min(340_000, Math.max(20_000, Math.round(quads / 40)));
  const http = 18_900 + Math.floor(Math.random() * 500);
  const sql = http + 1000;
  execFileSync('bash', [projectPath('scripts', 'virtuoso.sh'), 'serve', join(dir, 'a'), String(http), String(sql), String(buffers)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const storeFile = join(dir, 'store.json');
  virtuosoStoreFile(storeFile, { a: { http, sql, dir: join(dir, 'a') } });
  return {
    storeFile,
    pid: () => Number(execFileSync('cat', [join(dir, 'a', 'virtuoso.pid')], { encoding: 'utf8' }).trim()),
    stop: () => { execFileSync('bash', [projectPath('scripts', 'virtuoso.sh'), 'stop', join(dir, 'a')], { stdio: 'inherit' }); },
  };
}

export async function scalingTable(options: ScalingOptions): Promise<void> {
  const { say } = options;
  const rows: string[] = [];
  for (const factor of options.factors) {
    const target = factor === 1 ? options.dist : join(options.out, `corpus-x${factor}`);
    let corpusS: number | undefined;
    if (factor !== 1) {
      const started = performance.now();
      rmSync(target, { recursive: true, force: true });
      await syntheticCorpus(options.dist, factor, target);
      corpusS = (performance.now() - started) / 1000;
      // The corpus's writes reach the disk now, not during the starts measured next.
      execFileSync('sync');
    }
    const quads = readManifest(target).quads;
    const row = (r: Row) => rows.push(`| ${factor}× | ${quads} | ${fmt(corpusS)} | ${r.engine} | ${fmt(r.loadS)} | ${fmtStart(r.startS)} | ${fmt(r.memoryMb, 0)} | ${fmt(r.pageMs)} | ${fmt(r.listsS)} | ${fmt(r.lookupMs)} / ${fmt(r.lookupRps, 0)} | ${fmt(r.cqMs)}${r.cqFailed ? ` (${r.cqFailed} failed)` : ''} / ${fmt(r.cqRps, 1)} |`);
    console.error(`… scaling ${factor}×: ${quads} quads`);
    // A configuration that fails (a start past its time limit, a store that gives up) is a row of the
    // table with its reason, not the end of the benchmark: the rows measured so far are kept.
    const failed = (engine: string, error: unknown) => {
      const reason = String((error as Error)?.message ?? error).split('\n')[0].slice(0, 160);
      console.error(`    ${engine} at ${factor}× failed: ${reason}`);
      rows.push(`| ${factor}× | ${quads} | ${fmt(corpusS)} | ${engine} | failed: ${reason.replace(/\|/g, '/')} | | | | | | |`);
    };
    if (factor <= options.embeddedMax) await embeddedRow().catch((error) => failed('embedded, 2 workers', error));
    if (options.withVirtuoso) await virtuosoRow().catch((error) => failed('Virtuoso 7 behind ours', error));

    async function embeddedRow(): Promise<void> {
      let peak = 0;
      // The result cache at its default, so that the memory is what a server as shipped holds: the
      // fresh texts fill it and never hit it.
      const { server, startS } = await startedThrice(() => startOurs(target, { ...ONE_CLIENT_LIMITS, QUERY_WORKERS: '2', WORKER_MEMORY_MB: '2048', RESULT_CACHE_MB: 'auto' }));
      const sampler = setInterval(() => { peak = Math.max(peak, rssMb(server.pid)); }, 250);
      try {
        const m = await measure(server, factor, options, () => 0);
        // A worker replaced during the run (grown past its limit, or stopped) reloads the release meanwhile:
        // said in the row, since it changes what the throughput and memory columns measured.
        const replaced = await workerReplacements(server.url);
        row({ engine: `embedded, 2 workers${replaced ? ` (${replaced})` : ''}`, startS, ...m, memoryMb: Math.max(m.memoryMb, peak) });
      } finally {
        clearInterval(sampler);
        await server.stop();
      }
    }

    async function virtuosoRow(): Promise<void> {
      const slot = virtuosoSlot(join(options.out, `virtuoso-x${factor}`), quads);
      try {
        const started = performance.now();
        await loadRelease({ into: slot.storeFile, dist: target, graceMs: 0, threads: 2, progress: (m) => console.error(`    ${m}`) });
        const loadS = (performance.now() - started) / 1000;
        const { server, startS } = await startedThrice(() => startOurs(target, { ...ONE_CLIENT_LIMITS, STORE: slot.storeFile, STORE_CONCURRENCY: '8' }));
        try {
          const m = await measure(server, factor, options, () => rssMb(slot.pid()));
          row({ engine: 'Virtuoso 7 behind ours', loadS, startS, ...m });
        } finally {
          await server.stop();
        }
      } finally {
        slot.stop();
      }
    }
  }
  say('| size | quads | corpus s | engine | load s | start s | memory MB | entity page p50 ms | lists browsed: first pages s | SPARQL lookup p50 ms / per s (c=8) | CQ median ms, geomean / CQ per s (c=8), fresh texts |');
  say('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) say(row);
  say('\n"memory" is the resident memory of our server process (all its threads), plus Virtuoso\'s for the Virtuoso rows; "load" is `delicacy load` into an empty Virtuoso (cut, bulk load, checkpoint, check, the endpoint limited to the release\'s graphs); "lists browsed" is the time of the first page of every kind\'s list together (each also read at page 3, descending), before the lookups: what those lists keep is in the memory; "start" is process start to /ready, the median of three starts (their range in brackets; the last start is the server measured). Failed CQs are those the engine answered with an error status.');
}
