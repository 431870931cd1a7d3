// Versioned releases: two successive releases of the same data with one change
// between them give a change list that names exactly that change; each release
// folder holds compressed dumps, a VoID description of its version linked to the
// one it revises, the change list, CITATION.cff, the licence and RO-Crate
// deposit metadata whose every file entry matches the file; a released version
// is never overwritten.

import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Parser, Store } from 'n3';
import { parse as parseYaml } from 'yaml';
import { release, ReleaseError, readReleaseNquads, type ReleaseResult } from '../../src/publish/release.js';
import { RO_CRATE_CONTEXT, RO_CRATE_SPEC } from '../../src/publish/roCrate.js';
import { entry, writeMiniData } from '../fixtures/miniData.js';

const BASE = 'https://w3id.org/delicacy/';
const MAISKII = `${BASE}id/person/maiskii`;
let releases: string;
let first: ReleaseResult;
let second: ReleaseResult;

beforeAll(async () => {
  releases = join(mkdtempSync(join(tmpdir(), 'delicacy-releases-')), 'releases');
  first = await release({ version: '1.0.0', dataDir: writeMiniData(), releasesDir: releases, issued: '2026-01-15' });
  // The one change: a new name variant for Maiskii.
  second = await release({
    version: '1.1.0', releasesDir: releases, issued: '2026-02-01',
    dataDir: writeMiniData((d) => { (entry(d.people, 'maiskii').altLabels as string[]).push('Ivan Maisky'); }),
  });
}, 120_000);

describe('release', () => {
  it('the first release lists every entity as added', () => {
    expect(first.changes.from).toBeUndefined();
    expect(first.changes.changed).toEqual([]);
    expect(first.changes.removed).toEqual([]);
    expect(first.changes.added.map((e) => e.iri)).toContain(MAISKII);
    expect(readFileSync(join(first.dir, 'CHANGES.md'), 'utf8')).toContain('the first release');
  });

  it('the next release names exactly the change, by kind, with the statement', () => {
    const { changes } = second;
    expect(changes.from).toBe('1.0.0');
    expect(changes.to).toBe('1.1.0');
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.summary).toEqual({ person: { added: 0, removed: 0, changed: 1 } });
    expect(changes.changed).toHaveLength(1);
    expect(changes.changed[0]).toMatchObject({ iri: MAISKII, kind: 'person', label: 'I. M. Maiskii', removed: [] });
    expect(changes.changed[0].added).toEqual([`<${MAISKII}> <http://www.w3.org/2004/02/skos/core#altLabel> "Ivan Maisky"@en <${BASE}graph/test-article> .`]);
    expect(JSON.parse(readFileSync(join(second.dir, 'changes.json'), 'utf8'))).toEqual(changes);
    const markdown = readFileSync(join(second.dir, 'CHANGES.md'), 'utf8');
    expect(markdown).toContain('| person | 0 | 0 | 1 |');
    expect(markdown).toContain('### person: I. M. Maiskii (`person:maiskii`)');
    expect(markdown).toContain('- added: `person:maiskii skos:altLabel "Ivan Maisky"@en`');
    // Entity IRIs do not change between versions.
    const iris = (nquads: string) => new Set(new Parser({ format: 'N-Quads' }).parse(nquads).map((q) => q.subject.value).filter((s) => s.startsWith(`${BASE}id/`)));
    const before = iris(readReleaseNquads(first.dir));
    const after = iris(readReleaseNquads(second.dir));
    for (const iri of before) expect(after.has(iri), iri).toBe(true);
  });

  it("each version's VoID says its version and date, revises the previous one, and lists its own dumps with checksums", () => {
    const store = new Store(new Parser().parse(readFileSync(join(second.dir, 'void.ttl'), 'utf8')));
    const version = `${BASE}dataset/1.1.0`;
    const one = (s: string, p: string) => store.getObjects(s, p, null).map((o) => o.value);
    expect(one(version, 'http://www.w3.org/ns/prov#wasRevisionOf')).toEqual([`${BASE}dataset/1.0.0`]);
    expect(one(version, 'http://www.w3.org/2002/07/owl#versionInfo')).toEqual(['1.1.0']);
    expect(one(version, 'http://purl.org/dc/terms/issued')).toEqual(['2026-02-01']);
    expect(one(version, 'http://purl.org/dc/terms/isVersionOf')).toEqual([`${BASE}dataset`]);
    expect(one(`${BASE}dataset`, 'http://www.w3.org/2002/07/owl#versionInfo')).toEqual(['1.1.0']);
    const urls = one(version, 'http://rdfs.org/ns/void#dataDump').sort();
    expect(urls).toEqual(['delicacy.jsonld.gz', 'delicacy.nq.gz', 'delicacy.trig.gz', 'delicacy.ttl.gz'].map((f) => `${BASE}dumps/1.1.0/${f}`));
    for (const url of urls) {
      const file = join(second.dir, url.split('/').pop()!);
      const [distribution] = store.getSubjects('http://www.w3.org/ns/dcat#downloadURL', url, null);
      const [checksum] = store.getObjects(distribution, 'http://spdx.org/rdf/terms#checksum', null);
      expect(store.getObjects(checksum, 'http://spdx.org/rdf/terms#checksumValue', null)[0].value).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
    expect(one(`${BASE}dataset/1.0.0`, 'http://www.w3.org/ns/prov#wasRevisionOf')).toEqual([]);
    const cff = parseYaml(readFileSync(join(second.dir, 'CITATION.cff'), 'utf8'));
    expect(cff).toMatchObject({ version: '1.1.0', 'date-released': '2026-02-01' });
    expect(readFileSync(join(second.dir, 'LICENSE'), 'utf8')).toMatch(/^Creative Commons Attribution 4\.0/);
  });

  it('RO-Crate metadata describes the version and every file in the folder, with sizes and checksums', () => {
    const crate = JSON.parse(readFileSync(join(second.dir, 'ro-crate-metadata.json'), 'utf8'));
    expect(crate['@context']).toBe(RO_CRATE_CONTEXT);
    const byId = new Map<string, Record<string, unknown>>(crate['@graph'].map((e: Record<string, unknown>) => [e['@id'], e]));
    expect(byId.get('ro-crate-metadata.json')).toMatchObject({ '@type': 'CreativeWork', conformsTo: { '@id': RO_CRATE_SPEC }, about: { '@id': './' } });
    const root = byId.get('./')!;
    // RO-Crate 1.1: the root data entity has @type Dataset, name, description, datePublished and license.
    expect(root).toMatchObject({ '@type': 'Dataset', datePublished: '2026-02-01', version: '1.1.0', license: { '@id': 'https://creativecommons.org/licenses/by/4.0/' }, isBasedOn: { '@id': `${BASE}dataset/1.0.0` } });
    expect(String(root.name)).toContain('1.1.0');
    expect(String(root.description).length).toBeGreaterThan(20);
    const parts = (root.hasPart as { '@id': string }[]).map((p) => p['@id']).sort();
    expect(parts).toEqual(readdirSync(second.dir).filter((f) => f !== 'ro-crate-metadata.json').sort());
    for (const name of parts) {
      const file = byId.get(name)!;
      expect(file['@type']).toBe('File');
      expect(file.contentSize).toBe(String(statSync(join(second.dir, name)).size));
      expect(file.sha256).toBe(createHash('sha256').update(readFileSync(join(second.dir, name))).digest('hex'));
    }
    for (const ref of [root.license, root.publisher, ...(root.author as unknown[]), ...(root.citation as unknown[])] as { '@id': string }[]) {
      expect(byId.has(ref['@id']), ref['@id']).toBe(true);
    }
  });

  it('never overwrites a released version, nor releases an older one', async () => {
    await expect(release({ version: '1.1.0', dataDir: writeMiniData(), releasesDir: releases })).rejects.toThrow(ReleaseError);
    await expect(release({ version: '1.0.5', dataDir: writeMiniData(), releasesDir: releases })).rejects.toThrow(/older than the released 1\.1\.0/);
    expect(readdirSync(releases).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(existsSync(join(releases, '1.1.0', 'delicacy.nq'))).toBe(false);
  });
});
