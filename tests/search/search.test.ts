// Search against the index built with the test dataset: every spelling of a name,
// references as historians type them, words of claims and quotations; bounded
// queries; /search as HTML without JavaScript and as JSON.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSearchIndex, readSearchIndex } from '../../src/search/build.js';
import { pageRange, parseReferences, romanToNumber } from '../../src/search/references.js';
import { nameKeys } from '../../src/search/names.js';
import { SEARCH_INDEX_FILE, SearchIndex, type SearchAnswer } from '../../src/search/searchIndex.js';
import { searchDocuments, type SearchDoc } from '../../src/search/documents.js';
import { StoreLookup } from '../../src/engine/lookup.js';
import { loadDataset } from '../../src/store/loadDataset.js';
import oxigraph from 'oxigraph';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { type RunningServer } from '../../src/http/server.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import express from 'express';
import { searchRouter, SEARCH_FROM_DATA_MAX_QUADS } from '../../src/http/search/router.js';
import { type AppContext } from '../../src/http/context.js';

const MAISKII = 'https://w3id.org/delicacy/id/person/maiskii';
let index: SearchIndex;
let server: RunningServer;

beforeAll(async () => {
  index = readSearchIndex(testDist())!;
  server = await startTestServer();
});
afterAll(async () => { await server?.close(); });

const first = (q: string, kind?: string) => {
  const groups = index.search(q, 5).groups.filter((g) => !kind || g.kinds.includes(kind as never));
  return groups[0]?.hits[0];
};

describe('the search index', () => {
  it('was built with the dataset and holds every kind of entity and the quotations', () => {
    expect(index).toBeDefined();
    expect(index.size).toBeGreaterThan(1500);
  });

  it('finds a person by any spelling of the name: article, English, Cyrillic, Library of Congress, scholarly, catalogue order', () => {
    for (const q of ['Maiskii', 'Maisky', 'Майский', 'Maĭskiĭ', 'Majskij', 'Mayskiy', 'Maisky, Ivan', 'I. M. Maisky', 'maisk']) {
      expect(first(q, 'person')?.iri, q).toBe(MAISKII);
    }
    expect(first('Галифакс', 'person')?.iri).toBe('https://w3id.org/delicacy/id/person/halifax');
    expect(first('Molotow', 'person')?.iri).toBe('https://w3id.org/delicacy/id/person/molotov');
    // The same keys for the spellings, so the index agrees with itself whatever is typed.
    const words = (name: string) => nameKeys(name, 'person').filter((t) => !t.startsWith('~'));
    expect(words('Майский')).toEqual(words('Maiskii'));
    expect(words('Maisky, Ivan').sort()).toEqual(words('Ivan Maisky').sort());
  });

  it('finds documents by archival reference and registry number, and by volume and page of a printed collection', () => {
    const file = index.search('FO 371/23682', 50).groups.find((g) => g.kinds.includes('document'))!;
    expect(file.hits.map((h) => h.iri)).toContain('https://w3id.org/delicacy/id/document/halifax-to-seeds-1939-10-16');
    expect(file.hits.every((h) => h.why === 'archival reference')).toBe(true);
    expect(first('N5342/92/38')?.iri).toBe('https://w3id.org/delicacy/id/document/halifax-to-seeds-1939-10-16');
    for (const q of ['DVP XXII/2 190', 'DVP 22, 190', 'DVP vol. XXII, bk. 2, p. 190', 'dvp xxii 2 191']) {
      expect(first(q)?.iri, q).toBe('https://w3id.org/delicacy/id/document/maiskii-to-narkomindel-1939-10-16');
    }
  });

  it('finds footnotes by number, paragraphs by section and number, entities by their Wikidata QID', () => {
    for (const q of ['fn 38', 'footnote 38', 'n. 38', 'FN38']) expect(first(q)?.iri, q).toBe('https://w3id.org/delicacy/id/footnote/carley-1999/38');
    expect(first('II.26')?.iri).toBe('https://w3id.org/delicacy/id/passage/carley-1999/II.26');
    expect(first('Q134949')?.iri).toBe('https://w3id.org/delicacy/id/event/winter-war');
  });

  it('finds claims and quotations by their words', () => {
    const quotation = first('prepared to do more in the direction of improving trade', 'quotation');
    expect(quotation?.iri).toMatch(/\/id\/claim\/halifax-maiskii-1939-10-16-br-initiative#/);
    const claims = index.search('answers that Britain is considering such possibilities', 10).groups.find((g) => g.kinds.includes('claim'));
    expect(claims?.total).toBeGreaterThan(0);
  });

  it('bounds the postings one search scores: over its budget the commonest words are left out (and said), the rarest always kept', () => {
    const q = 'prepared to do more in the direction of improving trade';
    const quotation = (answer: SearchAnswer) => answer.groups.find((g) => g.kinds.includes('quotation'))?.hits[0]?.iri;
    const whole = index.search(q, 5);
    expect(whole.omitted).toBeUndefined(); // one article never reaches the budget (MAX_POSTINGS)
    const bounded = index.search(q, 5, 3000);
    expect(bounded.omitted).toEqual(expect.arrayContaining(['the', 'of']));
    expect(bounded.omitted).not.toContain('prepared');
    expect(quotation(bounded)).toBe(quotation(whole));
    // Even a budget no word fits in searches the rarest word (without its variants).
    const least = index.search(q, 5, 10);
    expect(least.total).toBeGreaterThan(0);
    expect(least.omitted!.length).toBe(9);
    expect(index.search('the', 5, 10).total).toBeGreaterThan(1000);
  });

  it('groups results by kind, each with a date and a one-line description, and keeps queries bounded', () => {
    const answer = index.search('Maiskii', 3);
    expect(answer.groups.map((g) => g.title)).toContain('People');
    for (const group of answer.groups) expect(group.hits.length).toBeLessThanOrEqual(3);
    const meeting = answer.groups.find((g) => g.title === 'Events and meetings')!.hits[0];
    expect(meeting.date).toMatch(/^\d{4}/);
    expect(meeting.description!.length).toBeLessThanOrEqual(160);
    expect(index.search(`${'Maiskii '.repeat(200)}`, 5).query.length).toBeLessThanOrEqual(200);
    expect(index.search('   ', 5).total).toBe(0);
  });
});

describe('the index file', () => {
  it('answers, read back in its compact form (synchronously or line by line as the server does), exactly as the index MiniSearch built', async () => {
    const docs: SearchDoc[] = await searchDocuments(new StoreLookup(loadDataset(testDist()).store, oxigraph));
    const built = SearchIndex.build(docs);
    const lines = [...SearchIndex.lines(docs)];
    const read = SearchIndex.fromLines(lines);
    const streamed = await SearchIndex.fromLinesAsync((async function* () { yield* lines; })());
    // As a large release's server reads it: what hits show is read from the file's lines when shown.
    const folder = mkdtempSync(join(tmpdir(), 'search-file-'));
    const file = join(folder, SEARCH_INDEX_FILE);
    writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
    const fromFile = await loadSearchIndex(folder);
    expect(fromFile).toBeDefined();
    const queries = ['Maisky', 'Майский', 'maisk', 'Majskij', 'Molotow', 'Halifax', 'Seeds', 'FO 371/23682', 'FO 371', 'N5342/92/38', 'DVP XXII/2 190', 'fn 38', '38', 'II.26', 'Q134949',
      'trade negotiations', 'prepared to do more in the direction of improving trade', 'Winter War', 'Baltic states neutrality', 'memorandum', 'xyzzy'];
    for (const q of queries) {
      const expected = built.search(q, 50);
      expect(expected.total > 0 || q === 'xyzzy', q).toBe(true);
      expect(read.search(q, 50), q).toEqual(expected);
      expect(streamed.search(q, 50), q).toEqual(expected);
      expect(fromFile!.search(q, 50), q).toEqual(expected);
    }
    expect(read.size).toBe(docs.length);
    expect(fromFile!.size).toBe(docs.length);
    // The file is the index's: one that changes under it is an error, never another document's hit.
    writeFileSync(file, lines.slice(0, 1).concat(lines.slice(2)).map((line) => `${line}\n`).join(''));
    expect(() => fromFile!.search('Maisky', 5)).toThrow(/changed while serving/);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('reading references', () => {
  it('reads volumes in Roman or Arabic numerals, page ranges as printed, and several readings of one query', () => {
    expect(romanToNumber('XXII')).toBe(22);
    expect(romanToNumber('xiv')).toBe(14);
    expect(pageRange('190–1')).toEqual({ from: 190, to: 191 });
    expect(pageRange('582–83')).toEqual({ from: 582, to: 583 });
    expect(pageRange('647')).toEqual({ from: 647, to: 647 });
    expect(parseReferences('38').map((r) => r.kind)).toContain('footnote');
    expect(parseReferences('FO 371 23682')).toContainEqual({ kind: 'key', key: 'fo371/23682' });
  });
});

describe('/search over HTTP', () => {
  it('answers as JSON with grouped hits and local links', async () => {
    const res = await fetch(`${server.url}search?${new URLSearchParams({ q: 'Майский', limit: '2' })}`, { headers: { Accept: 'application/json' } });
    expect(res.headers.get('content-type')).toMatch(/json/);
    const body = await res.json();
    expect(body.groups[0].title).toBe('People');
    expect(body.groups[0].hits[0]).toMatchObject({ iri: MAISKII, href: '/id/person/maiskii', label: 'I. M. Maiskii', kind: 'person' });
    for (const group of body.groups) expect(group.hits.length).toBeLessThanOrEqual(2);
  });

  it('renders results as HTML without JavaScript, all of one kind on request, and refuses an unknown kind', async () => {
    const html = await (await fetch(`${server.url}search?q=${encodeURIComponent('FO 371/23682')}`)).text();
    expect(html).toContain('<a href="/id/document/halifax-to-seeds-1939-10-16">');
    expect(html).toMatch(/Matched by archival reference/);
    const all = await (await fetch(`${server.url}search?q=Maiskii&kind=meeting`)).text();
    expect((all.match(/<li><a href="\/id\/meeting\//g) ?? []).length).toBeGreaterThan(20);
    expect((await fetch(`${server.url}search?q=x&kind=nonsense`)).status).toBe(400);
    expect((await fetch(`${server.url}search?q=${'a'.repeat(5000)}&format=json`)).status).toBe(200);
  });

  it("answers 501 for a release too large to index while serving that has no index of its own, and reads nothing from the data for it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delicacy-noindex-'));
    const reads: string[] = [];
    const context = {
      config: { dist: dir }, baseIri: 'https://w3id.org/delicacy/', manifest: { quads: SEARCH_FROM_DATA_MAX_QUADS + 1 },
      lookup: { select: async (query: string) => { reads.push(query); return []; } },
      onReleaseSwitch: () => undefined,
    } as unknown as AppContext;
    const app = express().use(searchRouter(context));
    const listening = app.listen(0, '127.0.0.1');
    await once(listening, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/search?q=Maiskii`, { headers: { Accept: 'application/json' } });
      expect(res.status).toBe(501);
      expect(await res.text()).toMatch(/no search index \(search-index\.ndjson/);
      expect(reads).toEqual([]);
    } finally {
      listening.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

