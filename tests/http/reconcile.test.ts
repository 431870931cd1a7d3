// The reconciliation service driven the way OpenRefine drives it: the manifest,
// form-encoded batches of ten queries, typed queries with property constraints,
// extension, suggest and preview; plus a 1.0-draft batch.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

async function post(body: string, type = 'application/x-www-form-urlencoded') {
  const res = await fetch(`${base}reconcile`, { method: 'POST', headers: { 'Content-Type': type }, body });
  return { status: res.status, text: await res.text() };
}
const form = (fields: Record<string, unknown>) => new URLSearchParams(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))).toString();

describe('reconciliation input checks', () => {
  it('answers valid JSON of the wrong shape with a 400 that says what is wrong, never a 500', async () => {
    const logged = vi.spyOn(console, 'error');
    const cases: [string, string, string, RegExp][] = [
      ['1.0 batch with a null query', JSON.stringify({ queries: [null] }), 'application/json', /queries\[0\]/],
      ['1.0 batch with a number for a query', JSON.stringify({ queries: [{ query: 5 }] }), 'application/json', /queries\[0\]\.query/],
      ['1.0 condition without a value', JSON.stringify({ queries: [{ conditions: [{ matchType: 'name' }] }] }), 'application/json', /conditions/],
      ['1.0 limit that is not a number', JSON.stringify({ queries: [{ query: 'Maisky', limit: 'lots' }] }), 'application/json', /limit/],
      ['1.0 query with neither name nor conditions', JSON.stringify({ queries: [{ type: 'person' }] }), 'application/json', /query/],
      ['queries that are a number', JSON.stringify({ queries: 5 }), 'application/json', /queries/],
      ['queries that are null', JSON.stringify({ queries: null }), 'application/json', /queries/],
      ['a JSON body with nothing known in it', JSON.stringify({ names: ['Maisky'] }), 'application/json', /queries/],
      ['0.2 properties that are a number', form({ queries: { q0: { query: 'Maisky', properties: 5 } } }), 'application/x-www-form-urlencoded', /queries\.q0\.properties/],
      ['0.2 property without pid', form({ queries: { q0: { query: 'Maisky', properties: [{ v: 'soviet' }] } } }), 'application/x-www-form-urlencoded', /pid/],
      ['0.2 null query', form({ queries: { q0: null } }), 'application/x-www-form-urlencoded', /queries\.q0/],
      ['0.2 query without a name', form({ queries: { q0: { type: 'person' } } }), 'application/x-www-form-urlencoded', /queries\.q0\.query/],
      ['0.2 batch as a string', form({ queries: JSON.stringify('Maisky') }), 'application/x-www-form-urlencoded', /queries/],
      ['extend=null', form({ extend: 'null' }), 'application/x-www-form-urlencoded', /extend/],
      ['extend with ids as a string', form({ extend: { ids: 'person/maiskii', properties: [] } }), 'application/x-www-form-urlencoded', /extend\.ids/],
      ['extend with properties as strings', form({ extend: { ids: ['person/maiskii'], properties: ['office'] } }), 'application/x-www-form-urlencoded', /extend\.properties\[0\]/],
      ['a single query as JSON of the wrong shape', form({ query: '{"query": null}' }), 'application/x-www-form-urlencoded', /query/],
      ['malformed JSON', 'queries=%7Bnot-json', 'application/x-www-form-urlencoded', /not valid JSON/],
      ['a malformed JSON body', '{"queries": [', 'application/json', /not valid JSON/],
    ];
    for (const [what, body, type, message] of cases) {
      const res = await post(body, type);
      expect(res.status, what).toBe(400);
      expect(res.text, what).toMatch(message);
      expect(res.text, what).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const suggest = await fetch(`${base}reconcile/suggest/entity`);
    expect(suggest.status).toBe(400);
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it('refuses requests over each limit with a 4xx that names the limit and its setting', async () => {
    const { reconcileMaxBatch: batch, reconcileMaxNameChars: chars, reconcileMaxLimit: limit } = server.context.config;
    expect([batch, chars, limit]).toEqual([100, 500, 100]);
    const many = Object.fromEntries(Array.from({ length: batch + 1 }, (_, i) => [`q${i}`, { query: 'Maisky' }]));
    const overBatch = await post(form({ queries: many }));
    expect(overBatch.status).toBe(413);
    expect(overBatch.text).toMatch(/101 queries.*limit is 100.*reconcile-max-batch/);
    const over10 = await post(JSON.stringify({ queries: Array.from({ length: 2000 }, () => ({ query: 'Maisky' })) }), 'application/json');
    expect(over10.status).toBe(413);
    expect(over10.text).toMatch(/reconcile-max-batch/);
    const longName = await post(form({ queries: { q0: { query: 'M'.repeat(chars + 1) } } }));
    expect(longName.status).toBe(413);
    expect(longName.text).toMatch(/'q0'.*501 characters.*reconcile-max-name-chars/);
    const hugeName = await post(JSON.stringify({ queries: [{ query: 'Maisky '.repeat(96 * 1024 / 7) }] }), 'application/json');
    expect(hugeName.status).toBe(413);
    expect(hugeName.text).toMatch(/reconcile-max-name-chars/);
    const overLimit = await post(JSON.stringify({ queries: [{ query: 'Maisky', limit: 100_000 }] }), 'application/json');
    expect(overLimit.status).toBe(400);
    expect(overLimit.text).toMatch(/100000 candidates.*most.*100.*reconcile-max-limit/);
    const overLimit02 = await post(form({ queries: { q0: { query: 'Maisky', limit: 101 } } }));
    expect(overLimit02.status).toBe(400);
    expect(overLimit02.text).toMatch(/reconcile-max-limit/);
    const overIds = await post(form({ extend: { ids: Array.from({ length: batch + 1 }, (_, i) => `person/p${i}`), properties: [{ id: 'side' }] } }));
    expect(overIds.status).toBe(413);
    expect(overIds.text).toMatch(/101 ids to extend.*reconcile-max-batch/);
    const suggest = await fetch(`${base}reconcile/suggest/entity?prefix=Mai&limit=1000`);
    expect(suggest.status).toBe(400);
    expect(await suggest.text()).toMatch(/reconcile-max-limit/);
    // A body past the derived byte limit names reconciliation's limits, not the SPARQL one.
    const body = await post(form({ queries: { q0: { query: 'x'.repeat(600_000) } } }));
    expect(body.status).toBe(413);
    expect(body.text).toMatch(/reconciliation request body.*reconcile-max-batch/);
    expect(body.text).not.toMatch(/max-query-bytes|100000 bytes/);
    // At the limits everything is answered.
    const full = Object.fromEntries(Array.from({ length: batch }, (_, i) => [`q${i}`, { query: i % 2 ? 'Maisky, Ivan' : 'M'.repeat(chars), limit }]));
    const ok = await post(form({ queries: full }));
    expect(ok.status).toBe(200);
    expect(Object.keys(JSON.parse(ok.text))).toHaveLength(batch);
  });
});

describe('reconciliation as catalogues write names', () => {
  it('finds a person from catalogue order, Cyrillic and romanisations, and prefers the kind whose label matches exactly', async () => {
    const names = ['Maisky, Ivan', 'Майский', 'Maĭskiĭ', 'Majskij', 'London'];
    const results = await reconcile(Object.fromEntries(names.map((query, i) => [`q${i}`, { query }])));
    for (let i = 0; i < 4; i++) expect(results[`q${i}`].result[0], names[i]).toMatchObject({ id: 'person/maiskii', match: true });
    expect(results.q4.result[0]).toMatchObject({ id: 'place/london', match: true });
    expect(results.q4.result[1].score).toBeLessThan(results.q4.result[0].score);
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
