// Fair to every client (issue 11): a light client keeps its latency while other
// clients, each on its own loopback address, loop heavy queries. Every request
// carries fresh text, so no cache answers it. `npm test` runs this file on its own,
// after the others, so that other test files do not compete for the two cores.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:http';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';

const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a <https://w3id.org/delicacy/ontology#Meeting> }';
const LIGHT = 'SELECT * WHERE { ?s ?p ?o } LIMIT 1';

let server: RunningServer;
let counter = 0;

/** One GET of a query from a given local address; resolves with its status and milliseconds. */
function ask(query: string, agent: Agent): Promise<{ status: number; ms: number }> {
  const url = new URL(`${server.url}sparql`);
  url.search = new URLSearchParams({ query: `${query} # ${++counter}` }).toString();
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent, headers: { Accept: 'application/sparql-results+json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

const agentFor = (address: string) => new Agent({ keepAlive: true, localAddress: address });
const percentile = (values: number[], p: number) => { const sorted = [...values].sort((a, b) => a - b); return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]; };

async function lightFor(ms: number, agent: Agent): Promise<{ times: number[]; failures: number }> {
  const times: number[] = [];
  let failures = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const { status, ms: took } = await ask(LIGHT, agent);
    if (process.env.DEBUG_FAIRNESS && (took > 50 || status !== 200)) console.log('slow', status, took.toFixed(0), JSON.stringify(server.context.scheduler.status()), JSON.stringify(server.context.engine.status().workers));
    if (status === 200) times.push(took); else failures++;
  }
  return { times, failures };
}

/** Heavy clients, each looping its query until stopped; returns a stop function. */
function heavyClients(count: number): () => Promise<void> {
  let running = true;
  const loops = Array.from({ length: count }, async (_, i) => {
    const agent = agentFor(`127.0.0.${i + 2}`);
    while (running) await ask(HEAVY, agent);
    agent.destroy();
  });
  return async () => { running = false; await Promise.all(loops); };
}

describe('fairness under heavy clients', () => {
  beforeAll(async () => { server = await startTestServer({ clientQueryMsPerMinute: 60_000 }); });
  afterAll(async () => { await server.close(); });

  for (const heavy of [2, 4]) {
    it(`a light client's fresh queries keep their latency while ${heavy} heavy clients loop`, async () => {
      const light = agentFor('127.0.0.1');
      await lightFor(500, light); // warm
      const idle = await lightFor(3000, light);
      const stop = heavyClients(heavy);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // every heavy client has had a query turn long
      const loaded = await lightFor(5000, light);
      await stop();
      light.destroy();
      const report = { heavy, idleMedian: percentile(idle.times, 0.5), loadedMedian: percentile(loaded.times, 0.5), loadedP99: percentile(loaded.times, 0.99), requests: loaded.times.length };
      console.log(JSON.stringify(report));
      expect(idle.failures + loaded.failures).toBe(0);
      expect(loaded.times.length).toBeGreaterThan(100);
      expect(report.loadedMedian).toBeLessThanOrEqual(2 * report.idleMedian);
      expect(report.loadedP99).toBeLessThanOrEqual(100);
    });
  }
});
