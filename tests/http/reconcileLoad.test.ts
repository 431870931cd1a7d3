// No reconciliation request can stall the server: while maximal batches (the most
// queries, each the longest name allowed, asking for the most candidates) are being
// matched, /health keeps answering at once; over-limit requests are refused
// without being matched; a match past its deadline is stopped. Real server on a free
// loopback port.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { startTestServer } from '../fixtures/testServer.js';
import { recordsOf } from '../fixtures/reconcileRecords.js';
import { type RunningServer } from '../../src/http/server.js';

let server: RunningServer;
// A long deadline: on a loaded machine the batches may take many seconds, and this test is about /health, not deadlines.
beforeAll(async () => { server = await startTestServer({ queryTimeoutMs: 120_000 }); });
afterAll(async () => { await server.close(); });

/** A name of exactly `chars` characters made of words from the dataset's own names, so every word finds candidates. */
function longName(words: string[], seed: number, chars: number): string {
  let name = '';
  for (let i = seed; name.length < chars; i++) name += `${words[(i * 7919) % words.length]} `;
  return name.slice(0, chars);
}

// /health is probed from a thread of its own, on a fixed schedule (every 10 ms whether
// or not earlier probes have answered): if the server's event loop were held up, every
// probe sent meanwhile would wait, and the percentiles would show it.
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const samples = [];
const pending = [];
let stop = false;
parentPort.on('message', () => { stop = true; });
const tick = () => {
  if (stop) { Promise.all(pending).then(() => parentPort.postMessage(samples)); return; }
  const sent = performance.now();
  pending.push(fetch(workerData.url).then((res) => res.text().then(() => samples.push({ ms: performance.now() - sent, status: res.status }))));
  setTimeout(tick, 10);
};
tick();`;

function probe(url: string): { stop(): Promise<{ ms: number; status: number }[]> } {
  const worker = new Worker(PROBER, { eval: true, workerData: { url } });
  return {
    stop: () => new Promise((resolve) => {
      worker.once('message', (samples) => { void worker.terminate(); resolve(samples); });
      worker.postMessage('stop');
    }),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

describe('reconciliation under load', () => {
  it('keeps /health prompt while maximal batches and the longest names are matched, and refuses what is over the limits', async () => {
    const { reconcileMaxBatch: batch, reconcileMaxNameChars: chars, reconcileMaxLimit: limit } = server.context.config;
    const words = [...new Set((await recordsOf(server.context.config.dist)).flatMap((r) => r.names.join(' ').split(/[\s,.;:()]+/)))].filter((w) => w.length > 3);
    const url = `${server.url}reconcile`;
    const bodies = {
      form: new URLSearchParams({ queries: JSON.stringify(Object.fromEntries(Array.from({ length: batch }, (_, i) => [`q${i}`, { query: longName(words, 1 + i, chars), limit }]))) }).toString(),
      json: JSON.stringify({ queries: Array.from({ length: batch }, (_, i) => ({ query: longName(words, 1000 + i, chars), limit })) }),
      tooMany: JSON.stringify({ queries: Array.from({ length: 2000 }, (_, i) => ({ query: longName(words, i, 40) })) }),
      tooLong: JSON.stringify({ queries: [{ query: longName(words, 7, 96 * 1024) }] }),
    };
    const prober = probe(`${server.url}health`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const send = async (body: string, type: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });
      return { status: res.status, text: await res.text(), ms: performance.now() - started };
    };
    // Two maximal batches (0.2 and 1.0 draft); over the limits, sent while they run: refused at once.
    const [form, json, tooMany, tooLong] = await Promise.all([
      send(bodies.form, 'application/x-www-form-urlencoded'), send(bodies.json, 'application/json'),
      send(bodies.tooMany, 'application/json'), send(bodies.tooLong, 'application/json'),
    ]);
    const samples = await prober.stop();

    expect(form.status).toBe(200);
    expect(Object.keys(JSON.parse(form.text))).toHaveLength(batch);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text).results).toHaveLength(batch);
    expect(tooMany.status).toBe(413);
    expect(tooMany.text).toMatch(/reconcile-max-batch/);
    expect(tooLong.status).toBe(413);
    expect(tooLong.text).toMatch(/reconcile-max-name-chars/);

    const during = samples.map((s) => s.ms).sort((a, b) => a - b);
    console.log(`reconciliation load: two batches of ${batch} queries × ${chars} characters answered after ${form.ms.toFixed(0)} and ${json.ms.toFixed(0)} ms; `
      + `${during.length} /health probes meanwhile (every 10 ms): median ${percentile(during, 0.5).toFixed(1)} ms, p95 ${percentile(during, 0.95).toFixed(1)} ms, `
      + `slowest ${during[during.length - 1].toFixed(1)} ms; over-limit refusals after ${tooMany.ms.toFixed(0)} and ${tooLong.ms.toFixed(0)} ms`);
    expect(samples.every((s) => s.status === 200)).toBe(true);
    expect(during.length).toBeGreaterThanOrEqual(20);
    expect(percentile(during, 0.95)).toBeLessThan(200);
    // A stall as long as the two batches would hold a probe for seconds; contention on a shared machine does not.
    expect(during[during.length - 1]).toBeLessThan(2000);
  });

  it('stops a match past its deadline, replaces the worker, and turns a full queue into 503', async () => {
    const strict = await startTestServer({ queryTimeoutMs: 40, queueLimit: 1 });
    try {
      const words = [...new Set((await recordsOf(strict.context.config.dist)).flatMap((r) => r.names.join(' ').split(/[\s,.;:()]+/)))].filter((w) => w.length > 3);
      const send = (seed: number) => fetch(`${strict.url}reconcile`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ queries: Array.from({ length: 100 }, (_, i) => ({ query: longName(words, seed + i, 500), limit: 100 })) }),
      });
      const answers = await Promise.all([send(1), send(500), send(900)]);
      const texts = await Promise.all(answers.map((res) => res.text()));
      expect(answers.map((res) => res.status)).toEqual([503, 503, 503]);
      for (const res of answers) expect(res.headers.get('retry-after')).toBeTruthy();
      expect(texts.some((t) => /longer than the limit of 0.04 s/.test(t))).toBe(true);
      expect(texts.some((t) => /queries are waiting, the limit is 1 \(setting QUERY_QUEUE\)/.test(t))).toBe(true);
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
