// Licences and citation: CITATION.cff is valid Citation File Format (checked
// against the CFF 1.2.0 JSON Schema, vendored) and, like codemeta.json, is what
// the built data and package.json say today; the article's record takes journal,
// volume, pages and DOI only with the source they were verified in.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { projectPath } from '../../src/model/paths.js';
import { readManifest } from '../../src/store/loadDataset.js';
import { citationCff, codemeta } from '../../src/publish/citationFiles.js';
import { build, compileAndValidate } from '../../src/build/pipeline.js';
import { DataError } from '../../src/build/errors.js';
import { readPackage } from '../../src/cli.js';
import { testDist } from '../fixtures/testDist.js';
import { writeMiniData } from '../fixtures/miniData.js';

const read = (file: string) => readFileSync(projectPath(file), 'utf8');

function cffValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile(JSON.parse(read('tests/fixtures/schemas/cff-1.2.0.schema.json')));
}

describe('CITATION.cff', () => {
  it('is valid against the CFF 1.2.0 schema, and the schema rejects a broken file', () => {
    const validate = cffValidator();
    const cff = parse(read('CITATION.cff'));
    expect(validate(cff), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(cff).toMatchObject({ 'cff-version': '1.2.0', type: 'dataset', license: 'CC-BY-4.0', version: readPackage().version });
    expect(cff.references[0]).toMatchObject({ type: 'article', authors: [{ 'family-names': 'Carley', 'given-names': 'Michael Jabara' }] });
    expect(validate({ ...cff, license: 'CC BY 4.0' })).toBe(false);
    const { authors: _authors, ...withoutAuthors } = cff;
    expect(validate(withoutAuthors)).toBe(false);
  });

  it('and codemeta.json are what `delicacy citation --write` makes from the built data today', () => {
    const manifest = readManifest(testDist());
    expect(read('CITATION.cff'), 'CITATION.cff is stale: run `npm run build && node bin/delicacy.js citation --write`').toBe(citationCff(manifest));
    expect(read('codemeta.json'), 'codemeta.json is stale: run `node bin/delicacy.js citation --write`').toBe(codemeta(manifest, readPackage()));
    const meta = JSON.parse(read('codemeta.json'));
    expect(meta).toMatchObject({ '@context': 'https://w3id.org/codemeta/3.0', '@type': 'SoftwareSourceCode', license: 'https://spdx.org/licenses/MIT', version: readPackage().version });
  });
});

describe('licences', () => {
  it('code under MIT, data under CC BY 4.0, with SPDX identifiers where tools look', () => {
    expect(read('LICENSE')).toMatch(/^MIT License/);
    expect(read('LICENSES/MIT.txt')).toMatch(/^MIT License/);
    expect(read('LICENSES/CC-BY-4.0.txt')).toMatch(/^Creative Commons Attribution 4\.0 International/);
    expect(read('LICENSES/CC-BY-4.0.txt')).toContain('Section 3 – License Conditions.');
    expect(readPackage().license).toBe('MIT');
    const site = parse(read('data/dataset.yaml')).dataset;
    expect(site).toMatchObject({ licenceId: 'CC-BY-4.0', licence: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(read('REUSE.toml')).toMatch(/path = \["data\/\*\*"[^\]]*\]\s*\n[^\n]*\nSPDX-License-Identifier = "CC-BY-4.0"/);
    expect(readManifest(testDist()).dumps.length).toBeGreaterThan(0);
    expect(readManifest(testDist()).licence).toBe(site.licence);
  });
});

describe("the article's bibliographic record", () => {
  it('refuses journal, volume, pages or DOI without the source they were verified in', async () => {
    const dir = writeMiniData((d) => { Object.assign(d.article, { volume: '12', pages: '175–208' }); });
    const error = await compileAndValidate({ dataDir: dir }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).problems.map((p) => [p.entity, p.rule])).toEqual([['test-article', 'verified record']]);
  });

  it('once verified, reaches CITATION.cff', async () => {
    const dir = writeMiniData((d) => {
      Object.assign(d.article, { partOf: 'collection', volume: '12', issue: '2', pages: '175–208', doi: '10.1234/example.5678', recordSource: "a test publisher's page", recordChecked: '2026-12-01' });
    });
    const out = join(mkdtempSync(join(tmpdir(), 'delicacy-cite-')), 'dist');
    await build({ dataDir: dir, outDir: out, releasesDir: join(out, 'no-releases') });
    const cff = parse(citationCff(readManifest(out)));
    expect(cff.references[0]).toMatchObject({ journal: 'Documents', volume: '12', issue: '2', start: '175', end: '208', doi: '10.1234/example.5678' });
    expect(cff.references[0].notes).toContain("a test publisher's page");
    expect(cffValidator()(cff)).toBe(true);
  });
});
