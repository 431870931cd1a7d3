// The README a newcomer reads: its figures are the dataset's (counts against
// `stats`, quads and triples against the build, the graphs it lists against the
// graphs in the dump), its quick start is the two commands, every file it links
// to exists, and it stays short enough to read in five minutes.

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectPath } from '../src/model/paths.js';
import { loadDataset } from '../src/store/loadDataset.js';
import { datasetStats } from '../src/store/stats.js';
import { testDist } from './fixtures/testDist.js';
import { readManifest } from '../src/store/loadDataset.js';
import { DUMP_FILES } from '../src/build/pipeline.js';

const readme = readFileSync(projectPath('README.md'), 'utf8');

function readmeCount(label: string): number {
  const match = new RegExp(`\\| ${label} \\| (\\d+)`).exec(readme);
  if (!match) throw new Error(`README has no count for '${label}'`);
  return Number(match[1]);
}

describe('README', () => {
  it('quotes the counts that stats gives for the built dataset', () => {
    const stats = Object.fromEntries(datasetStats(loadDataset(testDist()).store).map((s) => [s.name, s.count]));
    const expectations: [string, number][] = [
      ['people', stats.people], ['groups', stats.groups], ['organisations', stats.organisations], ['places', stats.places],
      ['meetings and conversations', stats.meetings], ['documents \\(archival and published\\)', stats.documents], ['works', stats.works],
      ['claims', stats.claims], ['quotations', stats.quotations], ['comparisons of accounts', stats['comparisons of accounts']],
      ['entities linked to Wikidata', stats['entities linked to Wikidata']], ['paragraphs', stats.paragraphs],
    ];
    for (const [label, count] of expectations) expect(readmeCount(label), label).toBe(count);
    expect(readme).toContain(`| ${stats.claims} (${stats['claims from sources']} from sources, ${stats["author's judgements"]} author's judgements, of which ${stats["omissions (a record's silence)"]} a record's silence)`);
    expect(readme).toContain(`(${stats['conflicting-account sets']} conflicting, ${stats['concurring-account sets']} concurring)`);
    const candidates = (parse(readFileSync(projectPath('data', 'links', 'candidates.yaml'), 'utf8')).candidates as unknown[]).length;
    expect(readmeCount('Wikidata link candidates')).toBe(candidates);
  });

  it('states the number of quads and triples and names the graphs the dump holds', () => {
    const manifest = readManifest(testDist());
    const number = (pattern: RegExp) => Number(pattern.exec(readme)?.[1].replace(/,/g, ''));
    expect(number(/([\d,]+) quads in/)).toBe(manifest.quads);
    expect(number(/holds ([\d,]+) triples/)).toBe(manifest.triples);
    const graphs = new Set([...readFileSync(join(testDist(), DUMP_FILES.nquads), 'utf8').matchAll(/<https:\/\/w3id\.org\/delicacy\/graph\/([^>]+)> \.$/gm)].map((m) => m[1]));
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
    expect(readme).toContain(`quads in ${words[graphs.size]} named graphs`);
    for (const graph of graphs) expect(readme, graph).toContain(`\`${graph}\``);
  });

  it('has exactly the two quick-start commands, and .ci/run runs the test command', () => {
    const quickStart = /## Quick start\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split('\n').map((line) => line.replace(/\s+#.*$/, ''));
    expect(quickStart).toEqual(['npm install && npm start', 'npm install && npm test']);
    const pkg = JSON.parse(readFileSync(projectPath('package.json'), 'utf8'));
    expect(pkg.scripts.start).toBeTruthy();
    expect(pkg.scripts.test).toContain('ensure-chromium');
    expect(readme).toMatch(/Debian's `chromium` package/);
    expect(readFileSync(projectPath('.ci', 'run'), 'utf8')).toContain('npm install && npm test');
  });

  it('links only to files that exist, and reads in five minutes', () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((link) => !/^[a-z]+:/.test(link));
    expect(links.length).toBeGreaterThan(8);
    for (const link of links) expect(existsSync(projectPath(link)), link).toBe(true);
    for (const doc of ['data-model', 'service', 'command-line', 'publishing', 'reliability', 'performance']) expect(links).toContain(`docs/${doc}.md`);
    expect(readme.split(/\s+/).length).toBeLessThan(1200);
  });
});
