// The query UI in a real browser: it works under the Content-Security-Policy (no
// console errors), and a query handed over in a link waits for the reader to run
// it — a link must not make visitors' browsers run expensive queries.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => { await browser?.close(); await server?.close(); });

describe('query UI', () => {
  it('puts a linked query in the editor without running it; the reader runs it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    page.on('pageerror', (error) => errors.push(error.message));
    const queries: string[] = [];
    page.on('request', (request) => { if (new URL(request.url()).pathname === '/sparql' && request.method() === 'POST') queries.push(request.postData() ?? ''); });
    const linked = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } # linked';
    await page.goto(`${server.url}sparql#${new URLSearchParams({ query: linked })}`);
    await page.waitForFunction(() => 'yasgui' in window);
    await expect.poll(() => page.evaluate(() => (window as unknown as { yasgui: { getTab(): { getYasqe(): { getValue(): string } } } }).yasgui.getTab().getYasqe().getValue())).toContain('# linked');
    expect(await page.locator('#handed-query').isVisible()).toBe(true);
    await page.waitForTimeout(1000);
    expect(queries.filter((q) => q.includes('linked'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
