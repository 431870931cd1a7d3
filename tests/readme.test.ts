// The README's figures must be the dataset's: its counts table is checked
// against `stats` on the built data, and its quick start against package.json.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { projectPath } from '../src/model/paths.js';
import { loadDataset } from '../src/store/loadDataset.js';
import { datasetStats } from '../src/store/stats.js';
import { testDist } from './fixtures/testDist.js';

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
    expect(readme).toContain(`| ${stats.claims} (${stats['claims from sources']} from sources, ${stats["author's judgements"]} author's judgements)`);
    expect(readme).toContain(`(${stats['conflicting-account sets']} conflicting, ${stats['concurring-account sets']} concurring)`);
    const candidates = (parse(readFileSync(projectPath('data', 'links', 'candidates.yaml'), 'utf8')).candidates as unknown[]).length;
    expect(readmeCount('Wikidata link candidates')).toBe(candidates);
  });

  it('has the two quick-start commands, and .ci/run runs the test command', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
    expect(readFileSync(projectPath('.ci', 'run'), 'utf8')).toContain('npm install && npm test');
  });
});
