// Faults and overload: a crashed worker is replaced and its request answered
// 500 once; a missing or corrupt dataset stops the server from starting; SIGTERM
// drains in-flight requests; a full queue gives 503 with Retry-After while health
// and entity pages keep answering; rate limiting gives 429.

import { type WorkerPool } from '../../src/engine/embedded/workerPool.js';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { projectPath } from '../../src/model/paths.js';
import { DatasetUnavailableError } from '../../src/store/loadDataset.js';

const ASK = 'PREFIX dly: <https://w3id.org/delicacy/ontology#> ASK { ?m a dly:Meeting }';
const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
const sparql = (base: string, query: string) => fetch(`${base}sparql?${new URLSearchParams({ query })}`, { headers: { Accept: 'application/sparql-results+json' } });

function serve(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [projectPath('bin', 'delicacy.js'), 'serve', ...args], {
    cwd: projectPath(), env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REQUEST_LOG: 'false', QUERY_WORKERS: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (c) => { output += c; });
  child.stderr.on('data', (c) => { output += c; });
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => { const m = /serving \d+ quads at (\S+)/.exec(output); if (m) resolve(m[1]); });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, started, output: () => output };
}

describe('faults', () => {
  it('replaces a crashed worker; its request is answered 500 once, the next normally', async () => {
    process.env.DELICACY_FAULT_INJECTION = '1';
    const server = await startTestServer({ workers: 1 });
    delete process.env.DELICACY_FAULT_INJECTION;
    try {
      const crash = await sparql(server.url, `${ASK} #delicacy:crash-worker`);
      expect(crash.status).toBe(500);
      expect(await crash.text()).toMatch(/stopped unexpectedly.*replaced/);
      const next = await sparql(server.url, ASK);
      expect(next.status).toBe(200);
      expect((server.context.engine as WorkerPool).counters.restarts).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('refuses to start without a dataset, or with a corrupt one, with a clear message and a non-zero exit', async () => {
    await expect(startTestServer({ dist: join(tmpdir(), 'no-dataset-here') })).rejects.toBeInstanceOf(DatasetUnavailableError);
    const missing = serve({ DELICACY_DIST: join(tmpdir(), 'no-dataset-here') });
    const [missingCode] = await once(missing.child, 'exit');
    expect(missingCode).toBe(3);
    expect(missing.output()).toMatch(/No built dataset/);
    missing.started.catch(() => undefined);

    const corrupt = join(mkdtempSync(join(tmpdir(), 'delicacy-corrupt-')), 'dist');
    cpSync(testDist(), corrupt, { recursive: true });
    truncateSync(join(corrupt, 'delicacy.nq'), 100_000);
    const broken = serve({ DELICACY_DIST: corrupt });
    const [brokenCode] = await once(broken.child, 'exit');
    expect(brokenCode).toBe(3);
    expect(broken.output()).toMatch(/corrupt|quads but the manifest says/);
    broken.started.catch(() => undefined);
  });

  it('on SIGTERM, finishes the requests in flight, then exits 0', async () => {
    const { child, started } = serve({ DELICACY_DIST: testDist(), QUERY_TIMEOUT_MS: '20000' });
    const url = await started;
    const slowQuery = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a <https://w3id.org/delicacy/ontology#Meeting> }';
    const inFlight = sparql(url, slowQuery);
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(Number((await res.json()).results.bindings[0].n.value)).toBeGreaterThan(100_000);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

describe('overload', () => {
  it('a full queue gets 503 with Retry-After, while health and entity pages keep answering', async () => {
    const server = await startTestServer({ workers: 1, queueLimit: 1, queryTimeoutMs: 3000 });
    try {
      const heavy = [sparql(server.url, HEAVY), sparql(server.url, `${HEAVY} LIMIT 1`), sparql(server.url, `${HEAVY} LIMIT 2`), sparql(server.url, `${HEAVY} LIMIT 3`)];
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Neither waits for the saturated pool (whose queries take seconds); the page's own rendering is main-thread work.
      let started = performance.now();
      const health = await fetch(`${server.url}health`);
      expect(performance.now() - started).toBeLessThan(1000);
      started = performance.now();
      const page = await fetch(`${server.url}id/person/maiskii`, { headers: { Accept: 'text/turtle' } });
      expect(performance.now() - started).toBeLessThan(2500);
      expect(health.status).toBe(200);
      expect(page.status).toBe(200);
      const statuses = await Promise.all(heavy.map(async (p) => {
        const res = await p;
        return { status: res.status, retry: res.headers.get('retry-after') };
      }));
      const refused = statuses.filter((s) => s.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(2);
      expect(refused.every((s) => Number(s.retry) > 0)).toBe(true);
      expect(statuses.filter((s) => s.status === 504).length).toBeGreaterThanOrEqual(1);
      expect((await sparql(server.url, ASK)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('rate limiting per client address gives 429 with Retry-After; health is exempt', async () => {
    const server = await startTestServer({ rateLimitPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await sparql(server.url, ASK)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const limited = await sparql(server.url, ASK);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(await limited.text()).toMatch(/Too many requests/);
      expect((await fetch(`${server.url}health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
