// Lists and entity pages in the browser: every collection IRI answers with its
// list; filters and sorting work without JavaScript; documents by archive,
// series and piece; footnotes 1-124 in order with their citations; paragraphs in
// reading order; Maiskii's page under the size budget with its table of contents.

import { describe, expect, it } from 'vitest';
import { open, screenshot, select, url } from '../browser.js';
import { KINDS } from '../../../src/web/data/collections.js';

const BUDGET = 150 * 1024;

describe('lists', () => {
  it('every collection IRI answers with a list of its entities, and /id/ lists the lists', async () => {
    const counts = await select(`SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l .
      FILTER(STRSTARTS(STR(?x), "https://w3id.org/delicacy/id/") && !CONTAINS(STR(?x), "#"))
      BIND(STRBEFORE(STRAFTER(STR(?x), "https://w3id.org/delicacy/id/"), "/") AS ?kind) } GROUP BY ?kind`);
    expect(counts.length).toBeGreaterThan(10);
    const { page, errors } = await open('/id/');
    for (const { kind, n } of counts) {
      expect(await page.locator(`a.card[href="/id/${kind.value}/"]`).textContent(), kind.value).toContain(n.value);
    }
    for (const { kind, n } of counts) {
      const res = await fetch(url(`/id/${kind.value}/`), { headers: { Accept: 'application/json' } });
      expect(res.status, kind.value).toBe(200);
      const list = await res.json();
      expect(list.total, kind.value).toBe(Number(n.value));
      const html = await (await fetch(url(`/id/${kind.value}/`))).text();
      expect(Buffer.byteLength(html), `/id/${kind.value}/ is over the budget`).toBeLessThan(BUDGET);
      expect(html).toContain(`<h1>${KINDS[kind.value as keyof typeof KINDS].title}</h1>`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('people: filter by side and office, sort by name either way, without JavaScript', async () => {
    const { page, errors } = await open('/id/person/');
    await screenshot(page, 'list-people');
    await page.selectOption('select[name="side"]', 'https://w3id.org/delicacy/id/concept/side/soviet');
    await Promise.all([page.waitForURL(/side=/), page.click('form.filters button[type="submit"]')]);
    const sides = await page.locator('table.collection tbody tr td:nth-child(2)').allTextContents();
    expect(sides.length).toBeGreaterThan(10);
    expect(new Set(sides)).toEqual(new Set(['Soviet']));
    const names = await page.locator('table.collection tbody tr td:first-child > a').allTextContents();
    expect(names).toContain('I. M. Maiskii');
    // Sorting by name, then reversed.
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toMatch(/Name/);
    const ascending = await page.locator('table.collection tbody tr td:first-child > a').allTextContents();
    await Promise.all([page.waitForURL(/order=desc/), page.click('th a:has-text("Name")')]);
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
    expect(await page.locator('table.collection tbody tr td:first-child > a').allTextContents()).toEqual([...ascending].reverse());
    const office = await open(`/id/person/?office=${encodeURIComponent('https://w3id.org/delicacy/id/post/soviet-ambassador-london')}`);
    expect(await office.page.locator('table.collection tbody tr').allTextContents()).toEqual([expect.stringContaining('Maiskii')]);
    expect(errors.concat(office.errors)).toEqual([]);
    await office.page.close();
    await page.close();
  });

  it('claims: narrowed to an entity and a date range, in date order, a page at a time', async () => {
    const { page, errors } = await open(`/id/claim/?about=${encodeURIComponent('https://w3id.org/delicacy/id/person/maiskii')}&from=1939-10-01&to=1939-10-31`);
    const dates = await page.locator('ul.claims li .muted').allTextContents();
    expect(dates.length).toBeGreaterThan(5);
    // A claim dated within a range overlapping October 1939 is in; every single-day date is in October.
    for (const text of dates.filter((t) => !/–|from|until|up to/.test(t))) expect(text).toMatch(/October 1939/);
    expect(await page.locator('main').textContent()).toMatch(/naming I\. M\. Maiskii/);
    const all = await open('/id/claim/');
    expect(await all.page.locator('nav.pager a').count()).toBeGreaterThan(3);
    expect(errors.concat(all.errors)).toEqual([]);
    await all.page.close();
    await page.close();
  });

  it('documents by archive, series and piece, then by printed collection', async () => {
    const { page, errors } = await open('/id/document/');
    const pro = page.locator('section.archive', { has: page.locator('h2', { hasText: 'Public Record Office' }) });
    const piece = pro.locator('details', { has: page.locator('summary', { hasText: 'FO 371/23682' }) });
    expect(await piece.locator('a[href="/id/document/halifax-to-seeds-1939-10-16"]').count()).toBe(1);
    expect(await piece.textContent()).toContain('N5342/92/38');
    // Paged in the grouping's order (100 documents a page): the printed collections follow the archives, on this page or the next.
    const next = await page.locator('nav.pager a[rel="next"]').getAttribute('href');
    const second = await open(`/id/document/${next}`);
    let volumes = 0;
    for (const p of [page, second.page]) volumes += await p.locator('section.archive', { hasText: 'Printed in published collections' }).locator('h3', { hasText: 'DVP, vol. XXII, bk. 2' }).count();
    expect(volumes).toBeGreaterThanOrEqual(1);
    expect(await second.page.locator('section.archive', { hasText: 'Public Record Office' }).count()).toBe(0);
    expect(errors.concat(second.errors)).toEqual([]);
    await second.page.close();
    await page.close();
  });

  it('footnotes 1-124 in order, a hundred a page, each with its citation and links to what it cites', async () => {
    const { page, errors } = await open('/id/footnote/');
    const numbers = await page.locator('ol.footnotes > li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('value'))));
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const rest = await open(`/id/footnote/${await page.locator('nav.pager a[rel="next"]').getAttribute('href')}`);
    expect(await rest.page.locator('ol.footnotes > li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('value'))))).toEqual(Array.from({ length: 24 }, (_, i) => i + 101));
    await rest.page.close();
    const fn38 = page.locator('ol.footnotes > li[value="38"]');
    expect(await fn38.locator('strong a').textContent()).toBe('Footnote 38');
    expect(await fn38.locator('.citation-text').textContent()).toMatch(/Halifax to Seeds, no\. 736.*FO 371\/23682, N5342\/92\/38/);
    expect(await fn38.locator('a[href="/id/document/halifax-to-seeds-1939-10-16"]').count()).toBe(1);
    const empty = await page.locator('ol.footnotes > li .citation-text').evaluateAll((els) => els.filter((e) => !e.textContent?.trim()).length);
    expect(empty).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the article's sections and paragraphs in reading order, with what each supports", async () => {
    const { page, errors } = await open('/id/section/');
    const sections = await page.locator('section.article-section h2 a').allTextContents();
    expect(sections.slice(0, 3)).toEqual(['Section I', 'Section II', 'Section III']);
    for (const list of await page.locator('ol.paragraphs').all()) {
      const values = await list.locator('li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('value'))));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    const ii = page.locator('section.article-section', { hasText: 'Section II' }).first();
    expect(await ii.locator('li[value="10"]').textContent()).toMatch(/claims?/);
    const section = await open('/id/section/carley-1999/II');
    const paragraphs = await section.page.locator('#paragraphs tbody tr td:first-child').allTextContents();
    expect(paragraphs.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}`));
    expect(errors.concat(section.errors)).toEqual([]);
    await section.page.close();
    await page.close();
  });
});

describe('entity pages', () => {
  it("Maiskii's page: under 150 KB, a summary and a table of contents, long lists folded with counts", async () => {
    const res = await fetch(url('/id/person/maiskii'));
    const bytes = Buffer.byteLength(await res.text());
    expect(bytes).toBeLessThan(BUDGET);
    const { page, errors } = await open('/id/person/maiskii');
    expect(await page.locator('dl.summary').textContent()).toMatch(/Soviet[\s\S]*Soviet ambassador in London/);
    const toc = await page.locator('nav.toc a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(toc.length).toBeGreaterThanOrEqual(5);
    for (const href of toc) expect(await page.locator(href!).count(), href!).toBe(1);
    expect(await page.locator('#meetings details').count()).toBeGreaterThan(3);
    expect(await page.locator('#claims details summary .count-badge').count()).toBeGreaterThan(5);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(15_000);
    await screenshot(page, 'maiskii');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('people words: Wikidata by name and QID, footnotes by number, properties as phrases, "referred to by" in date order', async () => {
    const { page, errors } = await open('/id/person/halifax');
    const wikidata = page.locator('dl.summary a.wikidata-link');
    expect(await wikidata.getAttribute('href')).toMatch(/^https:\/\/www\.wikidata\.org\/wiki\/Q\d+$/);
    expect(await wikidata.textContent()).toMatch(/Halifax/);
    expect(await page.locator('dl.summary').textContent()).toMatch(/Q\d+/);
    for (const group of await page.locator('#referred details ul').all()) {
      const dates = await group.locator('li[data-earliest]').evaluateAll((items) => items.map((li) => li.getAttribute('data-earliest')!));
      expect(dates).toEqual([...dates].sort());
    }
    const main = await page.locator('main').textContent();
    expect(main).not.toMatch(/isPartOf|linkSubject|link subject|carley-1999, footnote/);
    const footnote = await open('/id/footnote/carley-1999/38');
    expect(await footnote.page.title()).toMatch(/^Footnote 38 /);
    expect(errors.concat(footnote.errors)).toEqual([]);
    await footnote.page.close();
    await page.close();
  });
});
