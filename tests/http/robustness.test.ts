// Issue 11, "nothing a client sends takes the endpoint down": each point of the
// outside review as a test against the real server on loopback. (Fairness under
// load is tests/http/fairness.test.ts; reconciliation is tests/http/reconcile.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { entry, writeMiniData } from '../fixtures/miniData.js';
import { projectPath } from '../../src/model/paths.js';
import { build } from '../../src/build/pipeline.js';
import { type RunningServer } from '../../src/http/server.js';
import { type WorkerPool } from '../../src/engine/embedded/workerPool.js';

const ASK = 'ASK {}';
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
const sparql = (base: string, query: string, init: RequestInit & { accept?: string } = {}) =>
  fetch(`${base}sparql?${new URLSearchParams({ query })}`, { ...init, headers: { Accept: init.accept ?? 'application/sparql-results+json' } });
const deep = (levels: number) => `ASK ${'{'.repeat(levels)}${'}'.repeat(levels)}`;
/** 748 bytes of doubling CONCATs: one value of 80 MB. */
const DOUBLING = `SELECT (STRLEN(?v) AS ?len) ?v WHERE { BIND("${'x'.repeat(80)}" AS ?a0) ${Array.from({ length: 20 }, (_, i) => `BIND(CONCAT(?a${i}, ?a${i}) AS ?a${i + 1})`).join(' ')} BIND(?a20 AS ?v) }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function copyOfTestDist(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'delicacy-release-')), 'dist');
  cpSync(testDist(), dir, { recursive: true });
  return dir;
}

describe('inputs the engine cannot survive', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startTestServer({ maxResultBytes: 32 * 1024 * 1024 }); });
  afterAll(async () => { await server.close(); });

  it('1. deep nesting is refused up front (400 naming the limit); the workers survive and /ready tells the truth', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => sparql(server.url, deep(1000))));
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/MAX_QUERY_DEPTH/);
    }
    expect((await sparql(server.url, ASK)).status).toBe(200);
    const ready = await (await fetch(`${server.url}ready`)).json();
    expect(ready.ready).toBe(true);
    expect(ready.engine.capacity).toBe(2);
  });

  it('8. a 748-byte query whose one value would be 80 MB is refused before it runs, with a 4xx naming the byte limit', async () => {
    expect(Buffer.byteLength(DOUBLING)).toBeLessThan(1000);
    const started = performance.now();
    const huge = await sparql(server.url, DOUBLING);
    expect(huge.status).toBe(422);
    expect(await huge.text()).toMatch(/MAX_RESULT_BYTES/);
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await sparql(server.url, COUNT)).status).toBe(200);
  });

  it('4. memory is measured per worker: a worker that grew on a big result is recycled, and the queries after it are not stopped for memory', async () => {
    const small = await startTestServer({ workerMemoryMb: 256, workerRecycleMb: 10, maxResultBytes: 256 * 1024 * 1024 });
    try {
      const big = `SELECT ?v WHERE { BIND("${'y'.repeat(80)}" AS ?a0) ${Array.from({ length: 18 }, (_, i) => `BIND(CONCAT(?a${i}, ?a${i}) AS ?a${i + 1})`).join(' ')} BIND(?a18 AS ?v) }`;
      expect((await sparql(small.url, big)).status).toBe(200); // one value of 20 MB
      for (let i = 0; i < 3; i++) expect((await sparql(small.url, `${COUNT} # ${i}`)).status).toBe(200);
      await sleep(1500);
      expect((small.context.engine as WorkerPool).counters.recycled).toBeGreaterThanOrEqual(1);
      expect((small.context.engine as WorkerPool).counters.memoryKills).toBe(0);
      // The replacements come up: the pool is back to full strength.
      let capacity = 0;
      for (let i = 0; i < 50 && capacity !== 2; i++) {
        capacity = (await (await fetch(`${small.url}ready`)).json()).engine.capacity;
        if (capacity !== 2) await sleep(100);
      }
      expect(capacity).toBe(2);
    } finally {
      await small.close();
    }
  });

  it('8. rows are cut at the byte limit with the cut signalled, and the JSON stays valid', async () => {
    const tight = await startTestServer({ maxResultBytes: 4000 });
    try {
      const res = await sparql(tight.url, 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-result-truncated')).toBe('true');
      expect(res.headers.get('x-result-limit')).toBe('4000 bytes');
      const text = await res.text();
      expect(text.length).toBeLessThanOrEqual(4100);
      const json = JSON.parse(text);
      expect(json.truncated).toBe(true);
      expect(json.results.bindings.length).toBe(Number(res.headers.get('x-result-count')));
      // One row longer than the limit cannot be cut: refused, naming the limit.
      const tiny = await startTestServer({ maxResultBytes: 200, workers: 1 });
      try {
        const oneRow = await sparql(tiny.url, 'SELECT ?d WHERE { ?s dcterms:description ?d } ORDER BY DESC(STRLEN(?d)) LIMIT 1');
        expect(oneRow.status).toBe(422);
        expect(await oneRow.text()).toMatch(/single result row is larger than the limit of 200 bytes/);
      } finally {
        await tiny.close();
      }
      for (const accept of ['text/csv', 'text/tab-separated-values', 'application/sparql-results+xml', 'text/turtle']) {
        const query = accept === 'text/turtle' ? 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 500' : 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500';
        const cut = await sparql(tight.url, query, { accept });
        expect(cut.status, accept).toBe(200);
        expect(cut.headers.get('x-result-truncated'), accept).toBe('true');
        expect((await cut.text()).length, accept).toBeLessThanOrEqual(4100);
      }
    } finally {
      await tight.close();
    }
  });

  it('an engine fault ends its worker; the pool replaces it and the next query is answered', async () => {
    process.env.DELICACY_FAULT_INJECTION = '1';
    const faulty = await startTestServer({ workers: 1 });
    delete process.env.DELICACY_FAULT_INJECTION;
    try {
      const trap = await sparql(faulty.url, `${ASK} #delicacy:engine-trap`);
      expect(trap.status).toBe(500);
      expect(await trap.text()).toMatch(/engine failed.*replaced/);
      expect((await sparql(faulty.url, ASK)).status).toBe(200);
      expect((faulty.context.engine as WorkerPool).counters.restarts).toBe(1);
    } finally {
      await faulty.close();
    }
  });
});

describe('serving survives rebuilds, a missing release, and failing workers', () => {
  it('5. a replacement worker loads the release the server started with, even when dist/ is gone', async () => {
    process.env.DELICACY_FAULT_INJECTION = '1';
    const dist = copyOfTestDist();
    const server = await startTestServer({ workers: 1, dist });
    delete process.env.DELICACY_FAULT_INJECTION;
    try {
      rmSync(dist, { recursive: true });
      expect((await sparql(server.url, `${ASK} #delicacy:crash-worker`)).status).toBe(500);
      const count = await sparql(server.url, COUNT);
      expect(count.status).toBe(200);
      expect(Number((await count.json()).results.bindings[0].n.value)).toBeGreaterThan(server.context.manifest.quads - 1);
    } finally {
      await server.close();
    }
  });

  it('5. workers that cannot start are retried with back-off, not in a loop; /ready says so; waiting queries get 503 in time', async () => {
    process.env.DELICACY_FAULT_INJECTION = '1';
    const server = await startTestServer({ workers: 1, maxWorkers: 1, queueTimeoutMs: 1500 });
    delete process.env.DELICACY_FAULT_INJECTION;
    try {
      // The pinned release disappears (as if its disk failed): no replacement can load it.
      rmSync(server.context.config.dist, { recursive: true });
      expect((await sparql(server.url, `${ASK} #delicacy:crash-worker`)).status).toBe(500);
      const started = performance.now();
      const waiting = await sparql(server.url, `${ASK} # waits`);
      expect(waiting.status).toBe(503);
      expect(waiting.headers.get('retry-after')).toBeTruthy();
      expect(performance.now() - started).toBeLessThan(5000);
      const ready = await fetch(`${server.url}ready`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).engine.detail).toMatch(/failed to start/);
      await sleep(2500);
      const pool = server.context.engine as WorkerPool;
      expect(pool.counters.spawnFailures).toBeGreaterThanOrEqual(1);
      expect(pool.counters.spawnFailures).toBeLessThanOrEqual(5);
    } finally {
      await server.close();
    }
  });

  it('6. npm start after a bad data edit serves the last good build, and says so', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'delicacy-stale-')), 'dist');
    const good = writeMiniData();
    await build({ dataDir: good, outDir: out });
    const bad = writeMiniData((d) => { delete entry(d.claims, 'claim-soviet').source; });
    const child = spawn(process.execPath, [projectPath('bin', 'delicacy.js'), 'serve', '--build', '--data', bad, '--dist', out, '--port', '0', '--workers', '1', '--no-request-log'], { cwd: projectPath() });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => { const m = /serving \d+ quads at (\S+)/.exec(output); if (m) resolve(m[1]); });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      expect(output).toMatch(/THE BUILD FAILED; SERVING THE LAST GOOD BUILD/);
      expect(output).toMatch(/claim-soviet: \[Claim-source\]/);
      const ready = await (await fetch(`${url}ready`)).json();
      expect(ready.stale).toMatch(/latest build failed/);
      expect((await sparql(url, ASK)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('11. a build killed midway leaves nothing behind for long: the next build removes its folders', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'delicacy-killed-'));
    mkdirSync(join(parent, 'dist.tmp-999999'));
    writeFileSync(join(parent, 'dist.tmp-999999', 'delicacy.nq'), 'half');
    await build({ dataDir: writeMiniData(), outDir: join(parent, 'dist') });
    expect(existsSync(join(parent, 'dist.tmp-999999'))).toBe(false);
    expect(existsSync(join(parent, 'dist', 'manifest.json'))).toBe(true);
  });
});

describe('SERVICE and security headers', () => {
  let server: RunningServer;
  let canary: Server;
  let connections = 0;
  let canaryPort: number;
  beforeAll(async () => {
    server = await startTestServer({ serviceAllowlist: ['allowed.example'] });
    canary = createServer((socket) => { connections++; socket.destroy(); });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryPort = (canary.address() as AddressInfo).port;
  });
  afterAll(async () => { await server.close(); canary.close(); });

  it('7. every way of writing SERVICE to an address not allowed is refused, SILENT too; no connection is made', async () => {
    const target = `http://127.0.0.1:${canaryPort}/`;
    const queries = [
      `SELECT * { SERVICE<${target}>{ ?s ?p ?o } }`,
      `SELECT * { SERVICE SILENT <${target}> { ?s ?p ?o } }`,
      `BASE <${target}> SELECT * { SERVICE <sparql> { ?s ?p ?o } }`,
      `BASE <http://allowed.example/> SELECT * { SERVICE SILENT <//127.0.0.1:${canaryPort}/> { ?s ?p ?o } }`,
      `SELECT * { BIND(<${target}> AS ?v) SERVICE ?v { ?s ?p ?o } }`,
      `SELECT * { BIND(<${target}> AS ?v) SERVICE SILENT ?v { ?s ?p ?o } }`,
    ];
    for (const query of queries) {
      const res = await sparql(server.url, query);
      expect(res.status, query).toBe(403);
    }
    expect(connections).toBe(0);
  });

  it('9. every route sends security headers; a reflected format= is inert', async () => {
    for (const path of ['', 'sparql', `sparql?${new URLSearchParams({ query: ASK })}`, 'id/person/maiskii', 'dumps/', 'health', 'metrics', 'no/such/page', 'views/network']) {
      const res = await fetch(`${server.url}${path}`, { headers: { Accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self'/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBeTruthy();
    }
    const reflected = await fetch(`${server.url}sparql?query=${encodeURIComponent(ASK)}&format=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(reflected.status).toBe(406);
    expect(reflected.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(reflected.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('11. pages that name the Host they were asked for vary by Host (without PUBLIC_URL)', async () => {
    const res = await fetch(`${server.url}id/person/maiskii`, { headers: { Accept: 'text/turtle' } });
    expect(res.headers.get('vary')).toMatch(/Host/i);
  });

  it('11. a raw < in an entity path is called what it is, not malformed percent-encoding', async () => {
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => { text += chunk; });
      socket.on('end', () => resolve(text));
      socket.write('GET /id/person/<maiskii> HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\nConnection: close\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1.1 400/);
    expect(answer).toMatch(/cannot be part of an IRI/);
    expect(answer).not.toMatch(/percent-encoding/);
  });

  it('/metrics tells an operator requests, query outcomes by rule, the queue and the workers', async () => {
    await sparql(server.url, ASK);
    await sparql(server.url, deep(500));
    const text = await (await fetch(`${server.url}metrics`)).text();
    expect(text).toMatch(/delicacy_http_requests_total\{route="\/sparql",method="GET",status="200"\} \d+/);
    expect(text).toMatch(/delicacy_queries_total\{outcome="ok",rule=""\} \d+/);
    expect(text).toMatch(/delicacy_queries_total\{outcome="refused",rule="depth"\} [1-9]/);
    expect(text).toMatch(/delicacy_query_queue_length \d+/);
    expect(text).toMatch(/delicacy_workers\{state="ready"\} 2/);
    expect(text).toMatch(/delicacy_worker_events\{event="restarts"\} \d+/);
  });
});

describe('command line and dependencies', () => {
  it('11. a stray argument to serve is an error (exit 2); switches turn off with --no-', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [projectPath('bin', 'delicacy.js'), ...args], { encoding: 'utf8', cwd: projectPath(), timeout: 20_000 });
    const stray = cli('serve', '--request-log', 'false', '--dist', join(tmpdir(), 'no-such-dist'));
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/Unexpected argument 'false'.*--no-request-log/);
    const badEnv = spawnSync(process.execPath, [projectPath('bin', 'delicacy.js'), 'serve'], { encoding: 'utf8', cwd: projectPath(), env: { ...process.env, REQUEST_LOG: 'maybe' }, timeout: 20_000 });
    expect(badEnv.status).toBe(2);
    expect(badEnv.stderr).toMatch(/REQUEST_LOG must be true or false/);
  });

  it('11. every runtime dependency is used by the service (tests-only packages are dev dependencies)', () => {
    const pkg = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const projectSources = spawnSync('grep', ['-rh', 'projectPath(', projectPath('src')], { encoding: 'utf8' }).stdout;
    const sources = spawnSync('grep', ['-rhoE', "from '[^']+'|import\\('[^']+'\\)|require\\('[^']+'\\)|node_modules/[^'\"]+", projectPath('src'), projectPath('bin')], { encoding: 'utf8' }).stdout;
    for (const name of Object.keys(pkg.dependencies)) {
      const asPath = `'${name.split('/').join("', '")}'`;
      expect(sources.includes(`'${name}'`) || sources.includes(`'${name}/`) || projectSources.includes(asPath), name).toBe(true);
    }
    expect(pkg.dependencies.jsonld).toBeUndefined();
  });
});
