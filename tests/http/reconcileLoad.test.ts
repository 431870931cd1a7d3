// No reconciliation request can stall the server: while maximal batches (the most
// queries, each the longest name allowed, asking for the most candidates) are being
// matched, /health keeps answering at once; over-limit requests are refused
// without being matched. Real server on a free loopback port.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

/** A name of exactly `chars` characters made of words from the dataset's own names, so every word finds candidates. */
function longName(words: string[], seed: number, chars: number): string {
  let name = '';
  for (let i = seed; name.length < chars; i++) name += `${words[(i * 7919) % words.length]} `;
  return name.slice(0, chars);
}

describe('reconciliation under load', () => {
  it('keeps /health prompt while maximal batches and the longest names are matched, and refuses what is over the limits', async () => {
    const { reconcileMaxBatch: batch, reconcileMaxNameChars: chars, reconcileMaxLimit: limit } = server.context.config;
    const words = [...new Set(server.context.reconcile.records.flatMap((r) => r.names.join(' ').split(/[\s,.;:()]+/)))].filter((w) => w.length > 3);
    const url = `${server.url}reconcile`;
    const maximal02 = (seed: number) => fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ queries: JSON.stringify(Object.fromEntries(Array.from({ length: batch }, (_, i) => [`q${i}`, { query: longName(words, seed + i, chars), limit }]))) }).toString(),
    });
    const maximal10 = (seed: number) => fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ queries: Array.from({ length: batch }, (_, i) => ({ query: longName(words, seed + i, chars), limit })) }),
    });

    // The server runs in this process: how long its event loop was ever held up.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    let busy = true;
    const batches = Promise.all([maximal02(1), maximal10(1000), maximal02(2000), maximal10(3000)].map(async (pending) => {
      const res = await pending;
      return { status: res.status, body: await res.json(), ms: performance.now() - started };
    })).finally(() => { busy = false; });
    // Over the limits, sent while the batches run: refused at once, never matched.
    const refused = Promise.all([
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ queries: Array.from({ length: 2000 }, (_, i) => ({ query: longName(words, i, 40) })) }) }),
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ queries: [{ query: longName(words, 7, 96 * 1024) }] }) }),
    ].map(async (pending) => {
      const res = await pending;
      return { status: res.status, text: await res.text(), ms: performance.now() - started };
    }));

    const health: number[] = [];
    while (busy) {
      const t = performance.now();
      const res = await fetch(`${server.url}health`);
      await res.text();
      expect(res.status).toBe(200);
      health.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const results = await batches;
    loop.disable();
    for (const result of results) {
      expect(result.status).toBe(200);
      const answers = 'results' in result.body ? result.body.results : Object.values(result.body);
      expect(answers).toHaveLength(batch);
    }
    const [tooMany, tooLong] = await refused;
    expect(tooMany.status).toBe(413);
    expect(tooMany.text).toMatch(/reconcile-max-batch/);
    expect(tooLong.status).toBe(413);
    expect(tooLong.text).toMatch(/reconcile-max-name-chars/);

    const slowest = Math.max(...health);
    const sorted = [...health].sort((a, b) => a - b);
    console.log(`reconciliation load: 4 batches of ${batch} queries × ${chars} characters done in ${results.map((r) => r.ms.toFixed(0)).join(', ')} ms; `
      + `${health.length} /health checks meanwhile, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms; `
      + `over-limit refusals after ${tooMany.ms.toFixed(0)} and ${tooLong.ms.toFixed(0)} ms; event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
    expect(health.length).toBeGreaterThanOrEqual(5);
    expect(slowest).toBeLessThan(200);
  });

  it('stops a match past its deadline, replaces the worker, and turns a full queue into 503', async () => {
    const strict = await startTestServer({ queryTimeoutMs: 40, queueLimit: 1 });
    try {
      const words = [...new Set(strict.context.reconcile.records.flatMap((r) => r.names.join(' ').split(/[\s,.;:()]+/)))].filter((w) => w.length > 3);
      const send = (seed: number) => fetch(`${strict.url}reconcile`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ queries: Array.from({ length: 100 }, (_, i) => ({ query: longName(words, seed + i, 500), limit: 100 })) }),
      });
      const answers = await Promise.all([send(1), send(500), send(900)]);
      const texts = await Promise.all(answers.map((res) => res.text()));
      expect(answers.map((res) => res.status)).toEqual([503, 503, 503]);
      for (const res of answers) expect(res.headers.get('retry-after')).toBeTruthy();
      expect(texts.some((t) => /longer than the limit of 0.04 s/.test(t))).toBe(true);
      expect(texts.some((t) => /already waiting \(the limit is 1\)/.test(t))).toBe(true);
      expect(strict.context.reconcile.counters.restarts).toBeGreaterThanOrEqual(1);
      // The replacement worker answers small requests in time.
      let status = 0;
      for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
        const res = await fetch(`${strict.url}reconcile?query=Maisky`);
        status = res.status;
        if (status === 200) expect((await res.json()).result[0].id).toBe('person/maiskii');
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
