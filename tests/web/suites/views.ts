// The views: each renders with data, without console errors, at a
// laptop and a phone width, links to its queries, and leaves a screenshot under
// test-output/screenshots (and, with DELICACY_UPDATE_SCREENSHOTS=1, in docs/).

import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { open, PHONE, noPageOverflow, screenshot, select } from '../browser.js';

async function checkQueryLinks(page: Page): Promise<void> {
  const hrefs = await page.locator('#view-queries a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) expect(href).toMatch(/^\/sparql#query=/);
}

describe('views in a browser', () => {
  it('network: the expected people, coloured by side; clicking Maiskii opens his page', async () => {
    const { page, errors } = await open('/views/network');
    await page.waitForSelector('#network[data-nodes]');
    const nodes = Number(await page.getAttribute('#network', 'data-nodes'));
    // Independently: people who met another person, or wrote to one, between August 1939 and 1940.
    const expected = await select(`PREFIX dly: <https://w3id.org/delicacy/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
      SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
        { ?l a dly:Meeting ; dly:participant ?p, ?q . FILTER(?p != ?q) } UNION { ?l a dly:Communication ; dcterms:creator ?p ; dly:recipient ?q . FILTER(?p != ?q) }
        UNION { ?l a dly:Communication ; dcterms:creator ?q ; dly:recipient ?p . FILTER(?p != ?q) }
        ?p a dly:Person . ?q a dly:Person . ?l dly:earliest ?e . OPTIONAL { ?l dly:latest ?t }
        FILTER(?e <= "1940-12-31"^^<http://www.w3.org/2001/XMLSchema#date> && COALESCE(?t, ?e) >= "1939-08-01"^^<http://www.w3.org/2001/XMLSchema#date>) }`);
    expect(nodes).toBe(Number(expected[0].n.value));
    expect(nodes).toBeGreaterThan(20);
    await checkQueryLinks(page);
    await screenshot(page, 'network');
    const maiskii = 'https://w3id.org/delicacy/id/person/maiskii';
    const position = await page.evaluate((iri) => {
      const cy = (window as unknown as { delicacyNetwork: { getElementById(id: string): { renderedPosition(): { x: number; y: number }; data(k: string): string } } }).delicacyNetwork;
      const node = cy.getElementById(iri);
      return { ...node.renderedPosition(), colour: node.data('colour') };
    }, maiskii);
    expect(position.colour).toBe('#b3261e');
    // No label overlaps another label or node: the layout counts labels in node sizes.
    const overlaps = await page.evaluate(() => {
      const cy = (window as unknown as { delicacyNetwork: { nodes(): { toArray(): { id(): string; boundingBox(o: object): { x1: number; x2: number; y1: number; y2: number } }[] } } }).delicacyNetwork;
      const boxes = cy.nodes().toArray().map((n) => ({ id: n.id(), ...n.boundingBox({ includeLabels: true, includeOverlays: false }) }));
      const found: string[] = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]; const b = boxes[j];
        if (Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > 1 && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > 1) found.push(`${a.id} / ${b.id}`);
      }
      return found;
    });
    expect(overlaps).toEqual([]);
    // The same data as a table.
    expect(await page.locator('#network-table tbody tr').count()).toBe(Number(await page.getAttribute('#network', 'data-edges')));
    const box = (await page.locator('#network').boundingBox())!;
    await Promise.all([page.waitForURL(/\/id\/person\/maiskii$/), page.mouse.click(box.x + position.x, box.y + position.y)]);
    expect(await page.locator('h1').textContent()).toContain('Maiskii');
    // Filtering by a topic narrows the graph.
    const filtered = await open('/views/network');
    await filtered.page.waitForSelector('#network[data-nodes]');
    await filtered.page.selectOption('#topic', 'https://w3id.org/delicacy/id/concept/topic/finland');
    await filtered.page.waitForFunction((all) => Number(document.getElementById('network')!.dataset.nodes) < all, nodes);
    expect(errors.concat(filtered.errors)).toEqual([]);
    await filtered.page.close();
    await page.close();
  });

  it('timeline: the whole period in view, zoomable with the scrolling said; 30 November 1939 with its claim on hover; labels clear of every mark', async () => {
    const { page, errors } = await open('/views/timeline');
    await page.waitForSelector('#timeline[data-items]');
    // The whole period fits: no sideways scrolling until the reader zooms in, and February-March 1940 are drawn.
    const fits = await page.evaluate(() => { const s = document.getElementById('timeline-scroll')!; return s.scrollWidth - s.clientWidth; });
    expect(fits).toBeLessThanOrEqual(2);
    expect(await page.locator('a.item[data-earliest^="1940-03"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#scroll-cue').textContent()).toMatch(/whole period is in view/i);
    // No label crosses a mark: labels are drawn after their mark, in their own row space.
    const crossings = await page.evaluate(() => {
      const boxes = (selector: string) => Array.from(document.querySelectorAll(selector)).map((e) => (e as SVGGraphicsElement).getBBox());
      const labels = boxes('#timeline g.labels text');
      const marks = boxes('#timeline a.item rect, #timeline a.item circle');
      let count = 0;
      for (const l of labels) for (const m of marks) if (Math.min(l.x + l.width, m.x + m.width) - Math.max(l.x, m.x) > 1 && Math.min(l.y + l.height, m.y + m.height) - Math.max(l.y, m.y) > 1) count++;
      return { count, labels: labels.length };
    });
    expect(crossings.labels).toBeGreaterThan(20);
    expect(crossings.count).toBe(0);
    await page.click('#zoom-in');
    await page.click('#zoom-in');
    const scrollable = await page.evaluate(() => { const s = document.getElementById('timeline-scroll')!; return s.scrollWidth - s.clientWidth; });
    expect(scrollable).toBeGreaterThan(100);
    expect(await page.locator('#scroll-cue').textContent()).toMatch(/Scroll sideways/);
    await page.click('#zoom-fit');
    expect(await page.locator('#timeline-table tbody tr').count()).toBe(Number(await page.getAttribute('#timeline', 'data-items')));
    const winterWar = page.locator('a.item[data-earliest="1939-11-30"]').first();
    await expect.poll(() => winterWar.isVisible()).toBe(true);
    await winterWar.hover();
    await expect.poll(() => page.locator('#tooltip').isVisible()).toBe(true);
    expect(await page.locator('#tooltip').textContent()).toMatch(/1939-11-30/);
    expect(await page.locator('.section-band').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('.item-meeting').count()).toBeGreaterThan(20);
    await checkQueryLinks(page);
    await screenshot(page, 'timeline');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('accounts: lists the Eden–Maiskii breakfast of 13 October 1939 with both accounts', async () => {
    const { page, errors } = await open('/views/accounts');
    await page.waitForSelector('#accounts[data-count]');
    const eden = page.locator('section.meeting-group', { hasText: '13 October 1939' }).filter({ hasText: 'Eden' }).first();
    await expect.poll(() => eden.isVisible()).toBe(true);
    expect(await eden.locator('.claim.side-british').count()).toBeGreaterThan(0);
    expect(await eden.locator('.claim.side-soviet').count()).toBeGreaterThan(0);
    expect(await eden.locator('.discrepancy').first().textContent()).toBeTruthy();
    const dates = await page.locator('section.comparison').evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.date ?? ''));
    expect(dates.filter(Boolean)).toEqual([...dates.filter(Boolean)].sort());
    await page.selectOption('#order', 'desc');
    const reversed = await page.locator('section.comparison').evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.date ?? ''));
    expect(reversed.filter(Boolean)).toEqual([...dates.filter(Boolean)].sort().reverse());
    await page.selectOption('#order', 'asc');
    // One heading per meeting, however many comparisons it has; footnotes link to their pages.
    const concerns = await page.locator('section.meeting-group').evaluateAll((groups) => groups.map((g) => (g as HTMLElement).dataset.concerns));
    expect(new Set(concerns).size).toBe(concerns.length);
    expect(await page.locator('section.meeting-group').count()).toBeLessThan(await page.locator('section.comparison').count());
    expect(await page.locator('.discrepancy a[href^="/id/footnote/"]').count()).toBeGreaterThan(10);
    expect(await page.locator('.claim .prov a[href^="/id/footnote/"]').count()).toBeGreaterThan(10);
    await checkQueryLinks(page);
    await screenshot(page, 'accounts');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('home page: counts, citation, licence and the ways in', async () => {
    const { page, errors } = await open('/');
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/A Situation of Delicacy and Danger/);
    expect(text).toMatch(/CC BY 4\.0/);
    expect(await page.locator('.card .count').count()).toBeGreaterThan(5);
    for (const href of ['/views/network', '/views/timeline', '/views/accounts', '/sparql', '/dumps/', '/.well-known/void']) {
      expect(await page.locator(`main a[href="${href}"]`).count(), href).toBeGreaterThan(0);
    }
    await screenshot(page, 'home');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every view works at a phone width', async () => {
    for (const [path, ready] of [['/views/network', '#network[data-nodes]'], ['/views/timeline', '#timeline[data-items]'], ['/views/accounts', '#accounts[data-count]'], ['/', 'main'], ['/id/meeting/eden-maiskii-1939-10-13', 'h1']]) {
      const { page, errors } = await open(path, PHONE);
      await page.waitForSelector(ready);
      await noPageOverflow(page, path);
      await screenshot(page, `phone-${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}`);
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });

  it('the query UI opens a query handed over in the link; the reader runs it', async () => {
    const query = 'PREFIX dly: <https://w3id.org/delicacy/ontology#> SELECT (COUNT(*) AS ?meetings) WHERE { ?m a dly:Meeting }';
    const { page, errors } = await open(`/sparql#${new URLSearchParams({ query })}`);
    await page.locator('#handed-query').waitFor({ state: 'visible' });
    await page.locator('.yasqe_queryButton:visible').first().click();
    await expect.poll(() => page.locator('.yasr:visible').first().textContent(), { timeout: 15_000 }).toMatch(/meetings/);
    await screenshot(page, 'query-ui');
    expect(errors).toEqual([]);
    await page.close();
  });
});
