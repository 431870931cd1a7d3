// The reconciliation index keeps a large release's records in their file and
// reads back only the candidates it scores: its answers must be the same as with
// every record in memory, and a file changed under it must fail loudly rather
// than answer with another entity's record.

import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ReconciliationIndex } from '../../src/http/reconcile/index.js';
import { readRecordsFile, RecordsOnFile, RECORDS_FILE } from '../../src/reconcile/recordsFile.js';
import { projectPath } from '../../src/model/paths.js';
import { testDist } from '../fixtures/testDist.js';
import { recordsOf } from '../fixtures/reconcileRecords.js';

interface Form { form: string; type?: string }
const forms = (parse(readFileSync(projectPath('tests', 'fixtures', 'reconcile-name-forms.yaml'), 'utf8')) as { forms: Form[] }).forms;

async function onFile(path: string): Promise<ReconciliationIndex> {
  const index = new ReconciliationIndex([], new RecordsOnFile(path));
  await readRecordsFile(path, (record, place) => index.add(record, place));
  return index;
}

const answers = (index: ReconciliationIndex) => forms.map((f) => {
  const found = index.find(f.form, { type: f.type, limit: 5 }).map((c) => ({ ...c, record: index.record(c.at) }));
  index.release();
  return found;
});

describe('reconciliation index with its records on file', () => {
  it('answers every name form, suggestion and record exactly as with the records in memory', async () => {
    const path = join(testDist(), RECORDS_FILE);
    const records = await recordsOf(testDist());
    const inMemory = new ReconciliationIndex(records);
    const fromFile = await onFile(path);
    expect(fromFile.size).toBe(records.length);
    const expected = answers(inMemory);
    expect(expected.filter((a) => a.length > 0).length).toBeGreaterThan(forms.length * 0.9);
    expect(answers(fromFile)).toEqual(expected);
    for (const prefix of ['mai', 'hal', 'fin', 'lon', 'mos']) expect(fromFile.suggest(prefix, 10).map((at) => fromFile.record(at))).toEqual(inMemory.suggest(prefix, 10).map((at) => inMemory.record(at)));
    for (const record of records.slice(0, 50)) expect(fromFile.get(record.id)).toEqual(record);
    fromFile.release();
  });

  it('refuses to answer from a file that changed under it, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delicacy-recindex-'));
    const path = join(dir, RECORDS_FILE);
    copyFileSync(join(testDist(), RECORDS_FILE), path);
    const index = await onFile(path);
    const maisky = index.get('person/maiskii');
    expect(maisky?.names.length).toBeGreaterThan(1);
    // The same records, their order changed: every line is still a record, but not the one expected where it is.
    const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
    writeFileSync(path, [header, ...lines.reverse()].join('\n') + '\n');
    index.release();
    expect(() => index.get('person/maiskii')).toThrow(new RegExp(`${RECORDS_FILE} changed while serving: record \\d+ is no longer person/maiskii`));
  });
});
