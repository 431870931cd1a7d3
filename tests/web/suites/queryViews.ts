// The query UI's result views: a SELECT shown as a timeline, a network or a chart,
// chosen by a comment in the query or in the result tabs.

import { describe, expect, it } from 'vitest';
import { open, screenshot, select } from '../browser.js';

describe('result views in the query UI', () => {
  it('opens in the view the query asks for (#defaultView), and switches between views in the tabs', async () => {
    const { page, errors } = await open('/sparql');
    await page.waitForSelector('#yasgui[data-ready]', { timeout: 30_000 });
    // V01 asks for a timeline of Maiskii's meetings.
    await page.click('a[data-example]:text-is("V01")');
    const timeline = page.locator('.result-view-timeline[data-items]');
    await timeline.waitFor({ timeout: 30_000 });
    // As many marks as the query has dated rows, counted independently.
    const [{ n }] = await select('PREFIX dly: <https://w3id.org/delicacy/ontology#> SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dly:Meeting ; dly:participant <https://w3id.org/delicacy/id/person/maiskii> ; dly:earliest ?e }');
    expect(Number(await timeline.getAttribute('data-items'))).toBe(Number(n.value));
    expect(await timeline.locator('a.result-item').count()).toBe(Number(n.value));
    await screenshot(page, 'query-timeline');
    // V02 asks for a network of who met whom.
    await page.click('a[data-example]:text-is("V02")');
    const network = page.locator('.result-view-network[data-nodes]').last();
    await network.waitFor({ timeout: 30_000 });
    expect(Number(await network.getAttribute('data-nodes'))).toBeGreaterThan(15);
    // V03 asks for a chart of comparisons per kind of discrepancy.
    await page.click('a[data-example]:text-is("V03")');
    const chart = page.locator('.result-view-chart[data-bars]').last();
    await chart.waitFor({ timeout: 30_000 });
    expect(Number(await chart.getAttribute('data-bars'))).toBeGreaterThan(3);
    await screenshot(page, 'query-chart');
    // The table is one click away; and back to the chart.
    const tabs = page.locator('.yasr:visible .select_table');
    await tabs.click();
    expect(await page.locator('.yasr:visible table').count()).toBeGreaterThan(0);
    await page.locator('.yasr:visible .select_chart').click();
    await page.locator('.yasr:visible .result-view-chart').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
