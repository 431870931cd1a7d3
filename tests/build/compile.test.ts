// The compiler: a valid tree passes; each kind of authoring mistake is stopped
// with a message that names the file, the line, the entity and the rule.

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileAndValidate } from '../../src/build/pipeline.js';
import { DataError, formatProblem } from '../../src/build/errors.js';
import { entry, writeMiniData, type MiniData } from '../fixtures/miniData.js';

async function problemsOf(mutate: (data: MiniData) => void) {
  const dir = writeMiniData(mutate);
  try {
    await compileAndValidate({ dataDir: dir });
  } catch (error) {
    if (error instanceof DataError) return error.problems;
    throw error;
  }
  throw new Error('expected the compiler to reject the data');
}

describe('compiler', () => {
  it('accepts the valid mini dataset', async () => {
    const result = await compileAndValidate({ dataDir: writeMiniData() });
    expect(result.quads.length).toBeGreaterThan(100);
  });

  it('accepts the real data/ tree', async () => {
    const result = await compileAndValidate();
    expect(result.quads.length).toBeGreaterThan(10_000);
  });

  it('reports an unknown field with file, line, entity and rule', async () => {
    const problems = await problemsOf((d) => { entry(d.meetings, 'halifax-maiskii-1939-10-16').particpants = ['halifax']; });
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem.rule).toBe('known field');
    expect(problem.entity).toBe('halifax-maiskii-1939-10-16');
    expect(problem.location.file).toMatch(/test-article[\\/]entries\.yaml$/);
    expect(problem.location.line).toBeGreaterThan(1);
    expect(formatProblem(problem)).toMatch(/entries\.yaml:\d+: halifax-maiskii-1939-10-16: \[known field\] unknown field 'particpants'/);
  });

  it('reports a reference to an id that does not exist', async () => {
    const problems = await problemsOf((d) => { entry(d.claims, 'claim-soviet').agents = ['halifaxx']; });
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['claim-soviet', 'known reference']]);
    expect(problems[0].message).toContain("'halifaxx'");
  });

  it('reports an invalid EDTF date', async () => {
    const problems = await problemsOf((d) => { entry(d.events, 'pact').date = '1939-13-01'; });
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['pact', 'EDTF date']]);
  });

  it('reports a date range that ends before it starts', async () => {
    const problems = await problemsOf((d) => { entry(d.events, 'pact').date = '1940-01-01/1939-01-01'; });
    expect(problems[0].rule).toBe('EDTF date');
  });

  it('reports an id used twice', async () => {
    const problems = await problemsOf((d) => { d.places.push({ id: 'halifax', label: 'Halifax (town)', type: 'city' }); });
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['halifax', 'unique id']]);
  });

  it('reports a passage that is not a paragraph of the article', async () => {
    const problems = await problemsOf((d) => { entry(d.claims, 'claim-soviet').passage = 'II.4'; });
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['claim-soviet', 'known passage']]);
  });

  it('reports a footnote number the article does not have', async () => {
    const problems = await problemsOf((d) => { entry(d.claims, 'claim-soviet').footnotes = [7]; });
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['claim-soviet', 'known footnote'], ['halifax-maiskii-1939-10-16', 'meeting footnotes']]);
  });

  it('reports a footnote mark without a footnote entry', async () => {
    const problems = await problemsOf((d) => { d.footnotes = d.footnotes.filter((f) => f.n !== 2); });
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['test-article', 'every footnote described']]);
    expect(problems[0].message).toContain('2');
  });

  it('reports a concept that is not in its scheme', async () => {
    const problems = await problemsOf((d) => { entry(d.people, 'maiskii').side = 'martian'; });
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['maiskii', 'known concept']]);
  });

  it('requires the dataset settings (titles, licence, period, compared sides)', async () => {
    const dir = writeMiniData();
    writeFileSync(join(dir, 'dataset.yaml'), 'dataset:\n  title: Only a title\n  period: {from: 1939-08-01, focus: soon, to: 1940-12-31}\n');
    const error = await compileAndValidate({ dataDir: dir }).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    const messages = error.problems.map((p: { message: string }) => p.message);
    expect(messages).toEqual(expect.arrayContaining(["'licence' is required", "'comparedSides' is required", 'period.focus must be a date YYYY-MM-DD']));
  });

  it('reports YAML syntax errors with their line', async () => {
    const dir = writeMiniData();
    writeFileSync(join(dir, 'test-article', 'broken.yaml'), 'people:\n  - id: x\n    label: [unclosed\n');
    const error = await compileAndValidate({ dataDir: dir }).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.problems[0].rule).toBe('YAML syntax');
    expect(error.problems[0].location.file).toMatch(/broken\.yaml$/);
    expect(error.problems[0].location.line).toBeGreaterThan(0);
  });
});
