// The command line as scripts use it: real processes, exit codes, --help, and a
// real question answered from the built dataset.

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../src/model/paths.js';
import { testDist } from './fixtures/testDist.js';
import { entry, writeMiniData } from './fixtures/miniData.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [projectPath('bin', 'delicacy.js'), ...args], { encoding: 'utf8', cwd: projectPath() });

describe('delicacy CLI', () => {
  const dist = testDist();

  it('answers "who was British ambassador in Moscow?" from the built data', () => {
    const query = `PREFIX dly: <https://w3id.org/delicacy/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      SELECT ?name ?when WHERE { ?holding dly:post ?post ; dly:holder ?person ; dly:date ?when .
        ?post rdfs:label "British ambassador in Moscow"@en . ?person rdfs:label ?name } ORDER BY ?when`;
    const result = cli('query', query, '--format', 'json', '--dist', dist);
    expect(result.status).toBe(0);
    const names = JSON.parse(result.stdout).results.bindings.map((b: { name: { value: string } }) => b.name.value);
    expect(names).toContain('Sir William Seeds');
    const table = cli('query', query, '--dist', dist);
    expect(table.stdout).toMatch(/Sir William Seeds/);
    expect(table.stdout).toMatch(/\(\d+ rows?\)/);
  });

  it('prints counts per class with stats', () => {
    const result = cli('stats', '--json', '--dist', dist);
    expect(result.status).toBe(0);
    const counts = Object.fromEntries(JSON.parse(result.stdout).counts.map((c: { name: string; count: number }) => [c.name, c.count]));
    expect(counts.footnotes).toBe(124);
    expect(counts.claims).toBeGreaterThan(100);
  });

  it('has --help for every command and exits 2 on wrong usage', () => {
    for (const command of ['build', 'validate', 'query', 'stats', 'serve']) {
      const result = cli(command, '--help');
      expect(result.status, command).toBe(0);
      expect(result.stdout, command).toMatch(/Usage: delicacy/);
    }
    expect(cli('nonsense').status).toBe(2);
    expect(cli('query').status).toBe(2);
    expect(cli('query', 'SELECT * {}', '--bogus').status).toBe(2);
  });

  it('exits 1 with the file, entity and rule on invalid data', () => {
    const bad = writeMiniData((d) => { delete entry(d.claims, 'claim-soviet').source; });
    const result = cli('validate', '--data', bad);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/entries\.yaml:\d+: claim-soviet: \[Claim-source\]/);
  });

  it('exits 3 when there is no built dataset and 4 when the query is malformed', () => {
    expect(cli('stats', '--dist', join(tmpdir(), 'no-such-dist')).status).toBe(3);
    const bad = cli('query', 'SELECT ?x WHERE {', '--dist', dist);
    expect(bad.status).toBe(4);
    expect(bad.stderr).toMatch(/Query failed/);
  });
});
