// What the remote engine sends a store for a query's dataset (src/engine/remote/storeClient.ts):
// the release's graphs named in the request, or none when the store reads exactly the release
// (a store file `delicacy load` wrote) — except for a query that ranges over the named graphs —
// and always the query's own or the protocol's dataset as given.

import { describe, expect, it } from 'vitest';
import { requestBody } from '../../src/engine/remote/storeClient.js';
import { type StoreRelease } from '../../src/engine/remote/storeTarget.js';
import { prepareQuery } from '../../src/query/prepare.js';
import { datasetPrefixes } from '../../src/model/iri.js';

const graphs = ['http://g/1', 'http://g/2', 'http://g/3'];
const release = (dataset: StoreRelease['dataset']): StoreRelease => ({ endpoint: 'http://store/sparql', kind: 'virtuoso', graphs, dataset, generation: 0 });
const options = { prefixes: datasetPrefixes(), maxDepth: 50, serviceAllowlist: [], canFederate: false };

function sent(query: string, dataset: StoreRelease['dataset'], protocol: { defaultGraphs?: string[]; namedGraphs?: string[] } = {}) {
  const prepared = prepareQuery(query, { ...options, ...protocol });
  const body = requestBody({ release: release(dataset), text: prepared.text, dataset: prepared.dataset, rangesOverGraphs: prepared.rangesOverGraphs, timeoutMs: 5000 });
  return { defaults: body.getAll('default-graph-uri'), named: body.getAll('named-graph-uri'), timeout: body.get('timeout') };
}

describe('the dataset a store is sent', () => {
  it("names the release's graphs for a query without a dataset, unless the store reads only the release", () => {
    expect(sent('SELECT * { ?s ?p ?o }', 'graphs')).toEqual({ defaults: graphs, named: graphs, timeout: '5000' });
    expect(sent('SELECT * { ?s ?p ?o }', 'store')).toEqual({ defaults: [], named: [], timeout: '5000' });
  });

  it('names them for a query that ranges over the named graphs, wherever its GRAPH ?g is', () => {
    for (const query of [
      'SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }',
      'SELECT * { ?s ?p ?o FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }',
      'SELECT * { { SELECT ?s { GRAPH ?g { ?s a ?t } } } }',
      'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }',
    ]) expect(sent(query, 'store'), query).toEqual({ defaults: graphs, named: graphs, timeout: '5000' });
    // A GRAPH with an IRI is one graph: the store's own reading of the release decides what it holds.
    expect(sent('SELECT * { GRAPH <http://g/2> { ?s ?p ?o } }', 'store')).toEqual({ defaults: [], named: [], timeout: '5000' });
  });

  it("sends the query's FROM / FROM NAMED or the protocol's graphs, exactly, whatever the store reads", () => {
    for (const dataset of ['graphs', 'store'] as const) {
      expect(sent('SELECT * FROM <http://g/2> FROM NAMED <http://g/3> { ?s ?p ?o }', dataset)).toEqual({ defaults: ['http://g/2'], named: ['http://g/3'], timeout: '5000' });
      expect(sent('SELECT * FROM <http://g/2> { GRAPH ?g { ?s ?p ?o } }', dataset, { namedGraphs: ['http://g/1'] })).toEqual({ defaults: [], named: ['http://g/1'], timeout: '5000' });
    }
  });
});
