// `link verify` against recorded Wikidata responses served on loopback: a link
// that holds, a namesake (same name, other dates), a redirect, a missing item,
// and candidates promoted only when unambiguous. Never touches the internet.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runLinkVerify } from '../../src/link/verifyCommand.js';
import { USER_AGENT } from '../../src/link/verify.js';
import { startFakeWikidata, type FakeWikidata } from '../fixtures/wikidata/fakeWikidata.js';
import { testDist } from '../fixtures/testDist.js';

let wikidata: FakeWikidata;
beforeAll(async () => { wikidata = await startFakeWikidata(); });
afterAll(async () => { await wikidata.close(); });

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'delicacy-links-'));
  const evidence = { method: 'verified-record', checked: '2026-11-26', source: 'test', record: 'a public record tying the item to the entity' };
  const linksFile = join(dir, 'wikidata.yaml');
  writeFileSync(linksFile, stringify({ links: [
    { entity: 'churchill', qid: 'Q8016', match: 'exact', wikidataLabel: 'Winston Churchill', wikidataDates: '1874–1965', evidence },
    { entity: 'stanley', qid: 'Q3497552', match: 'exact', wikidataLabel: 'Oliver Stanley', wikidataDates: '1896–1950', evidence },
    { entity: 'eden', qid: 'Q128995', match: 'exact', wikidataLabel: 'Anthony Eden', wikidataDates: '1897–1977', evidence },
    { entity: 'butler', qid: 'Q182035', match: 'exact', wikidataLabel: 'Rab Butler', evidence },
  ] }));
  const candidatesFile = join(dir, 'candidates.yaml');
  writeFileSync(candidatesFile, stringify({ candidates: [
    { entity: 'seeds', type: 'person', name: 'Sir William Seeds', hints: ['British'] },
    { entity: 'snow', type: 'person', name: 'Thomas Snow', hints: ['British'] },
    { entity: 'remnant', type: 'person', name: 'Ernest Remnant', hints: ['British'] },
  ] }));
  return { linksFile, candidatesFile };
}

describe('link verify', () => {
  it('reports a confirmed link, a namesake, a redirect and a missing item, and promotes only the unambiguous candidate', async () => {
    const { linksFile, candidatesFile } = files();
    const lines: string[] = [];
    const code = await runLinkVerify({ api: wikidata.api, dist: testDist(), write: false, linksFile, candidatesFile, today: '2026-11-26', log: (l) => lines.push(l) });
    expect(code).toBe(5);
    const report = lines.join('\n');
    expect(report).toMatch(/\| churchill \| Q8016 \| confirmed \|/);
    expect(report).toMatch(/\| stanley \| Q3497552 \| mismatch \| dates differ: recorded 1896–1950, Wikidata 1925–2001/);
    expect(report).toMatch(/\| eden \| Q128995 \| redirected \| Q128995 now redirects to Q90000001/);
    expect(report).toMatch(/\| butler \| Q182035 \| missing \|/);
    expect(report).toMatch(/\| seeds \| Q90000011 \| candidate promoted \|/);
    expect(report).toMatch(/\| snow \| {2}\| candidate ambiguous \| namesakes: Q90000021 .*Q90000022/);
    expect(report).toMatch(/\| remnant \| {2}\| candidate no-match \|/);
    expect(wikidata.userAgents.every((ua) => ua === USER_AGENT)).toBe(true);
    expect(wikidata.requests.every((url) => url.startsWith('/w/api.php?action=wb'))).toBe(true);
  });

  it('with --write, adds the promoted candidate as a link with its evidence and follows the redirect', async () => {
    const { linksFile, candidatesFile } = files();
    await runLinkVerify({ api: wikidata.api, dist: testDist(), write: true, linksFile, candidatesFile, today: '2026-11-26', log: () => undefined });
    const links = parse(readFileSync(linksFile, 'utf8')).links;
    const seeds = links.find((l: { entity: string }) => l.entity === 'seeds');
    expect(seeds.qid).toBe('Q90000011');
    expect(seeds.evidence.method).toBe('online-check');
    expect(seeds.evidence.checked).toBe('2026-11-26');
    expect(seeds.evidence.record).toMatch(/only one whose label or alias matches.*instance of human \(Q5\).*British diplomat/);
    expect(links.find((l: { entity: string }) => l.entity === 'eden').qid).toBe('Q90000001');
    expect(links.find((l: { entity: string }) => l.entity === 'stanley').qid).toBe('Q3497552');
    const candidates = parse(readFileSync(candidatesFile, 'utf8')).candidates.map((c: { entity: string }) => c.entity);
    expect(candidates).toEqual(['snow', 'remnant']);
  });

  it('changes nothing and exits 6 when Wikidata cannot be reached', async () => {
    const { linksFile, candidatesFile } = files();
    const before = readFileSync(linksFile, 'utf8');
    const lines: string[] = [];
    const code = await runLinkVerify({ api: 'http://127.0.0.1:9/w/api.php', dist: testDist(), write: true, linksFile, candidatesFile, log: (l) => lines.push(l) });
    expect(code).toBe(6);
    expect(lines.join('\n')).toMatch(/not reachable/);
    expect(readFileSync(linksFile, 'utf8')).toBe(before);
  });
});
