// Search as a reader uses it: type-ahead in the header, the results page, and the
// same answers as JSON; by a Cyrillic name, an archival reference and a footnote.

import { describe, expect, it } from 'vitest';
import { open, screenshot, url } from '../browser.js';

describe('search in a browser', () => {
  it('type-ahead in the header finds Maiskii by his Cyrillic name; Enter on the suggestion opens his page', async () => {
    const { page, errors } = await open('/views/accounts');
    await page.locator('#site-search-q').pressSequentially('Майский', { delay: 20 });
    const option = page.locator('#site-search-suggestions [role="option"]', { hasText: 'I. M. Maiskii' });
    await option.waitFor();
    expect(await page.getAttribute('#site-search-q', 'aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#site-search-q', 'aria-activedescendant')).toMatch(/^suggestion-/);
    await Promise.all([page.waitForURL(/\/id\/person\/maiskii$/), page.keyboard.press('Enter')]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an archival reference finds the documents of that file, a registry number its document, "fn 38" the footnote', async () => {
    const { page, errors } = await open(`/search?${new URLSearchParams({ q: 'FO 371/23682' })}`);
    const documents = page.locator('.results section#document');
    expect(await documents.locator('a[href="/id/document/halifax-to-seeds-1939-10-16"]').count()).toBe(1);
    expect(await page.locator('.results section').first().getAttribute('id')).toBe('document');
    for (const [q, href] of [['N5342/92/38', '/id/document/halifax-to-seeds-1939-10-16'], ['fn 38', '/id/footnote/carley-1999/38'], ['DVP XXII/2 190', '/id/document/maiskii-to-narkomindel-1939-10-16']]) {
      await page.goto(url(`/search?${new URLSearchParams({ q })}`));
      expect(await page.locator('.results li').first().locator('a').getAttribute('href'), q).toBe(href);
    }
    // The picture for the README: a name in Cyrillic, results grouped by kind.
    await page.goto(url(`/search?${new URLSearchParams({ q: 'Майский' })}`));
    expect(await page.locator('.results section#person li a').first().textContent()).toBe('I. M. Maiskii');
    await screenshot(page, 'search');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works without JavaScript: the header form submits to the server-rendered results', async () => {
    const context = await (await import('../browser.js')).session.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url('/id/'));
    await page.fill('#site-search-q', 'Maisky');
    await Promise.all([page.waitForURL(/\/search\?q=Maisky/), page.click('form.site-search button[type="submit"]')]);
    expect(await page.locator('.results section#person li a').first().textContent()).toBe('I. M. Maiskii');
    await context.close();
  });
});
