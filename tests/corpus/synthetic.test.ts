// The corpus generator: k articles of the release's shape with distinct IRIs,
// each in its own graph, that the embedded store loads and answers like the
// original, with the reconciliation records of every copy.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import oxigraph from 'oxigraph';
import { syntheticCorpus } from '../../src/corpus/synthetic.js';
import { loadDataset, readManifest } from '../../src/store/loadDataset.js';
import { readReleaseVoid } from '../../src/store/releaseGraphs.js';
import { projectPath } from '../../src/model/paths.js';
import { computeStatistics, readStatistics } from '../../src/query/normalise/statistics.js';
import { testDist } from '../fixtures/testDist.js';
import { recordsOf } from '../fixtures/reconcileRecords.js';
import { StoreLookup } from '../../src/engine/lookup.js';
import { readRecords, type ReconRecord } from '../../src/reconcile/records.js';
import { RECORDS_FILE } from '../../src/reconcile/recordsFile.js';
import { readSearchIndex } from '../../src/search/build.js';
import { searchDocuments } from '../../src/search/documents.js';
import { SearchIndex, type SearchAnswer } from '../../src/search/searchIndex.js';
import { ENTITY_KINDS, isPageEntity } from '../../src/model/iri.js';
import { readKindList, SORTS } from '../../src/web/data/collections.js';
import { LIST_VERSION, listPath, readListFile } from '../../src/web/data/listFile.js';

const count = (store: ReturnType<typeof loadDataset>['store'], query: string) =>
  Number(JSON.parse(store.query(query, { use_default_graph_as_union: true, results_format: 'json' }) as string).results.bindings[0].n.value);

describe('synthetic corpus', () => {
  it('copies the article twice more with renamed entities and graphs, and it serves like the original', async () => {
    const out = join(projectPath('test-output'), 'corpus-x3');
    rmSync(out, { recursive: true, force: true });
    const report = await syntheticCorpus(testDist(), 3, out);
    const original = loadDataset(testDist());
    const { store, manifest } = loadDataset(out); // checks the quad count against the manifest
    expect(report.articles).toBe(3);
    expect(manifest.version).toBe(`${original.manifest.version}-x3`);
    const people = 'PREFIX dly: <https://w3id.org/delicacy/ontology#> SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a dly:Person }';
    expect(count(store, people)).toBe(3 * count(original.store, people));
    const claims = 'PREFIX dly: <https://w3id.org/delicacy/ontology#> SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a dly:Claim }';
    expect(count(store, claims)).toBe(3 * count(original.store, claims));
    // The normaliser's statistics are the corpus's, estimated: an article's class exactly, the whole
    // at most the shared vocabulary's copies above what the corpus holds.
    const estimated = readStatistics(out)!;
    const actual = computeStatistics(store.match(null, null, null, null));
    expect(estimated.classes['https://w3id.org/delicacy/ontology#Claim']).toBe(actual.classes['https://w3id.org/delicacy/ontology#Claim']);
    expect(estimated.predicates['http://www.w3.org/ns/prov#wasDerivedFrom'].triples).toBe(actual.predicates['http://www.w3.org/ns/prov#wasDerivedFrom'].triples);
    expect(estimated.triples).toBeGreaterThanOrEqual(actual.triples);
    expect(estimated.triples).toBeLessThan(actual.triples * 1.25);
    // The shared vocabulary stays single; every copy is its own article in its own graph.
    const classes = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/delicacy/graph/ontology> { ?s ?p ?o } }';
    expect(count(store, classes)).toBe(count(original.store, classes));
    expect(count(store, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/delicacy/graph/s2-carley-1999> { <https://w3id.org/delicacy/id/person/s2-maiskii> ?p ?o } }')).toBeGreaterThan(0);
    expect(count(store, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/delicacy/graph/s1-carley-1999> { ?s ?p <https://w3id.org/delicacy/id/person/maiskii> } }')).toBe(0);
    // The VoID lists the new graphs, so that a store is queried on all of them.
    const { graphs, sizes: stated } = readReleaseVoid(out, manifest);
    expect(graphs).toEqual(expect.arrayContaining(['https://w3id.org/delicacy/graph/s1-carley-1999', 'https://w3id.org/delicacy/graph/s2-carley-1999', 'https://w3id.org/delicacy/graph/carley-1999']));
    // It states each graph's size as the store holds it (servers read them rather than count), the VoID graph's left to count.
    expect([...stated.keys()].sort()).toEqual(graphs.filter((g) => g !== 'https://w3id.org/delicacy/graph/void'));
    for (const [graph, size] of stated) expect(size, graph).toBe(count(store, `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ?s ?p ?o } }`));
    // And each graph's entities with a page (the sitemap index is made from them), for every graph, the VoID graph's too.
    const { entities } = readReleaseVoid(out, manifest);
    expect([...entities.keys()].sort()).toEqual(graphs);
    for (const graph of graphs) {
      const subjects = JSON.parse(store.query(`SELECT DISTINCT ?s WHERE { GRAPH <${graph}> { ?s ?p ?o } FILTER (isIRI(?s)) }`, { results_format: 'json' }) as string).results.bindings.map((b: { s: { value: string } }) => b.s.value);
      expect(entities.get(graph), graph).toBe(subjects.filter((s: string) => isPageEntity(s, manifest.baseIri)).length);
    }
    expect(entities.get('https://w3id.org/delicacy/graph/s2-carley-1999')).toBe(entities.get('https://w3id.org/delicacy/graph/carley-1999'));
    expect(entities.get('https://w3id.org/delicacy/graph/links')).toBe(3 * readReleaseVoid(testDist(), original.manifest).entities.get('https://w3id.org/delicacy/graph/links')!);
    expect(entities.get('https://w3id.org/delicacy/graph/vocabulary')).toBeGreaterThan(0);
    expect(readManifest(out).articles!.map((a) => a.iri)).toContain('https://w3id.org/delicacy/id/work/s2-carley-1999');
    expect(readFileSync(join(out, 'delicacy.nq'), 'utf8')).not.toMatch(/id\/concept\/s\d+-/);

    // The reconciliation records: three times the release's, distinct ids, each copy's
    // IRIs renamed as its quads were — exactly what readRecords reads from the corpus.
    const records = await recordsOf(out);
    const originalRecords = await recordsOf(testDist());
    expect(records.length).toBe(3 * originalRecords.length);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    expect(manifest.reconcileRecords).toEqual({ name: RECORDS_FILE, records: records.length, bytes: statSync(join(out, RECORDS_FILE)).size });
    const copy = records.find((r) => r.id === 'person/s2-maiskii')!;
    const maisky = originalRecords.find((r) => r.id === 'person/maiskii')!;
    expect(copy).toEqual({ ...maisky, id: 'person/s2-maiskii', iri: 'https://w3id.org/delicacy/id/person/s2-maiskii' });
    for (const record of records) expect(record.iri).toBe(`https://w3id.org/delicacy/id/${record.id}`);
    const fromStore = await readRecords(new StoreLookup(store, oxigraph), manifest.baseIri);
    const byId = (list: ReconRecord[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(records)).toEqual(byId(fromStore));

    // The search index: written with the corpus, each copy's hits at that copy's IRIs,
    // and answering as an index of the corpus's own data would (same hits, scores and
    // totals; the order of equal hits aside).
    const written = readSearchIndex(out)!;
    expect(written).toBeDefined();
    const fromData = SearchIndex.build(await searchDocuments(new StoreLookup(store, oxigraph)));
    expect(written.size).toBe(fromData.size);
    const hits = (answer: SearchAnswer) => answer.groups.map((g) => ({ ...g, hits: [...g.hits].sort((a, b) => b.score - a.score || a.iri.localeCompare(b.iri)) }));
    for (const q of ['Maisky', 'Майский', 'maisk', 'FO 371/23682', 'N5342/92/38', 'DVP XXII/2 190', 'fn 38', 'II.26', 'Q134949', 'trade negotiations', 'prepared to do more in the direction of improving trade', 'speech']) {
      expect(hits(written.search(q, 1000)), q).toEqual(hits(fromData.search(q, 1000)));
    }
    const iris = (q: string) => written.search(q, 1000).groups.flatMap((g) => g.hits.map((h) => h.iri));
    expect(iris('N5342/92/38')).toEqual(expect.arrayContaining(['', 's1-', 's2-'].map((p) => `https://w3id.org/delicacy/id/document/${p}halifax-to-seeds-1939-10-16`)));
    expect(iris('II.26')).toEqual(expect.arrayContaining(['', 's1-', 's2-'].map((p) => `https://w3id.org/delicacy/id/passage/${p}carley-1999/II.26`)));
    expect(iris('Майский').filter((iri) => iri.includes('/id/person/'))).toEqual(expect.arrayContaining(['', 's1-', 's2-'].map((p) => `https://w3id.org/delicacy/id/person/${p}maiskii`)));

    // The lists' rows: each copy's renamed as its quads were and put in order over the
    // whole corpus — the rows and orders readKindList reads from the corpus itself.
    const corpusLookup = new StoreLookup(store, oxigraph);
    expect(manifest.lists?.version).toBe(LIST_VERSION);
    for (const kind of ENTITY_KINDS) {
      const [fromFile, fromStore] = await Promise.all([readListFile(listPath(out, kind), kind), readKindList(corpusLookup, kind)]);
      // As a server keeps it: every row read back by its place in the file, the orders the same.
      expect(fromFile.rowsAt(fromStore.rows.map((_, i) => i)), kind).toEqual(fromStore.rows);
      for (const sort of SORTS) expect(Array.from(fromFile.orders[sort]), `${kind} by ${sort}`).toEqual(Array.from(fromStore.orders[sort]));
      expect(manifest.lists!.kinds[kind], kind).toEqual({ name: `list-${kind}.ndjson`, rows: fromFile.size, bytes: statSync(listPath(out, kind)).size });
    }
    expect((await readListFile(listPath(out, 'person'), 'person')).size).toBe(3 * (await readListFile(listPath(testDist(), 'person'), 'person')).size);
  });

  it('leaves the dump it replaces whole when a run is interrupted while writing it', async () => {
    const out = join(projectPath('test-output'), 'corpus-interrupted');
    rmSync(out, { recursive: true, force: true });
    await syntheticCorpus(testDist(), 2, out);
    const dump = join(out, 'delicacy.nq');
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = { sha: sha(dump), bytes: statSync(dump).size, manifest: readFileSync(join(out, 'manifest.json'), 'utf8') };
    // A larger corpus into the same folder, killed once its dump is being written.
    const run = spawn(process.execPath, [projectPath('bin', 'delicacy.js'), 'corpus', '--factor', '40', '--out', out, '--dist', testDist()], { stdio: 'ignore' });
    const exited = new Promise((resolve) => run.once('exit', resolve));
    const writing = () => readdirSync(out).some((name) => name.startsWith('.delicacy.nq.') && statSync(join(out, name)).size > 0) || statSync(dump).size !== before.bytes;
    const until = Date.now() + 60_000;
    while (!writing() && Date.now() < until && run.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    expect(run.exitCode, 'the run ended before it was killed').toBeNull();
    run.kill('SIGKILL');
    await exited;
    // The previous corpus as it was: its dump whole, its manifest, and it loads.
    expect(statSync(dump).size).toBe(before.bytes);
    expect(sha(dump)).toBe(before.sha);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before.manifest);
    expect(loadDataset(out).store.size).toBeGreaterThan(0);
    rmSync(out, { recursive: true, force: true });
  }, 90_000);
});
