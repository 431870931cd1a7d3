// The dataset a query runs on, over real HTTP against the real server: FROM and
// FROM NAMED in the query define it when the request gives none; the protocol's
// default-graph-uri / named-graph-uri win over them; the union of all graphs is
// the default graph only when neither gives one. Expected counts come from the
// N-Quads themselves (counted here, line by line), on the built dataset and on a
// small test dataset whose graphs have known, different sizes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { engineUnderTest } from '../fixtures/engineUnderTest.js';
import { DUMP_FILES } from '../../src/build/pipeline.js';
import { type RunningServer } from '../../src/http/server.js';

const G = (name: string) => `https://w3id.org/delicacy/graph/${name}`;

/** Triples per named graph (and '' for the default graph), from N-Quads text. */
function countsPerGraph(nquads: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of nquads.split('\n')) {
    if (!line.trim()) continue;
    const graph = isQuad(line) ? /<([^>]*)>\s*\.\s*$/.exec(line)![1] : '';
    counts.set(graph, (counts.get(graph) ?? 0) + 1);
  }
  return counts;
}

/** Whether an N-Quads line names a graph: four terms before the final dot. */
function isQuad(line: string): boolean {
  let terms = 0;
  let i = 0;
  const text = line.trim().replace(/\.\s*$/, '');
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    if (text[i] === '<') i = text.indexOf('>', i) + 1;
    else if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      while (i < text.length && text[i] !== ' ') i++;
    } else while (i < text.length && text[i] !== ' ') i++;
    terms++;
  }
  return terms === 4;
}

function datasetChecks(name: string, setup: () => Promise<{ server: RunningServer; counts: Map<string, number>; graphs: [string, string, string] }>) {
  describe(name, () => {
    let server: RunningServer;
    let counts: Map<string, number>;
    let graphs: [string, string, string];
    beforeAll(async () => ({ server, counts, graphs } = await setup()));
    afterAll(async () => server?.close());

    async function count(query: string, params: Record<string, string[]> = {}): Promise<number> {
      const search = new URLSearchParams({ query });
      for (const [key, values] of Object.entries(params)) for (const v of values) search.append(key, v);
      const res = await fetch(`${server.url}sparql?${search}`, { headers: { Accept: 'application/sparql-results+json' } });
      expect(res.status, await res.clone().text()).toBe(200);
      return Number((await res.json()).results.bindings[0].n.value);
    }

    it('FROM makes the named graph the default graph', async () => {
      for (const graph of graphs) expect(await count(`SELECT (COUNT(*) AS ?n) FROM <${graph}> WHERE { ?s ?p ?o }`)).toBe(counts.get(graph));
    });

    it('two FROMs make the default graph their merge', async () => {
      const [a, b] = graphs;
      expect(await count(`SELECT (COUNT(*) AS ?n) FROM <${a}> FROM <${b}> WHERE { ?s ?p ?o }`)).toBe(counts.get(a)! + counts.get(b)!);
    });

    it('FROM NAMED alone gives named graphs and an empty default graph', async () => {
      const [a, b] = graphs;
      expect(await count(`SELECT (COUNT(*) AS ?n) FROM NAMED <${a}> WHERE { ?s ?p ?o }`)).toBe(0);
      expect(await count(`SELECT (COUNT(*) AS ?n) FROM NAMED <${a}> WHERE { GRAPH ?g { ?s ?p ?o } }`)).toBe(counts.get(a));
      expect(await count(`SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <${a}> FROM NAMED <${b}> WHERE { GRAPH ?g { ?s ?p ?o } }`)).toBe(2);
    });

    it('FROM and FROM NAMED together: each part of the dataset is what the query names', async () => {
      const [a, b] = graphs;
      const query = (pattern: string) => `SELECT (COUNT(*) AS ?n) FROM <${a}> FROM NAMED <${b}> WHERE { ${pattern} }`;
      expect(await count(query('?s ?p ?o'))).toBe(counts.get(a));
      expect(await count(query('GRAPH ?g { ?s ?p ?o }'))).toBe(counts.get(b));
    });

    it('the protocol\'s default-graph-uri and named-graph-uri win over the query\'s FROM and FROM NAMED', async () => {
      const [a, b, c] = graphs;
      expect(await count(`SELECT (COUNT(*) AS ?n) FROM <${a}> WHERE { ?s ?p ?o }`, { 'default-graph-uri': [c] })).toBe(counts.get(c));
      expect(await count(`SELECT (COUNT(*) AS ?n) FROM NAMED <${a}> WHERE { GRAPH ?g { ?s ?p ?o } }`, { 'named-graph-uri': [b] })).toBe(counts.get(b));
      // Only named graphs from the protocol: its default graph is empty, the query's FROM is not used.
      expect(await count(`SELECT (COUNT(*) AS ?n) FROM <${a}> WHERE { ?s ?p ?o }`, { 'named-graph-uri': [b] })).toBe(0);
    });

    it('without either, the default graph is the union of all graphs', async () => {
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).toBe(total);
    });
  });
}

datasetChecks('the built dataset', async () => {
  const nquads = readFileSync(join(testDist(), DUMP_FILES.nquads), 'utf8');
  const counts = countsPerGraph(nquads);
  // The VoID description is loaded into the void graph as well; count it through the graphs the dump holds only.
  const server = await startTestServer();
  const voidTotal = await (async () => {
    const res = await fetch(`${server.url}sparql?${new URLSearchParams({ query: `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${G('void')}> { ?s ?p ?o } }` })}`, { headers: { Accept: 'application/sparql-results+json' } });
    return Number((await res.json()).results.bindings[0].n.value);
  })();
  counts.set(G('void'), voidTotal);
  expect(counts.get(G('carley-1999'))).toBeGreaterThan(1000);
  return { server, counts, graphs: [G('links'), G('vocabulary'), G('ontology')] };
});

// A store serves the release `delicacy load` put in it, so this one runs on the embedded engine only.
if (!engineUnderTest.store) datasetChecks('a test dataset with graphs of known sizes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'delicacy-dataset-'));
  const ex = (name: string) => `<http://example.org/${name}>`;
  const lines: string[] = [];
  const graphs: [string, string, string] = ['http://example.org/graph/a', 'http://example.org/graph/b', 'http://example.org/graph/c'];
  // 5, 3 and 2 triples in three named graphs, 4 in the default graph; no triple in two graphs.
  [5, 3, 2].forEach((size, g) => {
    for (let i = 0; i < size; i++) lines.push(`${ex(`s${g}-${i}`)} ${ex('p')} "${g}-${i}" <${graphs[g]}> .`);
  });
  for (let i = 0; i < 4; i++) lines.push(`${ex(`d${i}`)} ${ex('p')} ${ex('o')} .`);
  writeFileSync(join(dir, DUMP_FILES.nquads), `${lines.join('\n')}\n`);
  const manifest = JSON.parse(readFileSync(join(testDist(), DUMP_FILES.manifest), 'utf8'));
  writeFileSync(join(dir, DUMP_FILES.manifest), JSON.stringify({ ...manifest, quads: lines.length }));
  copyFileSync(join(testDist(), DUMP_FILES.context), join(dir, DUMP_FILES.context));
  const counts = countsPerGraph(lines.join('\n'));
  expect([...counts.entries()].sort()).toEqual([['', 4], ...graphs.map((g, i) => [g, [5, 3, 2][i]])].sort());
  const server = await startTestServer({ dist: dir });
  const close = server.close.bind(server);
  server.close = async () => { await close(); rmSync(dir, { recursive: true, force: true }); };
  return { server, counts, graphs };
});
