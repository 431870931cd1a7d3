// The dumps describe one and the same dataset: the JSON-LD dump turned back into
// RDF by jsonld.js is isomorphic to the N-Quads dump (compared in canonical form
// with URDNA2015); TriG and Turtle parse with N3 to the same quads and triples;
// VoID gives the right sizes and SHA-256 of every file; a failed build leaves the
// previous one untouched.

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import { build, DUMP_FILES } from '../../src/build/pipeline.js';
import { ValidationError } from '../../src/build/errors.js';
import { entry, writeMiniData } from '../fixtures/miniData.js';
import { testDist } from '../fixtures/testDist.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('dumps of the real dataset (built by the test setup)', () => {
  const dist = testDist();

  it('JSON-LD converted back to RDF is isomorphic to the N-Quads dump', async () => {
    const nquads = readFileSync(join(dist, DUMP_FILES.nquads), 'utf8');
    const document = JSON.parse(readFileSync(join(dist, DUMP_FILES.jsonld), 'utf8'));
    const fromJsonLd = await jsonld.canonize(document, { algorithm: 'URDNA2015', format: 'application/n-quads' });
    const fromNQuads = await jsonld.canonize(nquads as unknown as object, { algorithm: 'URDNA2015', inputFormat: 'application/n-quads', format: 'application/n-quads' });
    expect(fromJsonLd.length).toBeGreaterThan(1000);
    expect(fromJsonLd).toBe(fromNQuads);
  });

  it('the gzip JSON-LD is the JSON-LD dump compressed', () => {
    expect(gunzipSync(readFileSync(join(dist, DUMP_FILES.jsonldGz))).equals(readFileSync(join(dist, DUMP_FILES.jsonld)))).toBe(true);
  });

  it('TriG holds the same quads as N-Quads, Turtle the same triples', () => {
    const parse = (file: string, format: string) => new Parser({ format }).parse(readFileSync(join(dist, file), 'utf8'));
    const nquads = new Store(parse(DUMP_FILES.nquads, 'N-Quads'));
    const trig = new Store(parse(DUMP_FILES.trig, 'TriG'));
    expect(trig.size).toBe(nquads.size);
    for (const q of trig) expect(nquads.has(q)).toBe(true);
    const triples = new Set(nquads.getQuads(null, null, null, null).map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.id}`));
    const turtle = parse(DUMP_FILES.turtle, 'Turtle');
    expect(new Set(turtle.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.id}`))).toEqual(triples);
  });

  it('the VoID description lists every dump with its size and SHA-256', () => {
    const store = new Store(new Parser().parse(readFileSync(join(dist, DUMP_FILES.void), 'utf8')));
    const manifest = JSON.parse(readFileSync(join(dist, DUMP_FILES.manifest), 'utf8'));
    expect(manifest.dumps.length).toBe(6);
    for (const dump of manifest.dumps) {
      expect(dump.sha256).toBe(sha256(join(dist, dump.name)));
      const [distribution] = store.getSubjects('http://www.w3.org/ns/dcat#downloadURL', `https://w3id.org/delicacy/dumps/${dump.name}`, null);
      expect(distribution, dump.name).toBeDefined();
      const [checksum] = store.getObjects(distribution, 'http://spdx.org/rdf/terms#checksum', null);
      expect(store.getObjects(checksum, 'http://spdx.org/rdf/terms#checksumValue', null)[0].value).toBe(dump.sha256);
      expect(store.getObjects(distribution, 'http://www.w3.org/ns/dcat#byteSize', null)[0].value).toBe(String(dump.bytes));
    }
    const triples = store.getObjects('https://w3id.org/delicacy/dataset', 'http://rdfs.org/ns/void#triples', null)[0];
    expect(Number(triples.value)).toBeGreaterThan(10_000);
  });

  it('the section I slice is in every dump', () => {
    const iris = ['https://w3id.org/delicacy/id/event/nazi-soviet-pact', 'https://w3id.org/delicacy/id/document/seeds-1939-09-29-no270',
      'https://w3id.org/delicacy/id/claim/seeds-advises-caution', 'https://w3id.org/delicacy/id/footnote/carley-1999/8'];
    const compactIris = ['event:nazi-soviet-pact', 'document:seeds-1939-09-29-no270', 'claim:seeds-advises-caution', 'footnote:carley-1999/8'];
    for (const file of [DUMP_FILES.nquads, DUMP_FILES.trig, DUMP_FILES.turtle, DUMP_FILES.jsonld]) {
      const text = readFileSync(join(dist, file), 'utf8');
      iris.forEach((iri, i) => expect(text.includes(iri) || text.includes(compactIris[i]), `${iri} in ${file}`).toBe(true));
    }
  });
});

describe('atomic build', () => {
  it('a failed build leaves the last good build untouched and no temporary folder', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'delicacy-atomic-')), 'dist');
    await build({ dataDir: writeMiniData(), outDir: out });
    const before = Object.fromEntries(readdirSync(out).map((f) => [f, sha256(join(out, f))]));
    const bad = writeMiniData((d) => { delete entry(d.claims, 'claim-soviet').source; });
    await expect(build({ dataDir: bad, outDir: out })).rejects.toBeInstanceOf(ValidationError);
    expect(Object.fromEntries(readdirSync(out).map((f) => [f, sha256(join(out, f))]))).toEqual(before);
    expect(readdirSync(dirname(out)).filter((f) => f !== 'dist')).toEqual([]);
    expect(existsSync(join(out, DUMP_FILES.manifest))).toBe(true);
  });
});
