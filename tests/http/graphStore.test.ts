// The read-only Graph Store Protocol at /rdf-graph-store, driven with the
// requests real clients send: rdflib's Graph.parse(url, format=...) (its Accept
// headers and User-Agent, and the list of every parser type when no format is
// given) and Jena's RDFConnection (GSP GET with its default Accept header).
// Every answer is parsed by an independent parser and compared with what the
// SPARQL endpoint says the graph holds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import jsonld from 'jsonld';
import { rdfXmlCount } from '../fixtures/rdf.js';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';

const RDFLIB_UA = 'rdflib-7.1.4 (https://rdflib.github.io/; eikeon@eikeon.com)';
// rdflib.parser.URLInputSource: the Accept header for each format= of Graph.parse.
const RDFLIB_ACCEPT: Record<string, string> = {
  turtle: 'text/turtle, application/x-turtle, */*;q=0.1',
  nt: 'text/plain, */*;q=0.1',
  xml: 'application/rdf+xml, */*;q=0.1',
  'json-ld': 'application/ld+json, application/json;q=0.9, */*;q=0.1',
  trig: 'application/trig, */*;q=0.1',
  // No format: every media type rdflib has a parser for.
  none: 'application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, application/n-quads, application/trix, application/trig, text/html, application/xhtml+xml',
};
// org.apache.jena.riot.WebContent.defaultGraphAcceptHeader (RDFConnection's GSP GET).
const JENA_ACCEPT = 'text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.3';

let server: RunningServer;
const GRAPH = 'https://w3id.org/delicacy/graph/carley-1999';

async function endpointCount(where: string): Promise<number> {
  const response = await fetch(`${server.url}sparql?query=${encodeURIComponent(`SELECT (COUNT(*) AS ?n) WHERE { ${where} }`)}`, { headers: { accept: 'application/sparql-results+json' } });
  return Number((await response.json() as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0].n.value);
}

const gsp = (query: string, init: RequestInit & { accept?: string } = {}) =>
  fetch(`${server.url}rdf-graph-store?${query}`, { ...init, headers: { 'user-agent': RDFLIB_UA, ...(init.accept ? { accept: init.accept } : {}), ...(init.headers ?? {}) } });

/** Triples in a response, by an independent parser for its content type. */
async function triples(response: Response): Promise<number> {
  const type = response.headers.get('content-type')!.split(';')[0];
  const text = await response.text();
  if (type === 'application/rdf+xml') return rdfXmlCount(text);
  if (type === 'application/ld+json') return ((await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads' })) as unknown as string).trim().split('\n').length;
  return new Parser({ format: type }).parse(text).length;
}

beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

describe('Graph Store Protocol (read-only)', () => {
  it('GET ?graph= answers each format rdflib asks for, with the whole graph', async () => {
    const expected = await endpointCount(`GRAPH <${GRAPH}> { ?s ?p ?o }`);
    expect(expected).toBeGreaterThan(10_000);
    const types: Record<string, string> = {};
    for (const [format, accept] of Object.entries(RDFLIB_ACCEPT)) {
      const response = await gsp(`graph=${encodeURIComponent(GRAPH)}`, { accept });
      expect(response.status, format).toBe(200);
      types[format] = response.headers.get('content-type')!.split(';')[0];
      expect(response.headers.get('vary')).toMatch(/Accept/i);
      expect(await triples(response), format).toBe(expected);
    }
    expect(types).toEqual({ turtle: 'text/turtle', nt: 'application/n-triples', xml: 'application/rdf+xml', 'json-ld': 'application/ld+json', trig: 'application/trig', none: 'application/rdf+xml' });
  });

  it("GET ?default is the endpoint's default graph (the union), in Jena's default format", async () => {
    const response = await gsp('default', { accept: JENA_ACCEPT, headers: { 'user-agent': 'Apache-Jena-ARQ/5.2.0' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(await triples(response)).toBe(await endpointCount('?s ?p ?o'));
  });

  it('every named graph the service description lists can be fetched, and HEAD gives the headers without the body', async () => {
    const sd = new Parser().parse(await (await fetch(`${server.url}sparql`, { headers: { accept: 'text/turtle' } })).text());
    const names = sd.filter((q) => q.predicate.value === 'http://www.w3.org/ns/sparql-service-description#name').map((q) => q.object.value);
    expect(names.length).toBe(5);
    for (const name of names) {
      const head = await gsp(`graph=${encodeURIComponent(name)}`, { method: 'HEAD', accept: 'application/n-triples' });
      expect(head.status, name).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
      expect(await head.text()).toBe('');
      const get = await gsp(`graph=${encodeURIComponent(name)}`, { accept: 'application/n-triples' });
      expect(get.headers.get('content-length')).toBe(head.headers.get('content-length'));
      expect(await triples(get)).toBe(await endpointCount(`GRAPH <${name}> { ?s ?p ?o }`));
    }
  });

  it('revalidates with ETag (304), and says what is wrong with a request', async () => {
    const first = await gsp(`graph=${encodeURIComponent(GRAPH)}`, { accept: 'text/turtle' });
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await gsp(`graph=${encodeURIComponent(GRAPH)}`, { accept: 'text/turtle', headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await gsp(`graph=${encodeURIComponent('https://w3id.org/delicacy/graph/nothing')}`, { accept: 'text/turtle' })).status).toBe(404);
    expect((await gsp('', { accept: 'text/turtle' })).status).toBe(400);
    expect((await gsp(`default&graph=${encodeURIComponent(GRAPH)}`, { accept: 'text/turtle' })).status).toBe(400);
    expect((await gsp('graph=not-an-iri', { accept: 'text/turtle' })).status).toBe(400);
    const refused = await gsp(`graph=${encodeURIComponent(GRAPH)}`, { accept: 'application/sparql-results+json' });
    expect(refused.status).toBe(406);
  });

  it('refuses every write with 403, and the graph is unchanged', async () => {
    const before = await endpointCount(`GRAPH <${GRAPH}> { ?s ?p ?o }`);
    const body = '<urn:x:s> <urn:x:p> <urn:x:o> .';
    for (const method of ['PUT', 'POST', 'DELETE', 'PATCH']) {
      for (const target of [`graph=${encodeURIComponent(GRAPH)}`, 'default', `graph=${encodeURIComponent('urn:x:new')}`]) {
        const response = await gsp(target, { method, body: method === 'DELETE' ? undefined : body, headers: { 'content-type': 'text/turtle' } });
        expect(response.status, `${method} ${target}`).toBe(403);
        expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      }
    }
    expect(await endpointCount(`GRAPH <${GRAPH}> { ?s ?p ?o }`)).toBe(before);
    expect(await endpointCount('GRAPH <urn:x:new> { ?s ?p ?o }')).toBe(0);
  });
});
