// Reconciliation of names as catalogues and Russian sources write them: the forms
// in tests/fixtures/reconcile-name-forms.yaml (from the article and its footnotes,
// Library of Congress headings, scholarly transliteration, Cyrillic, variants,
// titles, misspellings) sent as OpenRefine sends them. Every match: true must be the
// expected entity; the expected entity must be in the first three for 95 %.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startTestServer } from '../fixtures/testServer.js';
import { recordsOf } from '../fixtures/reconcileRecords.js';
import { projectPath } from '../../src/model/paths.js';
import { type RunningServer } from '../../src/http/server.js';

interface Form { form: string; expect: string; type?: string; source: string }
interface Candidate { id: string; score: number; match: boolean }

const forms = (parse(readFileSync(projectPath('tests', 'fixtures', 'reconcile-name-forms.yaml'), 'utf8')) as { forms: Form[] }).forms;

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

async function reconcileAll(): Promise<Candidate[][]> {
  const out: Candidate[][] = [];
  for (let from = 0; from < forms.length; from += 50) {
    const chunk = forms.slice(from, from + 50);
    const queries = Object.fromEntries(chunk.map((f, i) => [`q${i}`, { query: f.form, ...(f.type ? { type: f.type } : {}), limit: 5 }]));
    const res = await fetch(`${server.url}reconcile`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ queries: JSON.stringify(queries) }).toString(),
    });
    expect(res.status).toBe(200);
    const body = await res.json() as Record<string, { result: Candidate[] }>;
    chunk.forEach((_, i) => out.push(body[`q${i}`].result));
  }
  return out;
}

describe('reconciliation of name forms', () => {
  it('holds at least 100 forms of every kind, each expecting an entity the dataset has', async () => {
    expect(forms.length).toBeGreaterThanOrEqual(100);
    const ids = new Set((await recordsOf(server.context.config.dist)).map((r) => r.id));
    for (const f of forms) if (f.expect !== 'none') expect(ids.has(f.expect), `${f.form} -> ${f.expect}`).toBe(true);
    const sources = new Set(forms.map((f) => f.source));
    for (const source of ['article', 'lc', 'scholarly', 'russian', 'catalogue', 'variant', 'title', 'misspelling']) expect(sources.has(source), source).toBe(true);
    expect(forms.filter((f) => f.source === 'russian').length).toBeGreaterThanOrEqual(30);
    expect(forms.filter((f) => f.source === 'lc').length).toBeGreaterThanOrEqual(20);
  });

  it('never matches the wrong entity, and puts the right one in the top 3 for at least 95 %', async () => {
    const results = await reconcileAll();
    const wrong: string[] = [];
    const missed: string[] = [];
    let counted = 0;
    let matched = 0;
    forms.forEach((f, i) => {
      const candidates = results[i];
      for (const c of candidates.filter((x) => x.match)) {
        matched++;
        if (c.id !== f.expect) wrong.push(`${f.form}: matched ${c.id}, expected ${f.expect}`);
      }
      if (f.expect === 'none') return;
      counted++;
      const rank = candidates.findIndex((c) => c.id === f.expect);
      if (rank < 0 || rank > 2) missed.push(`${f.form} (${f.source}) -> ${candidates.slice(0, 3).map((c) => `${c.id} ${c.score}`).join(', ') || 'nothing'}`);
    });
    const top3 = (counted - missed.length) / counted;
    console.log(`name forms: ${counted} with an entity, ${(100 * top3).toFixed(1)} % in the top 3, ${matched} matched (all right: ${wrong.length === 0}); not in the top 3:\n  ${missed.join('\n  ')}`);
    expect(wrong).toEqual([]);
    expect(top3).toBeGreaterThanOrEqual(0.95);
    // Matching is worth something only if it is not timid: most forms that name one entity exactly get match: true.
    expect(matched).toBeGreaterThanOrEqual(counted / 2);
  });
});
