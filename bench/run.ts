// npm run bench: measures our server against Virtuoso 7 (loaded with the same
// N-Quads dump), a bare node:http server and a bare Express app (fixed responses
// of the same size), all in one run on this machine, and prints ratios. Also:
// isolation under a heavy query, cold start, build time, memory, a soak, and
// synthetic datasets at 10x and 100x our size. Writes a Markdown report.
//
// Environment: BENCH_QUICK=1 (short phases, no 100x, no soak), BENCH_SOAK_SECONDS
// (default 600), BENCH_SCALES (default "1,10,100,1000"), BENCH_NO_VIRTUOSO=1, BENCH_ONLY=scaling,
// BENCH_ONLY=natural (only the natural-query section, spliced into docs/benchmark.md).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { build } from '../src/build/pipeline.js';
import { projectPath } from '../src/model/paths.js';
import { runLoad, percentile, type LoadRequest } from './lib/load.js';
import { cqQueries, lookupQuery, LOOKUP_PEOPLE, resultRows, sparqlGet, mixedWorkload } from './lib/workload.js';
import { ONE_CLIENT_LIMITS, startBare, startOurs, startVirtuoso, rssMb, type RunningProcess } from './lib/servers.js';
import { syntheticCorpus } from '../src/corpus/synthetic.js';
import { scalingTable } from './lib/scaling.js';
import { timeBuildSteps } from './lib/buildSteps.js';
import { fairnessTable, type FairnessRow } from './lib/fairness.js';
import { loadDataset } from '../src/store/loadDataset.js';
import { prepareQuery } from '../src/query/prepare.js';
import { datasetPrefixes } from '../src/model/iri.js';
import { naturalPhase, spliceSection, closeNaturalAgent } from './lib/natural.js';

const QUICK = process.env.BENCH_QUICK === '1';
const PHASE_MS = QUICK ? 3000 : 10_000;
const SAMPLES = QUICK ? 7 : 25;
// The natural queries: 55 questions, two modes, two servers; a median of 11 is stable enough.
const NATURAL_SAMPLES = QUICK ? 7 : 11;
const SOAK_S = QUICK ? 0 : Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const SCALES = (process.env.BENCH_SCALES ?? (QUICK ? '1,10' : '1,10,100,1000')).split(',').map(Number).filter(Boolean);
const WITH_VIRTUOSO = process.env.BENCH_NO_VIRTUOSO !== '1';
const OUT = projectPath('bench-output');
const lines: string[] = [];
const say = (line = '') => { console.log(line); lines.push(line); };
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const geomean = (values: number[]) => Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
function timedGet(base: string, req: LoadRequest): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve) => {
    const url = new URL(base + req.path);
    const started = performance.now();
    const r = request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers: req.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, body }));
    });
    r.on('error', () => resolve({ ms: performance.now() - started, status: 0, body: '' }));
    r.end();
  });
}

/** Sequential latency of one query: median and p95 over SAMPLES runs after warm-up. */
async function latency(base: string, query: string): Promise<{ median: number; p95: number; rows: number; status: number }> {
  const req = sparqlGet(query, 'q');
  let last = await timedGet(base, req);
  for (let i = 0; i < 2; i++) last = await timedGet(base, req);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) { const r = await timedGet(base, req); times.push(r.ms); last = r; }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95), rows: resultRows(last.body), status: last.status };
}

/**
 * The same query straight on an Oxigraph store in this process: what the engine
 * alone costs, without HTTP or the worker round trip.
 */
function engineLatency(store: ReturnType<typeof loadDataset>['store'], query: string): number {
  const prepared = prepareQuery(query, { prefixes: datasetPrefixes(), maxDepth: 100, serviceAllowlist: [], canFederate: false }).text;
  const options = { use_default_graph_as_union: true, results_format: 'json' };
  for (let i = 0; i < 3; i++) store.query(prepared, options);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) { const started = performance.now(); store.query(prepared, options); times.push(performance.now() - started); }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

async function compareCq(ours: RunningProcess, virtuoso: RunningProcess | undefined, title: string, dist: string): Promise<number | undefined> {
  say(`\n### Competency-question queries, sequential latency (${title})\n`);
  if (virtuoso) say('"engine only" is the median of the same query on an Oxigraph store inside the benchmark process: the engine without HTTP and without the worker round trip.\n');
  say(`| query | ours median ms | ours p95 | ${virtuoso ? 'Virtuoso median | Virtuoso p95 | median ratio ours/Virtuoso | rows ours/Virtuoso | engine only median ms |' : ''}`);
  say(`|---|---|---|${virtuoso ? '---|---|---|---|---|' : ''}`);
  const store = virtuoso ? loadDataset(dist).store : undefined;
  const ratios: number[] = [];
  const engineRatios: number[] = [];
  for (const { id, query } of cqQueries()) {
    const a = await latency(ours.url, query);
    if (!virtuoso || !store) { say(`| ${id} | ${fmt(a.median)} | ${fmt(a.p95)} |`); continue; }
    const b = await latency(virtuoso.url, query);
    const engine = engineLatency(store, query);
    // Only queries both engines answer alike are compared: Virtuoso rejects or
    // returns nothing for a few standard queries, which would flatter it.
    const comparable = b.status === 200 && a.status === 200 && b.median > 0 && a.rows === b.rows;
    if (comparable) {
      ratios.push(Math.max(a.median, 0.05) / Math.max(b.median, 0.05));
      engineRatios.push(Math.max(engine, 0.05) / Math.max(b.median, 0.05));
    }
    say(`| ${id} | ${fmt(a.median)} | ${fmt(a.p95)} | ${b.status === 200 ? fmt(b.median) : `error ${b.status}`} | ${b.status === 200 ? fmt(b.p95) : ''} | ${comparable ? fmt(ratio(a.median, b.median), 2) : 'n/a (results differ)'} | ${a.rows}/${b.rows} | ${fmt(engine, 2)} |`);
  }
  if (!virtuoso) return undefined;
  const g = geomean(ratios);
  say(`\nGeometric mean of median ratios ours/Virtuoso over the ${ratios.length} queries both answer with the same number of rows: **${fmt(g, 2)}**`);
  say(`(Engine only, the same queries: ${fmt(geomean(engineRatios), 2)}; the difference is our HTTP layer and the worker round trip, over Virtuoso's whole HTTP round trip.)`);
  return g;
}

const lookup = (i: number) => sparqlGet(lookupQuery(LOOKUP_PEOPLE[i % LOOKUP_PEOPLE.length]), 'lookup');

async function throughput(target: RunningProcess, next: (i: number) => LoadRequest, concurrency: number): Promise<{ rps: number; p50: number; p99: number; non200: number }> {
  const result = await runLoad({ url: target.url, concurrency, durationMs: PHASE_MS, next });
  const non200 = result.requests - (result.statuses['200'] ?? 0);
  return { rps: result.rps, p50: result.latencyMs.p50, p99: result.latencyMs.p99, non200 };
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  say(`# Benchmark, ${date}`);
  say(`\nMachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}. ${QUICK ? 'Quick mode (short phases).' : ''}`);
  say('Every figure is from this one run. Ratios below 1 mean ours is faster (latency) or, for throughput, the share of the other server\'s requests per second that ours reaches.');

  // Build time and cold start.
  const buildStart = performance.now();
  const built = await build({ outDir: join(OUT, 'dist') });
  const buildMs = performance.now() - buildStart;
  const dist = built.outDir!;
  const coldStarts: number[] = [];
  for (let i = 0; i < 3; i++) { const s = await startOurs(dist, ONE_CLIENT_LIMITS); coldStarts.push(s.startMs); await s.stop(); }
  coldStarts.sort((a, b) => a - b);
  say(`\n## Build and start (1×: ${built.quads.length} quads)\n`);
  say(`- Full build (compile, SHACL validation, every dump, VoID): **${fmt(buildMs / 1000, 2)} s** (target under 10 s)`);
  say(`- Cold start, process start to ready (dataset loaded in the main thread and 2 workers): **${fmt(coldStarts[1] / 1000, 2)} s** median of 3 (target under 2 s)`);

  if (process.env.BENCH_ONLY === 'natural') return naturalOnly(dist, date);
  const ONLY_SCALING = process.env.BENCH_ONLY === 'scaling';
  const ours = await startOurs(dist, ONE_CLIENT_LIMITS);
  const virtuoso = WITH_VIRTUOSO && !ONLY_SCALING ? await startVirtuoso(join(OUT, 'virtuoso'), join(dist, 'delicacy.nq')) : undefined;
  const sample = await timedGet(ours.url, lookup(0));
  const bodyFile = join(OUT, 'fixed-response.json');
  writeFileSync(bodyFile, sample.body);
  const bareNode = await startBare('node', bodyFile);
  const bareExpress = await startBare('express', bodyFile);
  say(`\nVirtuoso ${virtuoso ? `loaded the same N-Quads dump in ${fmt(virtuoso.startMs / 1000, 1)} s (install, start, load, checkpoint)` : 'not run (BENCH_NO_VIRTUOSO)'}. The bare servers answer every request with a fixed ${sample.body.length}-byte lookup response.`);

  try {
    if (!ONLY_SCALING) {
    say('\n## Engine comparison at 1× (no result cache on either side)');
    const g1 = await compareCq(ours, virtuoso, '1×', dist);
    say(`\nGeometric mean at 1× (ours/Virtuoso): ${g1 !== undefined ? fmt(g1, 2) : 'n/a'}`);

    const natural = await naturalPhase({ dist, out: OUT, ours, virtuoso, samples: NATURAL_SAMPLES, factor: 10, log: (line) => console.log(line) });
    say(`\n<!-- natural-queries:start -->\n${natural.markdown}\n<!-- natural-queries:end -->`);

    let peakRss = rssMb(ours.pid);
    const peakSampler = setInterval(() => { peakRss = Math.max(peakRss, rssMb(ours.pid)); }, 250);
    say('\n## Throughput (requests per second)\n');
    say('| workload | concurrency | ours | Virtuoso | bare Express | bare node:http | ours/Virtuoso | ours/bare Express | ours p50 / p99 ms |');
    say('|---|---|---|---|---|---|---|---|---|');
    const cq = cqQueries();
    const expressRps = new Map<number, number>();
    const claimMix = (i: number) => sparqlGet(cq[i % cq.length].query, 'cq');
    for (const [name, next, levels] of [['lookups', lookup, [1, 8, 32]], ['competency queries', claimMix, [8]]] as const) {
      for (const c of levels) {
        const a = await throughput(ours, next, c);
        const v = virtuoso ? await throughput(virtuoso, next, c) : undefined;
        const e = name === 'lookups' ? await throughput(bareExpress, next, c) : undefined;
        const n = name === 'lookups' ? await throughput(bareNode, next, c) : undefined;
        if (e) expressRps.set(c, e.rps);
        say(`| ${name} | ${c} | ${fmt(a.rps, 0)} | ${v ? fmt(v.rps, 0) : ''} | ${e ? fmt(e.rps, 0) : ''} | ${n ? fmt(n.rps, 0) : ''} | ${v ? fmt(ratio(a.rps, v.rps), 2) : ''} | ${e ? fmt(ratio(a.rps, e.rps), 2) : ''} | ${fmt(a.p50)} / ${fmt(a.p99)}${a.non200 ? ` (${a.non200} non-200)` : ''} |`);
      }
    }

    // What a client of the running service gets: repeated queries are answered from
    // the result cache (on by default) without a trip to a query worker.
    say('\nThe same lookups against our server in its default configuration (result cache on, 64 MB), the bare Express figures from above:\n');
    say('| concurrency | ours, cache on | bare Express | ours/bare Express | ours p50 / p99 ms |');
    say('|---|---|---|---|---|');
    const cached = await startOurs(dist, { ...ONE_CLIENT_LIMITS, RESULT_CACHE_MB: '64' });
    try {
      for (const c of [1, 8, 32]) {
        const a = await throughput(cached, lookup, c);
        const e = expressRps.get(c);
        say(`| ${c} | ${fmt(a.rps, 0)} | ${e ? fmt(e, 0) : ''} | ${e ? fmt(ratio(a.rps, e), 2) : ''} | ${fmt(a.p50)} / ${fmt(a.p99)}${a.non200 ? ` (${a.non200} non-200)` : ''} |`);
      }
    } finally {
      await cached.stop();
    }

    say('\n## Reconciliation: batches of ten OpenRefine queries\n');
    const names = ['Maisky', 'Lord Halifax', 'Cadogan', 'Vansittart', 'Molotov', 'Schulenburg', 'Cripps', 'Seeds', 'Butler', 'Eden'];
    const batch = new URLSearchParams({ queries: JSON.stringify(Object.fromEntries(names.map((q, i) => [`q${i}`, { query: q, type: 'person', limit: 5 }]))) }).toString();
    const recon = await runLoad({ url: ours.url, concurrency: 1, durationMs: PHASE_MS, next: () => ({ path: '/reconcile', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: batch, label: 'reconcile' }) });
    say(`A 10-query batch: median **${fmt(recon.latencyMs.p50, 2)} ms**, p99 ${fmt(recon.latencyMs.p99, 2)} ms (${recon.requests} batches; target well under a second).`);

    say('\n## Isolation: a lookup while a heavy query runs\n');
    const idle = await runLoad({ url: ours.url, concurrency: 2, durationMs: PHASE_MS, next: lookup });
    const heavyQuery = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a <https://w3id.org/delicacy/ontology#Claim> }';
    let heavyRuns = 0;
    let running = true;
    const heavyLoop = (async () => { while (running) { await timedGet(ours.url, sparqlGet(heavyQuery, 'heavy')); heavyRuns++; } })();
    await new Promise((r) => setTimeout(r, 300));
    const loaded = await runLoad({ url: ours.url, concurrency: 2, durationMs: PHASE_MS, next: lookup });
    running = false;
    await heavyLoop;
    say(`| | lookup p50 ms | lookup p99 ms | lookups/s |`);
    say('|---|---|---|---|');
    say(`| idle | ${fmt(idle.latencyMs.p50, 2)} | ${fmt(idle.latencyMs.p99, 2)} | ${fmt(idle.rps, 0)} |`);
    say(`| while a heavy query runs in a loop (${heavyRuns} runs) | ${fmt(loaded.latencyMs.p50, 2)} | ${fmt(loaded.latencyMs.p99, 2)} | ${fmt(loaded.rps, 0)} |`);
    say(`\nMedian under load / idle: **${fmt(ratio(loaded.latencyMs.p50, idle.latencyMs.p50), 2)}** (target at most 2); p99 under load **${fmt(loaded.latencyMs.p99, 1)} ms** (target at most 50 ms).`);

    say('\n## Fairness: a light client while other clients loop heavy queries\n');
    say('One light client sends `SELECT * WHERE { ?s ?p ?o } LIMIT 1` with fresh text, one at a time; each heavy client, on its own loopback address, loops a heavy COUNT (also fresh text). Our server runs with its default limits (2 workers, 60 s of query time per client per minute). Targets: light median at most 2× its idle median, p99 at most 100 ms, no failure.\n');
    const fairOurs = await startOurs(dist, { QUERY_QUEUE: '64', QUERY_TIMEOUT_MS: '30000', WORKER_MEMORY_MB: '512' });
    const fairnessMs = QUICK ? 4000 : 10_000;
    const oursFair = await fairnessTable(fairOurs.url, fairnessMs, 3000);
    await fairOurs.stop();
    const virtuosoFair = virtuoso ? await fairnessTable(virtuoso.url, fairnessMs, 3000) : [];
    const cell = (row: FairnessRow | undefined, idle: FairnessRow | undefined) => (row
      ? `${fmt(row.median, 1)} | ${fmt(row.p99, 1)} | ${row.failures} | ${fmt(ratio(row.median, idle!.median), 2)} | ${row.heavyDone}/${row.heavyFailed}`
      : ' | | | | ');
    say('| heavy clients | ours light median ms | ours p99 ms | ours light failures | ours median / idle | ours heavy done/refused | Virtuoso light median ms | Virtuoso p99 ms | Virtuoso light failures | Virtuoso median / idle | Virtuoso heavy done/refused |');
    say('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const [i, row] of oursFair.entries()) say(`| ${row.heavy} | ${cell(row, oursFair[0])} | ${cell(virtuosoFair[i], virtuosoFair[0])} |`);
    say(`\n${fairnessVerdict(oursFair)}`);

    clearInterval(peakSampler);
    say('\n## Memory (1×)\n');
    say(`- Our server: peak ${fmt(peakRss, 0)} MB RSS during the throughput runs, ${fmt(rssMb(ours.pid), 0)} MB after them (main thread plus 2 query workers, each holding the dataset).`);
    if (virtuoso) say(`- Virtuoso: ${fmt(rssMb(virtuoso.pid), 0)} MB RSS.`);

    if (SOAK_S > 0) {
      say(`\n## Soak: ${SOAK_S} s at concurrency 8, mixed workload\n`);
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(rssMb(ours.pid)), 10_000);
      const soak = await runLoad({ url: ours.url, concurrency: 8, durationMs: SOAK_S * 1000, next: mixedWorkload() });
      clearInterval(sampler);
      say(`${soak.requests} requests, ${fmt(soak.rps, 0)}/s, statuses ${JSON.stringify(soak.statuses)}, p50 ${fmt(soak.latencyMs.p50)} ms, p99 ${fmt(soak.latencyMs.p99)} ms.`);
      say(`RSS sampled every 10 s (MB): ${samples.map((m) => fmt(m, 0)).join(', ')}`);
    }
    }
    await bareNode.stop();
    await bareExpress.stop();
    await ours.stop();
    if (virtuoso) await virtuoso.stop();

    say('\n## Scaling with synthetic data (same shape, entity IRIs renamed per copy)\n');
    say('Build steps after compilation (SHACL validation, sorting, every dump) on the synthetic quads, to show how the build grows:\n');
    say('| size | quads | validate s | dumps s |');
    say('|---|---|---|---|');
    for (const factor of [1, ...SCALES.filter((f) => f > 1 && f <= 10)]) {
      const source = factor === 1 ? dist : join(OUT, 'scaling', `corpus-x${factor}`);
      if (factor !== 1) await syntheticCorpus(dist, factor, source);
      const t = await timeBuildSteps(join(source, 'delicacy.nq'), join(OUT, `rebuild-x${factor}`));
      say(`| ${factor}× | ${t.quads} | ${fmt(t.validateMs / 1000, 2)} | ${fmt(t.dumpsMs / 1000, 2)} |`);
    }
    say('\n## Corpus scaling: embedded and Virtuoso-backed, side by side\n');
    say('Synthetic corpora of 1 to 1000 articles (`delicacy corpus`), each on the embedded default (up to 100×) and on Virtuoso 7 behind our server (loaded with `delicacy load`).\n');
    await scalingTable({ dist, out: join(OUT, 'scaling'), factors: SCALES, embeddedMax: 100, withVirtuoso: WITH_VIRTUOSO, phaseMs: PHASE_MS, samples: SAMPLES, say });
  } finally {
    agent.destroy();
  }
  const report = lines.join('\n') + '\n';
  const suffix = process.env.BENCH_ONLY ? `-${process.env.BENCH_ONLY}` : '';
  writeFileSync(join(projectPath('bench'), `report-${date}${suffix}.md`), report);
  // Only a full run (every server, every phase) replaces the published report.
  if (QUICK || !WITH_VIRTUOSO) return void console.log(`\nReport written to bench/report-${date}${suffix}.md (a partial run: docs/ left unchanged)`);
  mkdirSync(projectPath('docs'), { recursive: true });
  writeFileSync(projectPath('docs', `benchmark${suffix}.md`), report);
  console.log(`\nReport written to bench/report-${date}${suffix}.md and docs/benchmark${suffix}.md`);
}

/** Which rows of the fairness table meet the targets, and for those that do not, which target they miss. */
function fairnessVerdict(rows: FairnessRow[]): string {
  const idle = rows[0];
  const missed = (row: FairnessRow) => [
    row.failures > 0 ? `${row.failures} light failures` : '',
    row.p99 > 100 ? `p99 ${fmt(row.p99, 1)} ms` : '',
    row.median > 2 * idle.median ? `median ${fmt(ratio(row.median, idle.median), 2)}× idle` : '',
  ].filter(Boolean);
  const met = rows.slice(1).filter((row) => missed(row).length === 0).map((row) => row.heavy);
  const notMet = rows.slice(1).filter((row) => missed(row).length > 0).map((row) => `${row.heavy} (${missed(row).join(', ')})`);
  return `Ours: targets **met** for ${met.length ? met.join(', ') : 'no number of'} heavy clients` +
    (notMet.length ? `; **not met** for ${notMet.join(', ')}.` : '.');
}

/** BENCH_ONLY=natural: the natural-query section alone, put into docs/benchmark.md in place of its previous version. */
async function naturalOnly(dist: string, date: string): Promise<void> {
  const ours = await startOurs(dist, ONE_CLIENT_LIMITS);
  const virtuoso = WITH_VIRTUOSO ? await startVirtuoso(join(OUT, 'virtuoso'), join(dist, 'delicacy.nq')) : undefined;
  try {
    const natural = await naturalPhase({ dist, out: OUT, ours, virtuoso, samples: NATURAL_SAMPLES, factor: 10, log: (line) => console.log(line) });
    const section = `${natural.markdown}\n\n(Run of ${date}; the other sections are from their own run.)`;
    writeFileSync(join(projectPath('bench'), `report-${date}-natural.md`), `${section}\n`);
    if (QUICK || !virtuoso) return void console.log(`\nReport written to bench/report-${date}-natural.md (a partial run: docs/ left unchanged)`);
    spliceSection(projectPath('docs', 'benchmark.md'), section);
    console.log(`\nReport written to bench/report-${date}-natural.md and its section of docs/benchmark.md`);
  } finally {
    closeNaturalAgent();
    await ours.stop();
    if (virtuoso) await virtuoso.stop();
  }
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
