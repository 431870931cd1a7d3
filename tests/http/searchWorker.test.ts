// Site search in its own worker thread, against the real built release and the
// real server on a free port: answers through the worker are the in-process
// index's; the server's event loop answers /health, pages and SPARQL while a
// search holds the search thread; a crashed search worker is replaced and its
// request answered; clients take fair turns; a large release's index file is
// held open once per loaded index and closed with it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSearchIndex } from '../../src/search/build.js';
import { SEARCH_INDEX_FILE, SearchIndex, type SearchAnswer } from '../../src/search/searchIndex.js';
import { type SearchDoc } from '../../src/search/documents.js';
import { searchRouter } from '../../src/http/search/router.js';
import { type AppContext, type ReleaseSwitch } from '../../src/http/context.js';
import { Scheduler } from '../../src/query/schedule/scheduler.js';
import express from 'express';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { SearchService } from '../../src/http/search/service.js';
import { type RunningServer } from '../../src/http/server.js';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';

let index: SearchIndex;
let server: RunningServer;
let folder: string;

beforeAll(async () => {
  index = readSearchIndex(testDist())!;
  folder = mkdtempSync(join(tmpdir(), 'search-worker-'));
  // Only this server's search worker reads the fault-injection switch (when it starts).
  process.env.DELICACY_FAULT_INJECTION = '1';
  try {
    server = await startTestServer({ trustProxy: true, workers: 1 });
  } finally {
    delete process.env.DELICACY_FAULT_INJECTION;
  }
});
afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

const searchUrl = (q: string, limit = 50) => `${server.url}search?${new URLSearchParams({ q, limit: String(limit), format: 'json' })}`;
const search = (q: string, client = '192.0.2.1', limit = 50) => fetch(searchUrl(q, limit), { headers: { 'X-Forwarded-For': client } });

/** The in-process index's answer as /search gives it in JSON. */
function asJson(answer: SearchAnswer) {
  return {
    query: answer.query, total: answer.total,
    groups: answer.groups.map((g) => ({ title: g.title, total: g.total, hits: g.hits.map((h) => ({ iri: h.iri, label: h.label, kind: h.kind, edtf: h.date, description: h.description, matched: h.why })) })),
  };
}
function fromJson(body: { query: string; total: number; groups: { title: string; total: number; hits: Record<string, unknown>[] }[] }) {
  return {
    query: body.query, total: body.total,
    groups: body.groups.map((g) => ({ title: g.title, total: g.total, hits: g.hits.map(({ iri, label, kind, edtf, description, matched }) => ({ iri, label, kind, edtf, description, matched })) })),
  };
}

/** A search that holds the search thread (busy) until `release` is called; `held` resolves once it does. */
function heldSearch(name: string, client = '192.0.2.1') {
  const marker = join(folder, name);
  const response = search(`Maiskii #delicacy:hold-search=${marker}`, client);
  let settled = false;
  void response.then(() => { settled = true; }, () => { settled = true; });
  return {
    response,
    settled: () => settled,
    held: async () => { while (!existsSync(`${marker}.held`) && !settled) await new Promise((r) => setTimeout(r, 10)); },
    release: () => writeFileSync(marker, ''),
  };
}

describe('site search in a worker thread', () => {
  it('answers through the worker exactly as the index in this thread does', async () => {
    const queries = ['Maisky', 'Майский', 'maisk', 'Molotow', 'Halifax', 'FO 371/23682', 'N5342/92/38', 'DVP XXII/2 190', 'fn 38', 'II.26', 'Q134949',
      'trade negotiations', 'prepared to do more in the direction of improving trade', 'Winter War', 'memorandum', 'xyzzy', `${'Seeds '.repeat(60)}`];
    for (const q of queries) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
      expect(fromJson(await res.json()), q).toEqual(asJson(index.search(q, 50)));
    }
  });

  it('keeps answering /health, pages and SPARQL while a search holds the search thread', async () => {
    const long = heldSearch('long');
    await long.held();
    // Had the search run on this thread, nothing below would be answered before it (and it waits for them).
    expect(long.settled()).toBe(false);
    expect((await fetch(`${server.url}health`)).status).toBe(200);
    expect((await fetch(`${server.url}id/person/maiskii`, { headers: { Accept: 'text/html' } })).status).toBe(200);
    const ask = await fetch(`${server.url}sparql?${new URLSearchParams({ query: 'ASK { ?s ?p ?o }' })}`, { headers: { Accept: 'application/sparql-results+json' } });
    expect(ask.status).toBe(200);
    expect(long.settled()).toBe(false);
    long.release();
    const res = await long.response;
    expect(res.status).toBe(200);
    expect((await res.json()).total).toBeGreaterThan(0);
  });

  it('gives clients fair turns: one client queueing searches does not keep another waiting behind all of them', async () => {
    const heavy = heldSearch('fair', '192.0.2.10');
    await heavy.held();
    const order: string[] = [];
    const more = [1, 2, 3].map((i) => search(`Halifax ${i}`, '192.0.2.10').then((r) => { order.push(`heavy ${i}`); return r.status; }));
    while (server.context.searchScheduler.status().queued < 3) await new Promise((r) => setTimeout(r, 10));
    const other = search('Molotov', '192.0.2.20').then((r) => { order.push('other'); return r.status; });
    while (server.context.searchScheduler.status().queued < 4) await new Promise((r) => setTimeout(r, 10));
    heavy.release();
    expect([(await heavy.response).status, ...await Promise.all(more), await other]).toEqual([200, 200, 200, 200, 200]);
    // The other client had used no search time: its search comes next.
    expect(order[0]).toBe('other');
  });

  it('replaces a crashed search worker: its request is answered with an error, the next ones as before', async () => {
    const crash = await search('Maiskii #delicacy:crash-search');
    expect(crash.status).toBe(503);
    expect(crash.headers.get('retry-after')).toBeTruthy();
    expect(await crash.text()).toMatch(/search worker stopped unexpectedly/);
    const next = await search('Maisky');
    expect(next.status).toBe(200);
    expect(fromJson(await next.json())).toEqual(asJson(index.search('Maisky', 50)));
    // What an operator sees: /ready and /metrics say search answers, from how many documents, and the replacement.
    const ready = await (await fetch(`${server.url}ready`)).json() as { search: { state: string; ready: boolean; documents: number; restarts: number } };
    expect(ready.search).toMatchObject({ state: 'ready', ready: true, documents: index.size });
    expect(ready.search.restarts).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`${server.url}metrics`)).text();
    expect(metrics).toMatch(/^delicacy_search_ready 1$/m);
    expect(metrics).toMatch(new RegExp(`^delicacy_search_documents ${index.size}$`, 'm'));
    expect(Number(/^delicacy_search_worker_restarts (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });
});

/** Descriptors of this process open on `file`. */
function openOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === file; } catch { return false; } }).length;
}

describe('a large release\'s search service', () => {
  it.runIf(process.platform === 'linux')('reads hits through one handle on the index file, open while the index is loaded, also across a replaced worker', async () => {
    const file = join(testDist(), SEARCH_INDEX_FILE);
    const before = openOn(file);
    process.env.DELICACY_FAULT_INJECTION = '1';
    const service = new SearchService({ source: { file, positional: true }, queueLimit: 4, timeoutMs: 30_000 });
    try {
      expect(await service.load()).toBe(index.size);
    } finally {
      delete process.env.DELICACY_FAULT_INJECTION;
    }
    try {
      expect(openOn(file)).toBe(before + 1);
      for (const q of ['Maisky', 'FO 371/23682', 'trade negotiations']) expect(await service.run(q, 20), q).toEqual(index.search(q, 20));
      expect(openOn(file)).toBe(before + 1);
      await expect(service.run('#delicacy:crash-search', 5)).rejects.toThrow(/stopped unexpectedly/);
      expect(await service.run('Maisky', 20)).toEqual(index.search('Maisky', 20));
      expect(service.counters.restarts).toBe(1);
      expect(openOn(file)).toBe(before + 1);
    } finally {
      await service.close();
    }
    expect(openOn(file)).toBe(before);
  });
});

describe('following a store switch', () => {
  /** A release folder whose search index holds one person, `name`. */
  function release(name: string): string {
    const dir = mkdtempSync(join(folder, `release-${name}-`));
    const doc: SearchDoc = { id: 0, iri: `https://w3id.org/delicacy/id/person/${name.toLowerCase()}`, kind: 'person', label: name, names: name.toLowerCase(), text: `${name} release`, refs: [], qids: [], volumes: [], links: 0 };
    writeFileSync(join(dir, SEARCH_INDEX_FILE), [...SearchIndex.lines([doc])].map((line) => `${line}\n`).join(''));
    return dir;
  }

  it('loads the new release\'s index beside the old, swaps once loaded, lets a later switch overtake an earlier one, keeps the old on failure', async () => {
    const switched: ((release: ReleaseSwitch) => void)[] = [];
    const closers: (() => Promise<void>)[] = [];
    const ready: Promise<unknown>[] = [];
    const context = {
      config: { dist: release('Alpha'), queueLimit: 8, queryTimeoutMs: 30_000 }, baseIri: 'https://w3id.org/delicacy/', manifest: { quads: 1000 },
      lookup: { select: async () => { throw new Error('no data here'); } },
      searchScheduler: new Scheduler({ capacity: () => 1, grow: () => false, onCapacity: () => undefined }, { longAfterMs: 1000, clientRunning: 2, clientQueued: 8, queueLimit: 8, queueTimeoutMs: 10_000, clientMsPerMinute: 0, heavyForMs: 60_000 }),
      onReleaseSwitch: (listener: (release: ReleaseSwitch) => void) => void switched.push(listener),
      beforeReady: (work: Promise<unknown>) => void ready.push(work),
      onClose: (close: () => Promise<void>) => void closers.push(close),
    } as unknown as AppContext;
    const app = express().use(searchRouter(context));
    const listening = app.listen(0, '127.0.0.1');
    await once(listening, 'listening');
    const base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/search`;
    const found = async () => {
      const res = await fetch(`${base}?${new URLSearchParams({ q: 'release', format: 'json' })}`);
      const body = await res.json() as { groups: { hits: { label: string }[] }[] };
      return body.groups.flatMap((g) => g.hits.map((h) => h.label)).join();
    };
    const settle = async (expected: string) => {
      for (const until = Date.now() + 20_000; Date.now() < until && await found() !== expected;) await new Promise((r) => setTimeout(r, 50));
      return found();
    };
    const switchTo = (dist: string, quads: number, reconciled: Promise<unknown> = Promise.resolve()) =>
      switched.forEach((listener) => listener({ dist, manifest: { quads } as ReleaseSwitch['manifest'], reconciled }));
    try {
      await Promise.all(ready);
      expect(await found()).toBe('Alpha');
      // A large release's index waits for its reconciliation; a later switch overtakes it.
      let reconciled!: () => void;
      switchTo(release('Bravo'), 600_000, new Promise<void>((resolve) => { reconciled = resolve; }));
      expect(await found()).toBe('Alpha'); // the old answers meanwhile
      switchTo(release('Charlie'), 1000);
      expect(await settle('Charlie')).toBe('Charlie');
      reconciled();
      await new Promise((r) => setTimeout(r, 1500));
      expect(await found()).toBe('Charlie'); // Bravo's load, overtaken, was dropped
      // A release whose index cannot be read, nor its data: the old one answers on.
      const broken = mkdtempSync(join(folder, 'broken-'));
      writeFileSync(join(broken, SEARCH_INDEX_FILE), '{"format":0}\n');
      switchTo(broken, 1000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await found()).toBe('Charlie');
    } finally {
      await Promise.all(closers.map((close) => close()));
      listening.close();
    }
  });
});
