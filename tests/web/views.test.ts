// The views in a real browser (Debian's Chromium driven by playwright-core)
// against the real server: each renders with data, without console errors, at a
// laptop and a phone width, links to its queries, and leaves a screenshot under
// test-output/screenshots (and, with DELICACY_UPDATE_SCREENSHOTS=1, in docs/).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';
import { projectPath } from '../../src/model/paths.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = projectPath('test-output', 'screenshots');
const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;

async function open(path: string, viewport = LAPTOP): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  await page.goto(`${server.url}${path.replace(/^\//, '')}`);
  return { page, errors };
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.DELICACY_UPDATE_SCREENSHOTS === '1' && ['network', 'accounts', 'timeline', 'home'].includes(name)) {
    mkdirSync(projectPath('docs', 'screenshots'), { recursive: true });
    copyFileSync(file, projectPath('docs', 'screenshots', `${name}.png`));
  }
}

async function select(query: string): Promise<Record<string, { value: string }>[]> {
  const res = await fetch(`${server.url}sparql?${new URLSearchParams({ query })}`, { headers: { Accept: 'application/sparql-results+json' } });
  return (await res.json()).results.bindings;
}

async function checkQueryLinks(page: Page): Promise<void> {
  const hrefs = await page.locator('#view-queries a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) expect(href).toMatch(/^\/sparql#query=/);
}

async function noPageOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

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

  it('timeline: shows 30 November 1939 with its claim on hover, and the sections', async () => {
    const { page, errors } = await open('/views/timeline');
    await page.waitForSelector('#timeline[data-items]');
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
    const eden = page.locator('section.comparison', { hasText: '13 October 1939' }).filter({ hasText: 'Eden' }).first();
    await expect.poll(() => eden.isVisible()).toBe(true);
    expect(await eden.locator('.claim.side-british').count()).toBeGreaterThan(0);
    expect(await eden.locator('.claim.side-soviet').count()).toBeGreaterThan(0);
    expect(await eden.locator('.discrepancy').textContent()).toBeTruthy();
    const dates = await page.locator('section.comparison').evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.date ?? ''));
    expect(dates.filter(Boolean)).toEqual([...dates.filter(Boolean)].sort());
    await page.selectOption('#order', 'desc');
    const reversed = await page.locator('section.comparison').evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.date ?? ''));
    expect(reversed.filter(Boolean)).toEqual([...dates.filter(Boolean)].sort().reverse());
    await page.selectOption('#order', 'asc');
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
      await noPageOverflow(page);
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
