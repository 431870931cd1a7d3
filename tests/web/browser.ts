// One real server and one Debian Chromium (playwright-core) shared by every
// browser suite (tests/web/suites/), started once by tests/web/browser.test.ts:
// opening pages with console errors (CSP violations included) collected, screenshots
// under test-output/screenshots (copied into docs/screenshots with
// DELICACY_UPDATE_SCREENSHOTS=1), horizontal overflow, and axe-core.

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';
import { projectPath } from '../../src/model/paths.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = projectPath('test-output', 'screenshots');
/** Screenshots the README and docs show. */
const PUBLISHED = ['network', 'accounts', 'timeline', 'home', 'search', 'list-people', 'maiskii'];
export const LAPTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };
export const NARROW = { width: 360, height: 780 };

export const session: { server: RunningServer; browser: Browser } = {} as never;

export async function startSession(): Promise<void> {
  session.server = await startTestServer();
  session.browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function stopSession(): Promise<void> {
  await session.browser?.close();
  await session.server?.close();
}

export function url(path: string): string {
  return `${session.server.url}${path.replace(/^\//, '')}`;
}

export async function open(path: string, viewport = LAPTOP): Promise<{ page: Page; errors: string[] }> {
  // A context per page: axe-core needs one, and pages share no cache or storage.
  const context = await session.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('close', () => { context.close().catch(() => undefined); });
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  await page.goto(url(path));
  return { page, errors };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  if (process.env.DELICACY_UPDATE_SCREENSHOTS === '1' && PUBLISHED.includes(name)) {
    mkdirSync(projectPath('docs', 'screenshots'), { recursive: true });
    copyFileSync(file, projectPath('docs', 'screenshots', `${name}.png`));
  }
}

export async function select(query: string): Promise<Record<string, { value: string }>[]> {
  const res = await fetch(`${session.server.url}sparql?${new URLSearchParams({ query })}`, { headers: { Accept: 'application/sparql-results+json' } });
  return (await res.json()).results.bindings;
}

export async function noPageOverflow(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${label} overflows sideways by ${overflow}px`).toBeLessThanOrEqual(1);
}

/** WCAG 2.1 A and AA rules of axe-core: the serious and critical violations, described. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Only violations are collected (passes are not listed): much faster on long pages.
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).options({ resultTypes: ['violations'] }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
