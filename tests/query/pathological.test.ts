// Shapes of query that Oxigraph used to plan badly, written the way people write
// them, now answered quickly on the built dataset through the real server: the
// normaliser rewrites them (checked), the answers are those of the query as
// written (run here unrewritten, in-process, for comparison), and each answers in
// well under a second — a guard against the old multi-second plans, not a
// benchmark (the figures are in `npm run bench`, docs/benchmark.md).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type oxigraph from 'oxigraph';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { type RunningServer } from '../../src/http/server.js';
import { loadDataset } from '../../src/store/loadDataset.js';
import { prepareQuery } from '../../src/query/prepare.js';
import { readStatistics } from '../../src/query/normalise/statistics.js';
import { datasetPrefixes } from '../../src/model/iri.js';

const P = `PREFIX dly: <https://w3id.org/delicacy/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX person: <https://w3id.org/delicacy/id/person/>
`;

const CASES: { shape: string; rewrite: string; query: string }[] = [
  {
    shape: 'an OPTIONAL before the required patterns (a quotation looked up by its words)',
    rewrite: 'required-first',
    query: `${P}SELECT ?speakerName ?text ?n WHERE {
      ?claim dly:quotation ?q ; rdfs:label ?claimText .
      OPTIONAL { ?claim dly:citedIn ?fn . ?fn dly:footnoteNumber ?n }
      ?q dly:quotedText ?text ; dly:speaker ?s .
      ?s rdfs:label ?speakerName .
      FILTER (CONTAINS(?text, "bad gap"))
    }`,
  },
  {
    shape: 'a filter far from its variable (FILTER NOT EXISTS on a path of two patterns)',
    rewrite: 'not-exists-to-minus',
    query: `${P}SELECT ?x ?label WHERE {
      ?x rdfs:label ?label .
      FILTER NOT EXISTS { ?x dly:passage ?p . ?p oa:hasSource ?paragraph }
    }`,
  },
  {
    shape: 'a filter far from its variable (the agent fixed at the end, after an OPTIONAL)',
    rewrite: 'filter-constants',
    query: `${P}SELECT ?text ?n ?docLabel WHERE {
      ?claim dly:agent ?who ; rdfs:label ?text .
      OPTIONAL { ?claim dly:citedIn ?fn . ?fn dly:footnoteNumber ?n }
      ?claim prov:wasDerivedFrom ?doc .
      ?doc rdfs:label ?docLabel .
      FILTER (?who = person:halifax)
    }`,
  },
  {
    shape: 'an OPTIONAL inside a GRAPH pattern, then a second OPTIONAL on the variable the first may bind',
    rewrite: 'lateral-optional',
    query: `${P}SELECT ?label ?target ?method WHERE {
      GRAPH <https://w3id.org/delicacy/graph/links> {
        ?link dly:linkSubject ?entity ; dly:linkTarget ?target .
        OPTIONAL { ?link dly:matchMethod ?m }
        ?link dly:evidenceSource ?evidence .
      }
      ?entity rdfs:label ?label .
      OPTIONAL { ?m rdfs:label ?method }
    }`,
  },
];

let server: RunningServer;
let store: oxigraph.Store;
const normaliser = { statistics: readStatistics(testDist()), lateral: true };
const options = { prefixes: datasetPrefixes(), maxDepth: 100, serviceAllowlist: [], canFederate: false, normaliser };

beforeAll(async () => {
  server = await startTestServer();
  store = loadDataset(testDist()).store;
});
afterAll(async () => server?.close());

function rows(json: { results: { bindings: Record<string, { value: string }>[] } }): string[] {
  return json.results.bindings.map((b) => JSON.stringify(Object.entries(b).map(([k, v]) => [k, v.value]).sort())).sort();
}

describe('formerly pathological shapes answer in milliseconds', () => {
  it.each(CASES.map((c) => [c.shape, c]))('%s', async (_shape, { rewrite, query }) => {
    const prepared = prepareQuery(query, options);
    expect(prepared.rewrites).toContain(rewrite);
    const expected = rows(JSON.parse(store.query(prepared.fallback!.text, { use_default_graph_as_union: true, results_format: 'json' }) as string));
    expect(expected.length).toBeGreaterThan(0);

    const url = `${server.url}sparql?${new URLSearchParams({ query })}`;
    await fetch(url, { headers: { Accept: 'application/sparql-results+json' } }); // each worker has seen it once
    const started = performance.now();
    const res = await fetch(url, { headers: { Accept: 'application/sparql-results+json' } });
    const body = await res.json();
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(rows(body)).toEqual(expected);
    expect(ms).toBeLessThan(1000);
  });
});
