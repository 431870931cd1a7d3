// The reconciliation service driven the way OpenRefine drives it: the manifest,
// form-encoded batches of ten queries, typed queries with property constraints,
// extension, suggest and preview; plus a 1.0-draft batch.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';

let server: RunningServer;
let base: string;
beforeAll(async () => { server = await startTestServer(); base = server.url; });
afterAll(async () => { await server.close(); });

async function reconcile(queries: Record<string, unknown>) {
  const res = await fetch(`${base}reconcile`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost:3333' },
    body: new URLSearchParams({ queries: JSON.stringify(queries) }).toString(),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return res.json();
}

describe('reconciliation API 0.2', () => {
  it('serves a manifest OpenRefine accepts (and JSONP for old clients)', async () => {
    const manifest = await (await fetch(`${base}reconcile`)).json();
    expect(manifest.versions).toContain('0.2');
    for (const key of ['name', 'identifierSpace', 'schemaSpace', 'view', 'preview', 'suggest', 'extend', 'defaultTypes']) expect(manifest[key], key).toBeTruthy();
    expect(manifest.view.url).toContain('{{id}}');
    expect(manifest.defaultTypes.map((t: { id: string }) => t.id)).toEqual(['person', 'organisation', 'place', 'event', 'document']);
    const jsonp = await (await fetch(`${base}reconcile?callback=cb123`)).text();
    expect(jsonp.startsWith('cb123({')).toBe(true);
  });

  it('answers a batch of ten: variants, initials, titles, a Wikidata QID; match only when exact and unambiguous', async () => {
    const names = ['Maisky', 'I. M. Maiskii', 'Ivan Maisky', 'Lord Halifax', 'Halifax', 'Edward Wood', 'Q8016', 'Viacheslav Molotov', 'Schulenburg', 'Roberts'];
    const queries = Object.fromEntries(names.map((query, i) => [`q${i}`, { query, type: 'person', limit: 5 }]));
    const results = await reconcile(queries);
    const top = (i: number) => results[`q${i}`].result[0];
    expect(top(0).id).toBe('person/maiskii');
    expect(top(1).id).toBe('person/maiskii');
    expect(top(1).match).toBe(true);
    expect(top(2).id).toBe('person/maiskii');
    expect(top(3)).toMatchObject({ id: 'person/halifax', match: true, score: 100 });
    expect(top(4).id).toBe('person/halifax');
    expect(top(5).id).toBe('person/halifax');
    expect(top(6)).toMatchObject({ id: 'person/churchill', match: true });
    expect(top(7).id).toBe('person/molotov');
    expect(top(8).id).toBe('person/schulenberg');
    // 'Roberts' names two people (Frank Roberts of the FO, the historian Geoffrey Roberts): never a match.
    const roberts = results.q9.result;
    expect(roberts.length).toBeGreaterThanOrEqual(2);
    expect(roberts.every((r: { match: boolean }) => !r.match)).toBe(true);
    for (const key of Object.keys(results)) {
      for (const candidate of results[key].result) {
        expect(typeof candidate.score).toBe('number');
        expect(candidate.type[0]).toHaveProperty('id');
      }
    }
  });

  it('uses types and property constraints (side, office, Wikidata id)', async () => {
    const results = await reconcile({
      q0: { query: 'Roberts', type: 'person', properties: [{ pid: 'side', v: 'british' }] },
      q1: { query: 'Seeds', type: 'person', properties: [{ pid: 'office', v: 'ambassador in Moscow' }] },
      q2: { query: 'Maiskii', type: 'place' },
      q3: { query: 'Churchill', properties: [{ pid: 'wikidata', v: 'Q8016' }] },
      q4: { query: 'Baku', type: 'place' },
    });
    expect(results.q0.result[0].id).toBe('person/frank-roberts');
    expect(results.q1.result[0]).toMatchObject({ id: 'person/seeds', match: true });
    expect(results.q2.result).toEqual([]);
    expect(results.q3.result[0]).toMatchObject({ id: 'person/churchill', match: true });
    expect(results.q4.result[0]).toMatchObject({ id: 'place/baku', match: true });
  });

  it('extends reconciled rows with offices, side, QID and dates', async () => {
    const res = await fetch(`${base}reconcile`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ extend: JSON.stringify({ ids: ['person/stanley', 'person/churchill', 'event/winter-war'], properties: [{ id: 'office' }, { id: 'side' }, { id: 'wikidata' }, { id: 'date' }] }) }).toString() });
    const body = await res.json();
    expect(body.meta.map((m: { id: string }) => m.id)).toEqual(['office', 'side', 'wikidata', 'date']);
    expect(body.rows['person/stanley'].office.map((o: { str: string }) => o.str)).toContain('President of the Board of Trade');
    expect(body.rows['person/churchill'].wikidata).toEqual([{ str: 'Q8016' }]);
    expect(body.rows['person/churchill'].side[0]).toMatchObject({ id: 'british' });
    expect(body.rows['event/winter-war'].date[0].str).toBe('1939-11-30/1940-03-13');
    const proposals = await (await fetch(`${base}reconcile/properties?type=person`)).json();
    expect(proposals.properties.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['office', 'side', 'wikidata', 'date']));
  });

  it('suggests entities, types and properties, and previews an entity', async () => {
    const entities = await (await fetch(`${base}reconcile/suggest/entity?prefix=Maisk`)).json();
    expect(entities.result.map((r: { id: string }) => r.id)).toContain('person/maiskii');
    const types = await (await fetch(`${base}reconcile/suggest/type?prefix=pla`)).json();
    expect(types.result[0].id).toBe('place');
    const properties = await (await fetch(`${base}reconcile/suggest/property?prefix=off`)).json();
    expect(properties.result[0].id).toBe('office');
    const preview = await fetch(`${base}reconcile/preview?id=person/maiskii`);
    expect(preview.headers.get('content-type')).toMatch(/html/);
    expect(await preview.text()).toContain('Soviet ambassador');
    expect((await fetch(`${base}reconcile/preview?id=person/nobody`)).status).toBe(404);
  });

  it('rejects malformed batches with 400', async () => {
    const res = await fetch(`${base}reconcile`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'queries=%7Bnot-json' });
    expect(res.status).toBe(400);
  });
});

describe('reconciliation API 1.0 draft', () => {
  it('answers a JSON batch', async () => {
    const res = await fetch(`${base}reconcile`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ queries: [{ conditions: [{ matchType: 'name', propertyValue: 'Molotov' }], type: 'person', limit: 3 }, { query: 'Helsinki' }] }) });
    const body = await res.json();
    expect(body.results[0].candidates[0].id).toBe('person/molotov');
    expect(body.results[1].candidates[0].id).toBe('place/helsinki');
  });
});
