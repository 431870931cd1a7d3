// The lists' rows written at build time (list-<kind>.ndjson) are what the server
// would read from the store: the same rows in the same orders, and the same pages
// for every filter and sort; a damaged file is refused; a filter's choices stay
// bounded however many there are.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import oxigraph from 'oxigraph';
import { loadDataset } from '../../src/store/loadDataset.js';
import { StoreLookup } from '../../src/engine/lookup.js';
import { ENTITY_KINDS } from '../../src/model/iri.js';
import { boundedOptions, KINDS, loadCollection, OPTION_LIMIT, orderedList, readKindList, SORTS, storeListSource, type ItemRow, type KindRows } from '../../src/web/data/collections.js';
import { LIST_VERSION, listPath, ListFileError, readListFile, readListRows } from '../../src/web/data/listFile.js';
import { columnsOfRows, type ListColumns } from '../../src/web/data/listColumns.js';
import { releaseLists, unusableListFiles } from '../../src/http/linked-data/listSource.js';
import { collectionPage } from '../../src/web/pages/collection.js';
import { html } from '../../src/web/html.js';
import { projectPath } from '../../src/model/paths.js';
import { testDist } from '../fixtures/testDist.js';

const { store, manifest } = loadDataset(testDist());
const lookup = new StoreLookup(store, oxigraph);
const iris = (list: KindRows, sort: 'name' | 'date' | 'number') => Array.from(list.orders[sort], (i) => list.rows[i].iri);
/** A served list's rows, every one read back from where it is kept. */
const allRows = (list: ListColumns) => list.rowsAt(Array.from({ length: list.size }, (_, i) => i));

describe('list files', () => {
  it('hold, for every kind, the rows the store gives, in every order', async () => {
    expect(manifest.lists?.version).toBe(LIST_VERSION);
    for (const kind of ENTITY_KINDS) {
      const [fromFile, fromStore, served] = await Promise.all([readListRows(listPath(testDist(), kind), kind), readKindList(lookup, kind), readListFile(listPath(testDist(), kind), kind)]);
      expect(fromFile.rows.length, kind).toBe(manifest.lists!.kinds[kind]!.rows);
      expect(fromFile.rows, kind).toEqual(fromStore.rows);
      for (const sort of SORTS) expect(iris(fromFile, sort), `${kind} by ${sort}`).toEqual(iris(fromStore, sort));
      // The served list: its rows read back by position, its orders the same.
      expect(served.size, kind).toBe(fromStore.rows.length);
      expect(allRows(served), kind).toEqual(fromStore.rows);
      for (const sort of SORTS) expect(served.orders[sort], `${kind} by ${sort}`).toEqual(fromStore.orders[sort]);
    }
    expect((await readListFile(listPath(testDist(), 'person'), 'person')).size).toBeGreaterThan(50);
  });

  it('give the same pages as the store for every filter, sort and page', async () => {
    const fromFiles = releaseLists(testDist(), manifest, lookup);
    const fromStore = storeListSource(lookup);
    const cases: [keyof typeof KINDS, Record<string, string>][] = [
      ['person', {}], ['person', { page: '2' }], ['person', { sort: 'name', order: 'desc' }], ['person', { q: 'ambassador' }],
      ['person', { side: 'https://w3id.org/delicacy/id/concept/side/soviet' }], ['person', { office: 'https://w3id.org/delicacy/id/post/soviet-ambassador-london' }],
      ['document', {}], ['document', { page: '2' }], ['document', { sort: 'date' }], ['document', { sort: 'name', page: '3' }], ['document', { from: '1939-10', to: '1939-11-15' }],
      ['claim', {}], ['claim', { page: '4', order: 'desc' }], ['claim', { claimKind: 'judgement' }], ['claim', { q: 'halifax', sort: 'name' }],
      ['claim', { about: 'https://w3id.org/delicacy/id/person/maiskii', from: '1939-10-01', to: '1939-10-31' }],
      ['footnote', { page: '2' }], ['footnote', { sort: 'name' }], ['meeting', { topic: 'https://w3id.org/delicacy/id/concept/topic/finland' }],
      ['comparison', { verdict: 'differ' }], ['event', { type: 'war' }], ['passage', { page: '2' }], ['section', {}], ['link', { q: 'molotov' }],
    ];
    for (const [kind, params] of cases) {
      const [a, b] = await Promise.all([loadCollection(lookup, kind, params, fromFiles), loadCollection(lookup, kind, params, fromStore)]);
      expect(a, `${kind} ${JSON.stringify(params)}`).toEqual(b);
    }
    // The cases are not empty.
    expect((await loadCollection(lookup, 'claim', { about: 'https://w3id.org/delicacy/id/person/maiskii' }, fromFiles)).matching).toBeGreaterThan(5);
    expect((await loadCollection(lookup, 'person', { q: 'ambassador' }, fromFiles)).matching).toBeGreaterThan(2);
  });

  it('are refused when damaged: cut short, of another version or another kind', async () => {
    const dir = join(projectPath('test-output'), 'list-files');
    mkdirSync(dir, { recursive: true });
    const lines = readFileSync(listPath(testDist(), 'person'), 'utf8').trimEnd().split('\n');
    const write = (name: string, text: string) => { const path = join(dir, name); writeFileSync(path, text); return path; };
    await expect(readListFile(write('short.ndjson', `${lines.slice(0, -1).join('\n')}\n`), 'person')).rejects.toThrow(/cut short/);
    await expect(readListRows(join(dir, 'short.ndjson'), 'person')).rejects.toThrow(/short\.ndjson.*cut short/);
    await expect(readListFile(write('bad-line.ndjson', [...lines.slice(0, 3), '{"iri":', ...lines.slice(4)].join('\n')), 'person')).rejects.toThrow(/bad-line\.ndjson, line 4: not a row/);
    await expect(readListFile(write('header.ndjson', lines.slice(1).join('\n')), 'person')).rejects.toThrow(/header\.ndjson, line 1: not a delicacy\/list-rows header/);
    await expect(readListFile(write('version.ndjson', lines.join('\n').replace(`"version":${LIST_VERSION}`, '"version":0')), 'person')).rejects.toThrow(ListFileError);
    await expect(readListFile(write('kind.ndjson', lines.join('\n')), 'place')).rejects.toThrow(/not of place/);
    const twice = [...lines.slice(0, 2), lines[1].replace(/"iri":"[^"]+"/, '"iri":"x"'), ...lines.slice(3)];
    await expect(readListFile(write('twice.ndjson', twice.join('\n')), 'person')).rejects.toThrow(/taken/);
  });

  it('are checked once per release, when its lists are first used', async () => {
    const dir = join(projectPath('test-output'), 'list-files-checked');
    rmSync(dir, { recursive: true, force: true });
    cpSync(testDist(), dir, { recursive: true, filter: (path) => !/\.(nq|ttl|trig|jsonld)(\.gz)?$/.test(path) });
    expect([...unusableListFiles(dir, manifest).values()].every((problem) => problem === undefined)).toBe(true);
    const lists = releaseLists(dir, manifest, lookup);
    expect((await lists('person')).size).toBe(manifest.lists!.kinds.person!.rows);
    // The places' file replaced after the check (a pinned release's never is): not checked again, so read as it is.
    copyFileSync(listPath(dir, 'person'), listPath(dir, 'place'));
    expect(unusableListFiles(dir, manifest).get('place')).toMatch(/bytes where the manifest says/);
    await expect(lists('place')).rejects.toThrow(/not of place/);
    // A file missing when they are first used is read from the store.
    rmSync(listPath(dir, 'place'));
    expect(unusableListFiles(dir, manifest).get('place')).toMatch(/is missing/);
    expect(allRows(await releaseLists(dir, manifest, lookup)('place'))).toEqual((await readKindList(lookup, 'place')).rows);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fall back to the store for a release without them', async () => {
    const older = { ...manifest, lists: undefined };
    const list = await releaseLists(testDist(), older, lookup)('person');
    expect(allRows(list)).toEqual((await readKindList(lookup, 'person')).rows);
  });
});

describe("a filter's choices", () => {
  // 500 people, each holding their own office, and a few the same one: as a corpus's people do.
  const people: ItemRow[] = Array.from({ length: 500 }, (_, i) => ({
    iri: `https://example.org/id/person/p${i}`, label: `Person ${i}`, topics: [], extra: {},
    offices: [{ iri: `https://example.org/id/post/o${i}`, label: `Office ${i}` }, ...(i % 7 === 0 ? [{ iri: 'https://example.org/id/post/common', label: 'A common office' }] : [])],
  }));
  const list = columnsOfRows(orderedList('person', people));

  it('are the most used and the chosen one when there are many', () => {
    const most = [{ iri: 'a', label: 'A', uses: 9 }, { iri: 'b', label: 'B', uses: 5 }, { iri: 'c', label: 'C', uses: 1 }];
    expect(boundedOptions(most, undefined, 2).map((o) => o.iri)).toEqual(['a', 'b']);
    expect(boundedOptions(most, 'c', 2).map((o) => o.iri)).toEqual(['a', 'b', 'c']);
    expect(boundedOptions(most, 'b', 2).map((o) => o.iri)).toEqual(['a', 'b']);
  });

  it('keep a page of 500 offices to a bounded <select>, the most held first and the chosen one kept', async () => {
    const chosen = 'https://example.org/id/post/o321';
    const view = await loadCollection(lookup, 'person', { office: chosen }, async () => list);
    expect(view.matching).toBe(1);
    expect(view.options.officeCount).toBe(501);
    const page = collectionPage(view, (iri, label) => html`<a href="${iri}">${label}</a>`);
    const select = /<select name="office">([\s\S]*?)<\/select>/.exec(page)![1];
    const values = [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
    expect(values.length).toBe(OPTION_LIMIT + 1);
    expect(values).toContain('https://example.org/id/post/common');
    expect(select).toMatch(new RegExp(`value="${chosen}" selected`));
    expect(page).toContain('the most held of 501 offices');
  });
});
