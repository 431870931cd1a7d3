// Lookups answered by the query workers (MAIN_THREAD_STORE=off, the default for
// large releases, when the main thread holds no copy of the dataset) give the
// same descriptions, sitemap and service description as the main-thread copy,
// and survive a worker that dies while it holds lookups.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser, Writer } from 'n3';
import { startTestServer } from '../fixtures/testServer.js';
import { readSitemap } from '../fixtures/sitemap.js';
import { type RunningServer } from '../../src/http/server.js';
import { type WorkerPool } from '../../src/engine/embedded/workerPool.js';

let onMain: RunningServer;
let onWorkers: RunningServer;

beforeAll(async () => {
  [onMain, onWorkers] = await Promise.all([startTestServer({ mainThreadStore: 'on', workers: 1 }), startTestServer({ mainThreadStore: 'off', workers: 2 })]);
});
afterAll(async () => {
  await Promise.all([onMain?.close(), onWorkers?.close()]);
});

const triples = (turtle: string) => new Set(new Parser().parse(turtle).map((q) => new Writer({ format: 'N-Triples' }).quadToString(q.subject, q.predicate, q.object)));
const get = async (server: RunningServer, path: string, accept: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { Accept: accept } });
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('lookups from the query workers', () => {
  it('describe entities exactly as the main-thread copy does', async () => {
    for (const path of ['id/person/maiskii', 'id/claim/seeds-advises-caution', 'id/meeting/halifax-maiskii-1939-10-16', 'id/footnote/carley-1999/24', 'id/concept/side/soviet']) {
      const [a, b] = await Promise.all([get(onMain, path, 'text/turtle'), get(onWorkers, path, 'text/turtle')]);
      const main = triples(a);
      expect(main.size, path).toBeGreaterThan(3);
      expect(triples(b), path).toEqual(main);
    }
    const missing = await fetch(`${onWorkers.url}id/person/nobody-at-all`, { headers: { Accept: 'text/turtle' } });
    expect(missing.status).toBe(404);
  });

  it('give the same sitemap and service description (graph sizes)', async () => {
    const sitemap = async (server: RunningServer) => [...(await readSitemap(server.url)).texts.values()].map((text) => text.replaceAll(server.url, '/'));
    expect(await sitemap(onWorkers)).toEqual(await sitemap(onMain));
    // Its blank nodes are labelled afresh in each answer.
    const description = async (server: RunningServer) => (await get(server, 'sparql', 'application/n-triples')).replaceAll(server.url, 'http://here/')
      .replace(/_:\S+/g, '_:b').split('\n').sort();
    expect(await description(onWorkers)).toEqual(await description(onMain));
  });

  it('are answered by the replacement when the worker holding them is stopped', async () => {
    const server = await startTestServer({ mainThreadStore: 'off', workers: 1, maxWorkers: 1, queryTimeoutMs: 1500 });
    try {
      const pool = server.context.engine as WorkerPool;
      // The only worker runs a query that will be stopped at its time limit (which ends the worker)...
      const heavy = fetch(`${server.url}sparql?${new URLSearchParams({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }' })}`, { headers: { Accept: 'application/sparql-results+json' } });
      await new Promise((r) => setTimeout(r, 300));
      // ...while lookups wait for it.
      const lookups = Array.from({ length: 5 }, () => pool.lookup('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'));
      expect((await heavy).status).toBe(504);
      for (const json of await Promise.all(lookups)) expect(Number(JSON.parse(json).results.bindings[0].n.value)).toBeGreaterThan(30_000);
      expect(pool.counters.timedOut).toBe(1);
    } finally {
      await server.close();
    }
  });
});
