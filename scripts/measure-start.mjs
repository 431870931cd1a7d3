#!/usr/bin/env node
// Measures a server's start: time from launch to /ready 200, to the first
// successful reconciliation answer and to the first search answer (each with
// the peak resident memory of the whole process, all threads: VmHWM, so far). Used for the
// figures in docs/scaling.md ("The embedded default, leaner"):
//
//   node scripts/measure-start.mjs --dist /tmp/corpus-x100 [--workers 2] [--port 3977] [--settle-ms 5000] [--root DIR]
//
// --root runs another checkout's server (e.g. the previous commit's, to compare).
// With each first answer it gives the CPU time the process has used so far (all
// threads) and the most one thread used: on a machine shared with other work the
// wall times stretch, and the busiest thread's CPU time is what a start on an
// idle machine with enough cores could not go below.
//
// The server runs with the given workers and no request log; after the last
// first answer it is left to settle (background work such as the search index
// finishing) before its peak memory is read, then it is stopped with SIGTERM.

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: {
  dist: { type: 'string' }, workers: { type: 'string', default: '2' }, port: { type: 'string', default: '3977' },
  'settle-ms': { type: 'string', default: '5000' }, name: { type: 'string', default: 'Maisky' }, root: { type: 'string' },
} });
if (!values.dist) { console.error('Give --dist DIR (a built release or a corpus from `delicacy corpus`).'); process.exit(2); }

const bin = values.root ? join(values.root, 'bin', 'delicacy.js') : fileURLToPath(new URL('../bin/delicacy.js', import.meta.url));
const base = `http://127.0.0.1:${values.port}/`;
const launched = performance.now();
const load = loadavg().map((l) => l.toFixed(1)).join(' ');
const child = spawn(process.execPath, [bin, 'serve', '--dist', values.dist, '--workers', values.workers, '--port', values.port], {
  env: { ...process.env, REQUEST_LOG: 'false' }, stdio: ['ignore', 'ignore', 'inherit'],
});
const exited = new Promise((resolve) => child.once('exit', resolve));

const memory = () => {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { peakMb: Math.round(kb('VmHWM') / 1024), nowMb: Math.round(kb('VmRSS') / 1024) };
  } catch { return { peakMb: NaN, nowMb: NaN }; }
};

/** CPU seconds used by the process (all threads) and by its busiest thread. */
const cpu = () => {
  const seconds = (stat) => { const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
  try {
    const threads = readdirSync(`/proc/${child.pid}/task`).map((t) => { try { return seconds(readFileSync(`/proc/${child.pid}/task/${t}/stat`, 'utf8')); } catch { return 0; } });
    return { cpuS: Number(seconds(readFileSync(`/proc/${child.pid}/stat`, 'utf8')).toFixed(1)), busiestThreadCpuS: Number(Math.max(...threads).toFixed(1)) };
  } catch { return {}; }
};

async function firstOk(path, check = () => true) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(base + path);
      const body = await res.text();
      if (res.ok && check(body)) return { s: Number(((performance.now() - launched) / 1000).toFixed(1)), peakMb: memory().peakMb, ...cpu() };
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

try {
  const [ready, reconcile, search] = await Promise.all([
    firstOk('ready'),
    firstOk(`reconcile?query=${encodeURIComponent(values.name)}`, (body) => JSON.parse(body).result?.length > 0),
    firstOk(`search?q=${encodeURIComponent(values.name)}&format=json`),
  ]);
  await new Promise((resolve) => setTimeout(resolve, Number(values['settle-ms'])));
  const settled = memory();
  console.log(JSON.stringify({
    dist: values.dist, workers: Number(values.workers), loadAverageAtLaunch: load, loadAverageAtEnd: loadavg().map((l) => l.toFixed(1)).join(' '),
    ready, firstReconcile: reconcile, firstSearch: search, peakRssMb: settled.peakMb, rssMbAfterSettling: settled.nowMb,
  }));
} finally {
  child.kill('SIGTERM');
  await exited;
}
