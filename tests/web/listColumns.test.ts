// A served list keeps columns, not rows (listColumns.ts): its pages — every
// filter, pairs of them, every order, ascending and descending, later pages,
// documents grouped by archive — are the same from the release's file as from
// the store, and the same as a plain filter over the rows in memory (what the
// pages did before); a file changed under a served list is an error naming it,
// never a wrong page.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import oxigraph from 'oxigraph';
import { loadDataset } from '../../src/store/loadDataset.js';
import { StoreLookup } from '../../src/engine/lookup.js';
import { ENTITY_KINDS, type EntityKind } from '../../src/model/iri.js';
import { CLAIM_LINKS, KINDS, loadCollection, PAGE_SIZE, readKindList, storeListSource, type ItemRow, type KindRows } from '../../src/web/data/collections.js';
import { listPath, ListFileError, readListFile } from '../../src/web/data/listFile.js';
import { releaseLists } from '../../src/http/linked-data/listSource.js';
import { lineMayMatch, rowText } from '../../src/web/data/listColumns.js';
import { loadClaimLines } from '../../src/web/data/entity.js';
import { iriTerm } from '../../src/web/data/common.js';
import { projectPath } from '../../src/model/paths.js';
import { testDist } from '../fixtures/testDist.js';

const { store, manifest } = loadDataset(testDist());
const lookup = new StoreLookup(store, oxigraph);

/** How a row was filtered before lists were kept as columns. */
function overlaps(row: ItemRow, from?: string, to?: string): boolean {
  const start = row.earliest ?? row.extra.cearliest;
  if (!from && !to) return true;
  if (!start) return false;
  const end = row.latest ?? start;
  if (from && end < from) return false;
  if (to && start > `${to}${to.length === 4 ? '-12-31' : to.length === 7 ? '-31' : ''}`) return false;
  return true;
}

/** The documents in the order the grouping by archive shows them, as it was computed over rows. */
function archiveOrder(rows: ItemRow[]): ItemRow[] {
  const numeric = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  const grouped = (items: ItemRow[], key: (row: ItemRow) => string) => {
    const groups = new Map<string, ItemRow[]>();
    for (const row of items) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
    return [...groups];
  };
  const archived = rows.filter((r) => r.extra.archiveLabel || r.extra.series);
  const printed = rows.filter((r) => !(r.extra.archiveLabel || r.extra.series) && r.extra.publishedLabel);
  const rest = rows.filter((r) => !(r.extra.archiveLabel || r.extra.series) && !r.extra.publishedLabel);
  const page = (r: ItemRow) => Number.parseInt(r.extra.pages ?? '', 10) || 0;
  return [
    ...grouped(archived, (r) => r.extra.archive ?? '').flatMap(([, inArchive]) => grouped(inArchive, (r) => r.extra.series ?? 'Series not stated').sort(([a], [b]) => numeric(a, b))
      .flatMap(([, inSeries]) => grouped(inSeries, (r) => r.extra.piece ?? '').sort(([a], [b]) => numeric(a, b)).flatMap(([, inPiece]) => inPiece))),
    ...grouped(printed, (r) => r.extra.publishedLabel!).sort(([a], [b]) => numeric(a, b)).flatMap(([, list]) => [...list].sort((a, b) => page(a) - page(b))),
    ...rest,
  ];
}

/** A page as a plain filter over every row in memory gives it. */
async function referencePage(list: KindRows, params: Record<string, string>): Promise<{ matching: number; iris: string[] }> {
  const kind = list.kind;
  const f = params;
  let narrowed: Set<string> | undefined;
  if (f.about || f.source) {
    const pattern = `${f.about ? `?claim ${CLAIM_LINKS} ${iriTerm(f.about)} .` : ''} ${f.source ? `?claim prov:wasDerivedFrom ${iriTerm(f.source)} .` : ''}`;
    narrowed = new Set((await loadClaimLines(lookup, pattern)).map((c) => c.iri));
  }
  const words = f.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  const keep = (row: ItemRow) => (!f.side || row.side?.iri === f.side)
    && (!f.type || row.type === f.type)
    && (!f.office || row.offices.some((o) => o.iri === f.office))
    && (!f.topic || row.topics.includes(f.topic))
    && (!f.verdict || row.extra.verdict === f.verdict)
    && (!f.claimKind || row.extra.judgement === f.claimKind)
    && (!narrowed || narrowed.has(row.iri))
    && overlaps(row, f.from, f.to)
    && words.every((w) => `${row.label} ${row.description ?? ''} ${Object.values(row.extra).join(' ')}`.toLowerCase().includes(w));
  const sort = (f.sort ?? KINDS[kind].sort) as 'name' | 'date' | 'number';
  let rows = Array.from(list.orders[sort], (i) => list.rows[i]).filter(keep);
  if (f.order === 'desc') rows.reverse();
  if (kind === 'document' && sort === 'date' && !f.sort) rows = archiveOrder(rows);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(pages, Number(f.page ?? 1));
  return { matching: rows.length, iris: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => r.iri) };
}

/** A value of each filter of a kind that some rows have (the most common one), and a text of two words from a row. */
function filterValues(list: KindRows): Record<string, string> {
  const commonest = (values: (string | undefined)[]) => {
    const counts = new Map<string, number>();
    for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  };
  const rows = list.rows;
  const dated = rows.map((r) => r.earliest ?? r.extra.cearliest).filter((d): d is string => /^\d{4}-\d{2}-\d{2}$/.test(d ?? '')).sort();
  const middle = rows[Math.floor(rows.length / 2)];
  const words = middle ? `${middle.label}`.split(/\s+/).filter((w) => w.length > 2) : [];
  const values: Record<string, string | undefined> = {
    side: commonest(rows.map((r) => r.side?.iri)),
    type: commonest(rows.map((r) => r.type)),
    office: commonest(rows.flatMap((r) => r.offices.map((o) => o.iri))),
    topic: commonest(rows.flatMap((r) => r.topics)),
    verdict: commonest(rows.map((r) => r.extra.verdict)),
    claimKind: commonest(rows.map((r) => r.extra.judgement)),
    source: commonest(rows.map((r) => r.extra.record)),
    about: 'https://w3id.org/delicacy/id/person/maiskii',
    // Upper case, as a reader types it; the words of one row, so that it matches.
    q: words.slice(0, 2).join(' ').toUpperCase() || undefined,
    // The middle of the dated rows: some before, some after; a month for `to`, as a reader types it.
    from: dated[Math.floor(dated.length / 3)],
    to: dated[Math.floor((2 * dated.length) / 3)]?.slice(0, 7),
  };
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Every filter alone, every pair of them, and all together. */
function filterSets(kind: EntityKind, values: Record<string, string>): Record<string, string>[] {
  const names = KINDS[kind].filters.filter((name) => values[name] !== undefined);
  const sets: Record<string, string>[] = [{}];
  names.forEach((a, i) => {
    sets.push({ [a]: values[a] });
    for (const b of names.slice(i + 1)) sets.push({ [a]: values[a], [b]: values[b] });
  });
  if (names.length > 2) sets.push(Object.fromEntries(names.map((name) => [name, values[name]])));
  return sets;
}

/** The orders and pages each filter set is looked at in. */
const VIEWS: Record<string, string>[] = [{}, { order: 'desc' }, { sort: 'name', page: '2' }, { sort: 'date', order: 'desc' }, { sort: 'number', page: '999' }];

describe('lists kept as columns', () => {
  it('give, for every filter and pair of filters, every order and page, what the store gives and what a filter over the rows gives', async () => {
    const fromFiles = releaseLists(testDist(), manifest, lookup);
    const fromStore = storeListSource(lookup);
    let nonEmpty = 0;
    let checked = 0;
    for (const kind of ENTITY_KINDS) {
      const rows = await readKindList(lookup, kind);
      const values = filterValues(rows);
      for (const filters of filterSets(kind, values)) {
        for (const view of VIEWS) {
          const params = { ...filters, ...view };
          const what = `${kind} ${JSON.stringify(params)}`;
          const [file, fromRows, expected] = await Promise.all([loadCollection(lookup, kind, params, fromFiles), loadCollection(lookup, kind, params, fromStore), referencePage(rows, params)]);
          expect(file, what).toEqual(fromRows);
          expect({ matching: file.matching, iris: file.rows.map((r) => r.iri) }, what).toEqual(expected);
          if (file.matching > 0 && Object.keys(filters).length > 0) nonEmpty++;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    // Most filters keep some rows: the comparisons are not of empty pages.
    expect(nonEmpty).toBeGreaterThan(checked / 3);
  });

  it('narrow the claims by what they are about and their source, the rows confirmed by reading them', async () => {
    const lists = releaseLists(testDist(), manifest, lookup);
    const rows = await readKindList(lookup, 'claim');
    const cases: Record<string, string>[] = [{ about: 'https://w3id.org/delicacy/id/person/maiskii' }, { about: 'https://w3id.org/delicacy/id/person/maiskii', order: 'desc', page: '2' },
      { source: filterValues(rows).source! }, { about: 'https://w3id.org/delicacy/id/person/nobody-at-all' }];
    for (const params of cases) {
      const view = await loadCollection(lookup, 'claim', params, lists);
      expect({ matching: view.matching, iris: view.rows.map((r) => r.iri) }, JSON.stringify(params)).toEqual(await referencePage(rows, params));
    }
    expect((await loadCollection(lookup, 'claim', { about: 'https://w3id.org/delicacy/id/person/maiskii' }, lists)).matching).toBeGreaterThan(PAGE_SIZE);
  });

  it('keep documents by archive in the order of the grouping, filtered or not, ascending or descending', async () => {
    const lists = releaseLists(testDist(), manifest, lookup);
    const rows = await readKindList(lookup, 'document');
    const values = filterValues(rows);
    const cases: Record<string, string>[] = [{}, { order: 'desc' }, { page: '2' }, { order: 'desc', page: '3' }, { side: values.side! }, { q: 'FO 371' }, { from: values.from!, order: 'desc' }, { type: values.type!, page: '2' }];
    for (const params of cases) {
      const view = await loadCollection(lookup, 'document', params, lists);
      const expected = await referencePage(rows, params);
      expect({ matching: view.matching, iris: view.rows.map((r) => r.iri) }, JSON.stringify(params)).toEqual(expected);
      // The page is shown grouped, the groups in the page's order.
      expect(view.documents!.flatMap((a) => a.series.flatMap((s) => s.pieces.flatMap((p) => p.rows.map((r) => r.iri)))), JSON.stringify(params)).toEqual(expected.iris);
    }
    expect(rows.rows.length).toBeGreaterThan(PAGE_SIZE);
  });

  it('match a text as a filter over the rows did, again from the recent texts', async () => {
    const list = await readListFile(listPath(testDist(), 'claim'), 'claim');
    const rows = await readKindList(lookup, 'claim');
    for (const q of ['halifax', 'HALIFAX molotov', 'maisk', 'differ', 'no such words here', 'майский', '"', 'k.', 'é', '\\']) {
      const words = q.toLowerCase().split(/\s+/);
      const expected = rows.rows.flatMap((row, i) => (words.every((w) => `${row.label} ${row.description ?? ''} ${Object.values(row.extra).join(' ')}`.toLowerCase().includes(w)) ? [i] : []));
      for (let again = 0; again < 2; again++) {
        const mask = await list.textMask(words);
        expect(Array.from(mask).flatMap((hit, i) => (hit ? [i] : [])), q).toEqual(expected);
      }
    }
  });
});

describe("a text's pass over a list file", () => {
  it('skips no line whose row matches: every word of every row of every kind found in its line', () => {
    let words = 0;
    for (const kind of ENTITY_KINDS) {
      const lines = readFileSync(listPath(testDist(), kind), 'utf8').trimEnd().split('\n').slice(1);
      for (const line of lines) {
        const { at: _at, ...row } = JSON.parse(line) as ItemRow & { at: number[] };
        const text = rowText(row);
        for (const word of text.split(/\s+/).filter(Boolean)) {
          // The word and a piece of it (what a reader types), each alone: the prefilter keeps the line.
          for (const part of [word, word.slice(1, 4)].filter(Boolean)) expect(lineMayMatch([part])?.(line.toLowerCase()) ?? true, `${kind} ${part}`).toBe(true);
          words++;
        }
      }
    }
    expect(words).toBeGreaterThan(10_000);
    // Words JSON escapes, or outside printable ASCII, are not prefiltered.
    expect(lineMayMatch(['"', '\\', 'майский'])).toBeUndefined();
    expect(lineMayMatch(['halifax'])!('{"label":"lord halifax"}')).toBe(true);
    expect(lineMayMatch(['halifax'])!('{"label":"lord seeds"}')).toBe(false);
  });
});

describe('a list file changed under a served list', () => {
  const dir = join(projectPath('test-output'), 'list-columns-changed');
  const WHEN = 1_700_000_000;
  const fresh = async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'list-claim.ndjson');
    copyFileSync(listPath(testDist(), 'claim'), path);
    // A whole second, that a rewrite can be given again.
    utimesSync(path, WHEN, WHEN);
    const list = await readListFile(path, 'claim');
    expect(list.rowsAt([0, 1, list.size - 1]).map((r) => r.iri)).toEqual((await readKindList(lookup, 'claim')).rows.filter((_, i) => [0, 1, list.size - 1].includes(i)).map((r) => r.iri));
    return { path, list };
  };

  it('cut short: an error naming the file, for a page and for a text', async () => {
    const { path, list } = await fresh();
    const text = readFileSync(path);
    writeFileSync(path, text.subarray(0, text.length / 2));
    expect(() => list.rowsAt([list.size - 1])).toThrow(ListFileError);
    expect(() => list.rowsAt([0])).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} changed`));
    await expect(list.textMask(['halifax'])).rejects.toThrow(ListFileError);
  });

  it('replaced by another file: an error naming it', async () => {
    const { path, list } = await fresh();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    writeFileSync(`${path}.new`, `${[lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')}\n`);
    renameSync(`${path}.new`, path);
    expect(() => list.rowsAt([0])).toThrow(/list-claim\.ndjson changed/);
  });

  it('rewritten in place with its size and time kept: the rows are not where they were, an error naming it', async () => {
    const { path, list } = await fresh();
    const before = statSync(path);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    // Two rows swapped: the same bytes, in other places.
    writeFileSync(path, `${[lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')}\n`);
    utimesSync(path, WHEN, WHEN);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(path).size).toBe(before.size);
    expect(() => list.rowsAt([0])).toThrow(ListFileError);
    expect(() => list.rowsAt([1])).toThrow(/list-claim\.ndjson changed since it was read: row 2/);
    await expect(list.textMask(['halifax'])).rejects.toThrow(ListFileError);
    // The rows after them are where they were.
    expect(list.rowsAt([5]).map((r) => r.iri)).toEqual([(await readKindList(lookup, 'claim')).rows[5].iri]);
    rmSync(dir, { recursive: true, force: true });
  });
});
