// Where reconciliation's records live once the server runs: in its worker, read
// from the release's records file — the main thread keeps none, /ready and
// /metrics say what was indexed and from where. A release built before the file
// existed is served the same, its records read from the store by the same
// readRecords; a damaged file makes reconciliation say so (and nothing else
// fails); until the first index is built, reconciliation answers 503 with
// Retry-After. Real servers on loopback.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { recordsOf } from '../fixtures/reconcileRecords.js';
import { type RunningServer } from '../../src/http/server.js';
import { ReconcileService } from '../../src/http/reconcile/service.js';
import { HttpError } from '../../src/http/httpError.js';
import { RECORDS_FILE } from '../../src/reconcile/recordsFile.js';

/** Whether anything reachable from `value` (other threads aside) is a reconciliation record or a list of them. */
function holdsRecords(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || typeof value !== 'object' || seen.has(value) || value instanceof Worker) return false;
  seen.add(value);
  const isRecord = (v: unknown) => v !== null && typeof v === 'object' && 'names' in v && 'iri' in v;
  if (isRecord(value)) return true;
  const children = value instanceof Map ? [...value.values()] : value instanceof Set ? [...value] : Object.values(value);
  return children.some((child) => holdsRecords(child, seen));
}

/** A copy of the test release as it would have been built before the records file existed. */
function releaseWithoutRecordsFile(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'delicacy-old-release-')), 'dist');
  cpSync(testDist(), dir, { recursive: true });
  rmSync(join(dir, RECORDS_FILE));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  delete manifest.reconcileRecords;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** What a client sees of reconciliation: a batch with types and constraints, suggest, extension, preview and flyout. */
async function answers(base: string): Promise<unknown[]> {
  const batch = { q0: { query: 'Maisky' }, q1: { query: 'Lord Halifax', type: 'person' }, q2: { query: 'Foreign Office', limit: 3 },
    q3: { query: 'Molotov', properties: [{ pid: 'side', v: 'soviet' }] }, q4: { query: 'Q8016' }, q5: { query: 'Winter War', type: 'event' } };
  const get = async (path: string) => { const res = await fetch(`${base}${path}`); return { status: res.status, body: await res.text() }; };
  const post = async (form: Record<string, string>) => {
    const res = await fetch(`${base}reconcile`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    return { status: res.status, body: await res.text() };
  };
  return [
    await post({ queries: JSON.stringify(batch) }),
    await post({ extend: JSON.stringify({ ids: ['person/maiskii', 'person/stanley', 'event/winter-war', 'person/nobody'], properties: [{ id: 'office' }, { id: 'side' }, { id: 'wikidata' }, { id: 'date' }, { id: 'altLabels' }, { id: 'description' }] }) }),
    await get('reconcile/suggest/entity?prefix=mais'),
    await get('reconcile/suggest/entity?prefix=for&limit=3'),
    await get('reconcile/preview?id=person/maiskii'),
    await get('reconcile/preview?id=person/nobody'),
    await get('reconcile/flyout/entity?id=person/stanley'),
  ];
}

describe('reconciliation records in the worker', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  it('keeps no records in the main thread, and says on /ready and /metrics what its worker indexed', async () => {
    // The check can fail: it finds a record wherever one is kept.
    const [maisky] = (await recordsOf(testDist())).filter((r) => r.id === 'person/maiskii');
    expect(holdsRecords({ deep: { list: [maisky] } })).toBe(true);
    expect(holdsRecords(server.context.reconcile)).toBe(false);
    expect(holdsRecords(server.context)).toBe(false);

    const records = (await recordsOf(testDist())).length;
    const ready = await (await fetch(`${server.url}ready`)).json();
    expect(ready.ready).toBe(true);
    expect(ready.reconcile).toMatchObject({ ready: true, state: 'ready', records, from: 'file' });
    const metrics = await (await fetch(`${server.url}metrics`)).text();
    expect(metrics).toMatch(/^delicacy_reconcile_ready 1$/m);
    expect(metrics).toMatch(new RegExp(`^delicacy_reconcile_records ${records}$`, 'm'));
    expect(metrics).toMatch(/^delicacy_reconcile_index_build_seconds \d/m);
  });

  it('serves a release built before the records file exactly the same, reading the records from the store', async () => {
    const dist = releaseWithoutRecordsFile();
    const old = await startTestServer({ dist, workers: 1 });
    let pinned: string;
    try {
      pinned = old.context.config.dist;
      expect((await (await fetch(`${old.url}ready`)).json()).reconcile).toMatchObject({ ready: true, from: 'store' });
      const [withFile, fromStore] = [await answers(server.url), await answers(old.url)];
      expect(withFile.map((a) => (a as { status: number }).status)).toEqual([200, 200, 200, 200, 200, 404, 200]);
      expect(fromStore).toEqual(withFile);
      expect(readdirSync(pinned).filter((name) => name.includes(RECORDS_FILE))).toHaveLength(1); // written into the server's own copy
    } finally {
      await old.close();
      rmSync(join(dist, '..'), { recursive: true, force: true });
    }
    expect(existsSync(pinned)).toBe(false);
  });

  it('says what is wrong when the records file is damaged, and serves everything else', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'delicacy-damaged-')), 'dist');
    cpSync(testDist(), dir, { recursive: true });
    const file = join(dir, RECORDS_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = lines[3].replace('"type":"', '"type":"X').slice(0, lines[3].length); // same length, so the manifest's size still fits
    writeFileSync(file, lines.join('\n'));
    const damaged = await startTestServer({ dist: dir, workers: 1 });
    try {
      const res = await fetch(`${damaged.url}reconcile?query=Maisky`);
      expect(res.status).toBe(500);
      expect(await res.text()).toMatch(new RegExp(`Reconciliation is unavailable: .*${RECORDS_FILE}, line 4`));
      const ready = await fetch(`${damaged.url}ready`);
      expect(ready.status).toBe(200);
      expect((await ready.json()).reconcile).toMatchObject({ ready: false, state: 'failed' });
      const sparql = await fetch(`${damaged.url}sparql?query=${encodeURIComponent('ASK {}')}`, { headers: { Accept: 'application/sparql-results+json' } });
      expect(sparql.status).toBe(200);
      expect((await sparql.json()).boolean).toBe(true);
      const page = await fetch(`${damaged.url}id/person/maiskii`, { headers: { Accept: 'text/turtle' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Maisk');
    } finally {
      await damaged.close();
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});

describe('reconciliation before its index is built', () => {
  it('answers 503 with Retry-After while the first index is built, then matches', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const service = new ReconcileService({
      records: async () => { await held; return { path: join(testDist(), RECORDS_FILE), from: 'file', dispose: () => undefined }; },
      queueLimit: 8,
      timeoutMs: 30_000,
    });
    try {
      const started = service.start();
      expect(service.status()).toMatchObject({ ready: false, state: 'building' });
      const refused = await service.run({ op: 'search', queries: [{ name: 'Maisky', properties: [], limit: 3 }] }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(HttpError);
      expect((refused as HttpError).status).toBe(503);
      expect((refused as HttpError).headers['Retry-After']).toBeTruthy();
      expect((refused as HttpError).message).toMatch(/reconciliation index is still being built .*SPARQL and pages are already served/);
      release();
      await started;
      expect(service.status()).toMatchObject({ ready: true, state: 'ready', from: 'file' });
      const answer = await service.run({ op: 'search', queries: [{ name: 'Maisky', properties: [], limit: 3 }] });
      expect(answer.op === 'search' && answer.results[0][0]).toMatchObject({ id: 'person/maiskii', name: 'I. M. Maiskii', type: { id: 'person', name: 'Person' } });
    } finally {
      await service.close();
    }
  });

  it('answers from its records file after the file loses its name (an unpinned release), and so does a replacement worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delicacy-unpinned-'));
    const path = join(dir, RECORDS_FILE);
    cpSync(join(testDist(), RECORDS_FILE), path);
    // A deadline no match of one name comes near; the worker is replaced below by ending it, as a crash would.
    const service = new ReconcileService({ records: async () => ({ path, from: 'file', dispose: () => undefined }), queueLimit: 8, timeoutMs: 30_000 });
    const maisky = async () => {
      const answer = await service.run({ op: 'search', queries: [{ name: 'Maisky', properties: [], limit: 3 }] });
      return answer.op === 'search' ? answer.results[0][0]?.id : undefined;
    };
    try {
      await service.start();
      rmSync(dir, { recursive: true, force: true });
      expect(existsSync(path)).toBe(false);
      expect(await maisky()).toBe('person/maiskii');
      // The replacement reads the records again: from the service's descriptor, not the name that is gone.
      await (service as unknown as { worker: { thread: Worker } }).worker.thread.terminate();
      for (let i = 0; i < 100 && (service.counters.restarts === 0 || service.status().state !== 'ready'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(service.counters.restarts).toBe(1);
      expect(service.status()).toMatchObject({ state: 'ready', records: (await recordsOf(testDist())).length });
      expect(await maisky()).toBe('person/maiskii');
    } finally {
      await service.close();
    }
  });
});
