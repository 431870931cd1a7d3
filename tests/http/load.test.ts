// Sustained load on a real server process: 60 s at concurrency 64 mixing lookups,
// competency-question queries and entity pages. No 5xx, no failed connection, and
// the server's memory after warm-up grows by less than the stated bound.

import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/model/paths.js';
import { testDist } from '../fixtures/testDist.js';
import { runLoad } from '../../bench/lib/load.js';
import { mixedWorkload } from '../../bench/lib/workload.js';

/** The bound on memory growth under load, after warm-up (README, "Reliability"). */
export const MEMORY_GROWTH_BOUND_MB = 150;
const SECONDS = Number(process.env.LOAD_TEST_SECONDS ?? 60);
/** About 20 s of this workload on an idle 2-core machine, by when RSS has levelled off. */
const WARMUP_REQUESTS = 60_000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

describe('load', () => {
  it(`${SECONDS} s at concurrency 64: no 5xx, memory growth under ${MEMORY_GROWTH_BOUND_MB} MB`, async () => {
    const child = spawn(process.execPath, [projectPath('bin', 'delicacy.js'), 'serve'], {
      cwd: projectPath(), env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REQUEST_LOG: 'false', QUERY_WORKERS: '2', QUERY_QUEUE: '256', DELICACY_DIST: testDist() },
    });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => { const m = /serving \d+ quads at (\S+)/.exec(output); if (m) resolve(m[1]); });
      child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    try {
      // Warm up at the measured concurrency, so worker heaps, socket buffers and the result
      // cache reach their working size (measured: RSS levels off after 15–20 s). Growth is peak
      // against peak: RSS swings by tens of MB with garbage collection, so comparing the run's peak
      // with one sample would count a swing as growth; what rises past the warm-up's peak is a leak.
      let peak = rssMb(child.pid!);
      const sampler = setInterval(() => { peak = Math.max(peak, rssMb(child.pid!)); }, 250);
      // Counted in requests, not seconds, so that a machine busy with other tests warms up as far.
      await runLoad({ url, concurrency: 64, durationMs: 60_000, maxRequests: WARMUP_REQUESTS, next: mixedWorkload() });
      const afterWarmup = peak;
      const result = await runLoad({ url, concurrency: 64, durationMs: SECONDS * 1000, next: mixedWorkload() });
      clearInterval(sampler);
      const growth = peak - afterWarmup;
      console.log(JSON.stringify({ load: { rps: Math.round(result.rps), requests: result.requests, statuses: result.statuses, latencyMs: result.latencyMs, warmupPeakRssMb: Math.round(afterWarmup), peakRssMb: Math.round(peak) } }));
      expect(result.errors).toBe(0);
      expect(Object.keys(result.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
      expect(result.statuses['200']).toBe(result.requests);
      expect(result.requests).toBeGreaterThan(SECONDS * 20);
      expect(growth).toBeLessThan(MEMORY_GROWTH_BOUND_MB);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, (SECONDS + 120) * 1000);
});
