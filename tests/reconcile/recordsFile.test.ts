// The reconciliation records file: the build writes exactly what readRecords
// reads from the built store (the one definition of a record), lists it in the
// manifest, and a reader refuses a file that is cut short, foreign or of another
// version, naming the file and what is wrong.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { loadDataset } from '../../src/store/loadDataset.js';
import { StoreLookup } from '../../src/engine/lookup.js';
import { readRecords, type ReconRecord } from '../../src/reconcile/records.js';
import { readRecordsFile, readRecordsHeader, RECORDS_FILE, RECORDS_VERSION, writeRecordsFile } from '../../src/reconcile/recordsFile.js';
import { testDist } from '../fixtures/testDist.js';
import { recordsOf } from '../fixtures/reconcileRecords.js';

describe('reconciliation records file', () => {
  it('the build writes every record readRecords reads from the built store, in order, and lists the file in the manifest', async () => {
    const { store, manifest } = loadDataset(testDist());
    const expected = await readRecords(new StoreLookup(store, oxigraph), manifest.baseIri);
    const written = await recordsOf(testDist());
    expect(expected.length).toBeGreaterThan(300);
    expect(written).toEqual(expected);
    // Types come back as the shared objects, ids are unique, every kind is there.
    expect(new Set(written.map((r) => r.id)).size).toBe(written.length);
    expect(new Set(written.map((r) => r.type.id))).toEqual(new Set(['person', 'organisation', 'place', 'event', 'document']));
    const maisky = written.find((r) => r.id === 'person/maiskii')!;
    expect(maisky.names.length).toBeGreaterThan(2);
    expect(maisky.side?.id).toBe('soviet');
    expect(maisky.offices.length).toBeGreaterThan(0);
    expect(written.filter((r) => r.qids.length > 0).length).toBeGreaterThan(50);
    const path = join(testDist(), RECORDS_FILE);
    expect(manifest.reconcileRecords).toEqual({ name: RECORDS_FILE, records: expected.length, bytes: statSync(path).size });
    expect(readRecordsHeader(path)).toEqual({ format: 'delicacy/reconcile-records', version: RECORDS_VERSION, records: expected.length });
  });

  it('refuses a file cut short, a foreign file, a broken line and another version, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delicacy-records-'));
    const records = (await recordsOf(testDist())).slice(0, 5);
    const good = join(dir, 'good.ndjson');
    await writeRecordsFile(good, records.length, records);
    const read = async (path: string) => { const out: ReconRecord[] = []; await readRecordsFile(path, (r) => out.push(r)); return out; };
    expect(await read(good)).toEqual(records);

    const lines = readFileSync(good, 'utf8').trimEnd().split('\n');
    const variant = (name: string, text: string) => { const path = join(dir, name); writeFileSync(path, text); return path; };
    const short = variant('short.ndjson', `${lines.slice(0, -1).join('\n')}\n`);
    await expect(read(short)).rejects.toThrow(/short\.ndjson holds 4 records but its header announces 5/);
    const foreign = variant('foreign.ndjson', lines.slice(1).join('\n'));
    await expect(read(foreign)).rejects.toThrow(/foreign\.ndjson is not a reconciliation records file/);
    expect(() => readRecordsHeader(foreign)).toThrow(/foreign\.ndjson/);
    const broken = variant('broken.ndjson', [...lines.slice(0, 3), '{"id": "person/x", "type": "spaceship", "names": []}', ...lines.slice(4)].join('\n'));
    await expect(read(broken)).rejects.toThrow(/broken\.ndjson, line 4: not a record of a known type/);
    const newer = variant('newer.ndjson', [lines[0].replace(`"version":${RECORDS_VERSION}`, `"version":${RECORDS_VERSION + 1}`), ...lines.slice(1)].join('\n'));
    await expect(read(newer)).rejects.toThrow(new RegExp(`newer\\.ndjson has records of version ${RECORDS_VERSION + 1}; this server reads version ${RECORDS_VERSION}`));
    await expect(writeRecordsFile(join(dir, 'miscounted.ndjson'), 6, records)).rejects.toThrow(/5 records written where 6 were announced/);
  });
});
