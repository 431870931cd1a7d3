// Hostile and broken clients against the real server. Each case gets a clear
// 4xx/503/504 with a message, the server stays up, and the next ordinary query
// is answered. No connection ever leaves the process (a listener counts them).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type Server, type AddressInfo } from 'node:net';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';

let server: RunningServer;
let base: string;
let port: number;
let canary: Server;
let canaryConnections = 0;
let canaryPort: number;

const ORDINARY = 'PREFIX dly: <https://w3id.org/delicacy/ontology#> ASK { ?m a dly:Meeting }';

async function stillServing(): Promise<void> {
  const res = await fetch(`${base}sparql?${new URLSearchParams({ query: ORDINARY })}`, { headers: { Accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  expect((await res.json()).boolean).toBe(true);
  expect((await fetch(`${base}health`)).status).toBe(200);
}

/** Sends raw bytes and returns what the server answered (status line and body), or '' if it closed. */
function raw(payload: string | Buffer, options: { dribble?: string; dribbleMs?: number; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk) => { answer += chunk.toString('latin1'); });
    socket.on('close', () => { clearInterval(timer); resolve(answer); });
    socket.on('error', () => undefined);
    socket.write(payload);
    if (options.dribble) timer = setInterval(() => { if (!socket.destroyed) socket.write(options.dribble!); }, options.dribbleMs ?? 500);
    setTimeout(() => { clearInterval(timer); socket.destroy(); }, options.waitMs ?? 10_000);
  });
}

const query = (text: string, accept = 'application/sparql-results+json') =>
  fetch(`${base}sparql`, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: accept }, body: text });

beforeAll(async () => {
  canary = createServer((socket) => { canaryConnections++; socket.destroy(); });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryPort = (canary.address() as AddressInfo).port;
  server = await startTestServer({ queryTimeoutMs: 3000, requestTimeoutMs: 2000, maxQueryBytes: 100_000, workers: 2 });
  base = server.url;
  port = Number(new URL(base).port);
});
afterAll(async () => {
  await server.close();
  canary.close();
});

describe('heavy queries', () => {
  it('a cartesian product over the whole store is stopped at the time limit', async () => {
    const res = await query('SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');
    expect(res.status).toBe(504);
    expect(await res.text()).toMatch(/time/i);
    await stillServing();
  });

  it('deeply nested sub-queries and unbounded property paths are answered or stopped in time', async () => {
    let nested = 'SELECT ?s WHERE { ?s ?p ?o }';
    for (let i = 0; i < 40; i++) nested = `SELECT ?s WHERE { { ${nested} } }`;
    const deep = await query(nested);
    expect([200, 400, 504]).toContain(deep.status);
    const started = Date.now();
    const path = await query('SELECT (COUNT(*) AS ?n) WHERE { ?x (<urn:p>|^<urn:p>|!<urn:none>|^!<urn:none>)* ?y }');
    expect([200, 504]).toContain(path.status);
    expect(Date.now() - started).toBeLessThan(8000);
    await stillServing();
  });

  it('a huge VALUES block within the size limit is answered; over it, 413', async () => {
    const values = Array.from({ length: 4000 }, (_, i) => `"v${i}"`).join(' ');
    const ok = await query(`SELECT (COUNT(*) AS ?n) WHERE { VALUES ?v { ${values} } }`);
    expect(ok.status).toBe(200);
    expect((await ok.json()).results.bindings[0].n.value).toBe('4000');
    const tooBig = Array.from({ length: 20000 }, (_, i) => `"value-${i}"`).join(' ');
    const res = await query(`SELECT * WHERE { VALUES ?v { ${tooBig} } }`);
    expect(res.status).toBe(413);
    await stillServing();
  });

  it('a catastrophic regular expression does not hang (linear-time regex engine)', async () => {
    const started = Date.now();
    const res = await query(`PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l FILTER(REGEX(CONCAT(?l, "${'a'.repeat(40)}!"), "^(a+)+$")) }`);
    expect([200, 504]).toContain(res.status);
    expect(Date.now() - started).toBeLessThan(5000);
    await stillServing();
  });
});

describe('oversized and malformed requests', () => {
  it('a 10 MB query body gets 413', async () => {
    const res = await query(`SELECT * WHERE { ?s ?p ?o } #${'x'.repeat(10 * 1024 * 1024)}`);
    expect(res.status).toBe(413);
    await stillServing();
  });

  it('a 100 kB URL gets 414 or 431', async () => {
    const answer = await raw(`GET /sparql?query=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, { waitMs: 3000 });
    expect(answer).toMatch(/^HTTP\/1\.1 (414|431)/);
    await stillServing();
  });

  it('malformed percent-encoding gets 400 (or 404 for a path that names nothing)', async () => {
    const answer = await raw('GET /sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { waitMs: 3000 });
    expect(answer).toMatch(/^HTTP\/1\.1 (400|404)/);
    const path = await raw('GET /id/person/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { waitMs: 3000 });
    expect(path).toMatch(/^HTTP\/1\.1 (400|404)/);
    await stillServing();
  });

  it('wrong and missing content types get 415, an unsupported Accept 406', async () => {
    const wrong = await fetch(`${base}sparql`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: ORDINARY });
    expect(wrong.status).toBe(415);
    const missing = await raw(`POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: ${ORDINARY.length}\r\nConnection: close\r\n\r\n${ORDINARY}`, { waitMs: 3000 });
    expect(missing).toMatch(/^HTTP\/1\.1 415/);
    const accept = await query(ORDINARY, 'application/vnd.ms-excel');
    expect(accept.status).toBe(406);
    await stillServing();
  });

  it('a flood of headers gets 431', async () => {
    const headers = Array.from({ length: 3000 }, (_, i) => `X-Flood-${i}: ${'y'.repeat(20)}`).join('\r\n');
    const answer = await raw(`GET /health HTTP/1.1\r\nHost: x\r\n${headers}\r\n\r\n`, { waitMs: 3000 });
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    await stillServing();
  });

  it('a request body dribbled slowly is cut off with 408', async () => {
    const body = 'query=SELECT%20*%20WHERE%20%7B%7D';
    const answer = await raw(`POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length + 1000}\r\n\r\nq`,
      { dribble: 'u', dribbleMs: 300, waitMs: 8000 });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    await stillServing();
  });
});

describe('no connection leaves the process', () => {
  it('SERVICE to loopback, private and link-local addresses is refused without connecting', async () => {
    const targets = [`http://127.0.0.1:${canaryPort}/sparql`, `http://localhost:${canaryPort}/`, 'http://10.0.0.1/sparql', 'http://192.168.1.1/sparql',
      'http://169.254.169.254/latest/meta-data/', 'http://[::1]:80/', `http://127.0.0.1:${port}/sparql`];
    for (const target of targets) {
      for (const form of [`SELECT * WHERE { SERVICE <${target}> { ?s ?p ?o } }`, `SELECT * WHERE { SERVICE SILENT <${target}> { ?s ?p ?o } }`]) {
        const res = await query(form);
        expect(res.status, form).toBe(403);
      }
    }
    expect(canaryConnections).toBe(0);
    await stillServing();
  });

  it('updates in every protocol form are refused, LOAD included, without connecting', async () => {
    const load = `LOAD <http://127.0.0.1:${canaryPort}/data.ttl>`;
    const attempts = [
      fetch(`${base}sparql`, { method: 'POST', headers: { 'Content-Type': 'application/sparql-update' }, body: load }),
      fetch(`${base}sparql`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ update: load }).toString() }),
      fetch(`${base}sparql?${new URLSearchParams({ update: 'DROP ALL' })}`),
      query('INSERT DATA { <urn:a> <urn:b> <urn:c> }'),
      query('WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }'),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(403);
    expect(canaryConnections).toBe(0);
    await stillServing();
  });
});
