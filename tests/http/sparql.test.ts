// The SPARQL 1.1 Protocol endpoint, driven over real HTTP against the real server,
// with every result checked by an independent parser against its W3C format.

import { type WorkerPool } from '../../src/engine/embedded/workerPool.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { Parser as N3Parser, Store as N3Store } from 'n3';
import jsonld from 'jsonld';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { rdfXmlCount } from '../fixtures/rdf.js';
import { startTestServer } from '../fixtures/testServer.js';
import { itUnlessDeviation } from '../fixtures/engineUnderTest.js';
import { type RunningServer } from '../../src/http/server.js';

const P = `PREFIX dly: <https://w3id.org/delicacy/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> `;
const SELECT_PEOPLE = `${P} SELECT ?person ?label WHERE { ?person a dly:Person ; rdfs:label ?label } ORDER BY ?label LIMIT 20`;
const SELECT_TRICKY = `${P} SELECT ?s ?label ?date ?missing WHERE { ?s a dly:Meeting ; rdfs:label ?label ; dly:date ?date . OPTIONAL { ?s <urn:x:none> ?missing } } ORDER BY ?date LIMIT 15`;
const CONSTRUCT = `${P} CONSTRUCT { ?p rdfs:label ?l ; a dly:Person } WHERE { ?p a dly:HistoricalActor ; rdfs:label ?l } ORDER BY ?l LIMIT 20`;
const ASK = `${P} ASK { ?s a dly:Meeting }`;

let server: RunningServer;
let base: string;

async function sparql(query: string, init: { accept?: string; method?: 'GET' | 'POST-form' | 'POST-direct'; params?: Record<string, string | string[]>; headers?: Record<string, string> } = {}) {
  const method = init.method ?? 'GET';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(init.params ?? {})) for (const v of [value].flat()) params.append(key, v);
  const headers: Record<string, string> = { ...(init.accept ? { Accept: init.accept } : {}), ...(init.headers ?? {}) };
  if (method === 'GET') {
    params.set('query', query);
    return fetch(`${base}sparql?${params}`, { headers });
  }
  if (method === 'POST-form') {
    params.set('query', query);
    return fetch(`${base}sparql`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: params.toString() });
  }
  return fetch(`${base}sparql?${params}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/sparql-query' }, body: query });
}

async function count(query: string, params?: Record<string, string | string[]>): Promise<number> {
  const res = await sparql(query, { accept: 'application/sparql-results+json', params });
  expect(res.status).toBe(200);
  const json = await res.json();
  return Number(json.results.bindings[0].n.value);
}


/** Strict checks of the SPARQL 1.1 Query Results JSON Format. */
function checkJsonResults(json: Record<string, unknown>) {
  expect(Object.keys(json).sort()).toEqual(expect.arrayContaining(['head']));
  const head = json.head as { vars?: unknown };
  if ('boolean' in json) { expect(typeof json.boolean).toBe('boolean'); return; }
  expect(Array.isArray(head.vars)).toBe(true);
  const bindings = (json.results as { bindings: Record<string, Record<string, string>>[] }).bindings;
  expect(Array.isArray(bindings)).toBe(true);
  for (const binding of bindings) {
    for (const [name, term] of Object.entries(binding)) {
      expect(head.vars).toContain(name);
      expect(['uri', 'literal', 'bnode', 'triple']).toContain(term.type);
      expect(typeof term.value).toBe('string');
      for (const key of Object.keys(term)) expect(['type', 'value', 'datatype', 'xml:lang', 'its:dir']).toContain(key);
      if (term.type !== 'literal') { expect(term.datatype).toBeUndefined(); expect(term['xml:lang']).toBeUndefined(); }
    }
  }
}

beforeAll(async () => {
  server = await startTestServer({ maxResults: 50 });
  base = server.url;
});
afterAll(async () => { await server.close(); });

describe('SPARQL protocol operations', () => {
  it('answers the same query by GET, POST form and POST direct', async () => {
    const bodies = await Promise.all((['GET', 'POST-form', 'POST-direct'] as const).map(async (method) => {
      const res = await sparql(SELECT_PEOPLE, { method, accept: 'application/sparql-results+json' });
      expect(res.status, method).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
      return res.json();
    }));
    expect(bodies[0].results.bindings.length).toBe(20);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('honours default-graph-uri and named-graph-uri', async () => {
    const all = `SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`;
    const total = await count(all);
    const ontologyOnly = await count(all, { 'default-graph-uri': 'https://w3id.org/delicacy/graph/ontology' });
    expect(ontologyOnly).toBeGreaterThan(100);
    expect(ontologyOnly).toBeLessThan(total);
    const named = `SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }`;
    expect(await count(named, { 'named-graph-uri': 'https://w3id.org/delicacy/graph/vocabulary' })).toBeGreaterThan(50);
    expect(await count(named, { 'named-graph-uri': 'https://w3id.org/delicacy/graph/vocabulary' }))
      .toBeLessThan(await count(named));
    const viaForm = await sparql(all, { method: 'POST-form', accept: 'application/sparql-results+json', params: { 'default-graph-uri': 'https://w3id.org/delicacy/graph/ontology' } });
    expect(Number((await viaForm.json()).results.bindings[0].n.value)).toBe(ontologyOnly);
  });

  it('returns a Service Description for GET /sparql without a query (Turtle and JSON-LD)', async () => {
    const turtle = await fetch(`${base}sparql`, { headers: { Accept: 'text/turtle' } });
    expect(turtle.status).toBe(200);
    const store = new N3Store(new N3Parser().parse(await turtle.text()));
    const SD = 'http://www.w3.org/ns/sparql-service-description#';
    const [service] = store.getSubjects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${SD}Service`, null);
    expect(service.value).toBe(`${base}sparql`);
    expect(store.getObjects(service, `${SD}endpoint`, null)[0].value).toBe(`${base}sparql`);
    expect(store.getObjects(service, `${SD}supportedLanguage`, null).map((t) => t.value)).toContain(`${SD}SPARQL11Query`);
    const formats = store.getObjects(service, `${SD}resultFormat`, null).map((t) => t.value);
    for (const f of ['SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'JSON-LD', 'RDF_XML', 'N-Triples']) {
      expect(formats).toContain(`http://www.w3.org/ns/formats/${f}`);
    }
    const [dataset] = store.getObjects(service, `${SD}defaultDataset`, null);
    expect(store.getObjects(dataset, `${SD}namedGraph`, null).length).toBeGreaterThan(2);
    expect(store.getObjects(dataset, `${SD}defaultGraph`, null).length).toBe(1);
    expect(store.getObjects(service, 'http://www.w3.org/2000/01/rdf-schema#seeAlso', null)[0].value).toBe(`${base}.well-known/void`);
    // Each named graph's size (taken from the VoID where it states one) is what the endpoint holds.
    const sizes = new Map(store.getObjects(dataset, `${SD}namedGraph`, null).map((named) => [
      store.getObjects(named, `${SD}name`, null)[0].value,
      Number(store.getObjects(store.getObjects(named, `${SD}graph`, null)[0], 'http://rdfs.org/ns/void#triples', null)[0].value),
    ]));
    const counted = await (await fetch(`${base}sparql?query=${encodeURIComponent('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g')}`, { headers: { Accept: 'application/sparql-results+json' } })).json() as { results: { bindings: { g: { value: string }; n: { value: string } }[] } };
    expect(sizes).toEqual(new Map(counted.results.bindings.map((b) => [b.g.value, Number(b.n.value)])));

    const json = await fetch(`${base}sparql`, { headers: { Accept: 'application/ld+json' } });
    const quads = await jsonld.toRDF(await json.json(), { format: 'application/n-quads' }) as unknown as string;
    expect(quads).toContain(`<${base}sparql> <${SD}endpoint> <${base}sparql>`);
  });

  it('serves the query UI to a browser at GET /sparql', async () => {
    const res = await fetch(`${base}sparql`, { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('/assets/yasgui/yasgui.min.js');
    expect(text).toContain('PREFIX dly:');
    expect(text).toContain('//w3id.org/delicacy/ontology#');
    const asset = await fetch(`${base}assets/yasgui/yasgui.min.js`);
    expect(asset.status).toBe(200);
  });
});

describe('result formats, checked against the W3C specifications', () => {
  it('SELECT as SPARQL JSON', async () => {
    const res = await sparql(SELECT_TRICKY, { accept: 'application/sparql-results+json' });
    const json = await res.json();
    checkJsonResults(json);
    expect(json.head.vars).toEqual(['s', 'label', 'date', 'missing']);
    const first = json.results.bindings[0];
    expect(first.s.type).toBe('uri');
    expect(first.date.datatype).toBe('http://id.loc.gov/datatypes/edtf/EDTF');
    expect(first.missing).toBeUndefined();
  });

  it('SELECT as SPARQL XML', async () => {
    const res = await sparql(SELECT_TRICKY, { accept: 'application/sparql-results+xml' });
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['variable', 'result', 'binding'].includes(name) }).parse(text);
    expect(doc.sparql['@xmlns']).toBe('http://www.w3.org/2005/sparql-results#');
    expect(doc.sparql.head.variable.map((v: Record<string, string>) => v['@name'])).toEqual(['s', 'label', 'date', 'missing']);
    const results = doc.sparql.results.result;
    expect(results.length).toBe(15);
    for (const result of results) {
      for (const binding of result.binding) {
        expect(['s', 'label', 'date']).toContain(binding['@name']);
        const kinds = Object.keys(binding).filter((k) => !k.startsWith('@'));
        expect(kinds.length).toBe(1);
        expect(['uri', 'literal', 'bnode']).toContain(kinds[0]);
      }
    }
  });

  it('SELECT as CSV (RFC 4180, CRLF, plain values)', async () => {
    const res = await sparql(SELECT_TRICKY, { accept: 'text/csv' });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.startsWith('s,label,date,missing\r\n')).toBe(true);
    const rows = text.split('\r\n').filter(Boolean);
    expect(rows.length).toBe(16);
    for (const row of rows.slice(1)) {
      expect(row).toMatch(/^https:\/\/w3id\.org\/delicacy\/id\/meeting\/[^,]+,/);
      expect(row).not.toMatch(/"\^\^|<http/); // values only, no N-Triples syntax
    }
  });

  it('SELECT as TSV (N-Triples terms, ?-prefixed header)', async () => {
    const res = await sparql(SELECT_TRICKY, { accept: 'text/tab-separated-values' });
    expect(res.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
    const lines = (await res.text()).split('\n').filter(Boolean);
    expect(lines[0]).toBe('?s\t?label\t?date\t?missing');
    for (const line of lines.slice(1)) {
      const cells = line.split('\t');
      expect(cells.length).toBe(4);
      expect(cells[0]).toMatch(/^<https:\/\/w3id\.org\/delicacy\/id\/meeting\/.+>$/);
      expect(cells[1]).toMatch(/^".*"@en$/); // labels are language-tagged
      expect(cells[2]).toMatch(/^".*"\^\^<http:\/\/id\.loc\.gov\/datatypes\/edtf\/EDTF>$/);
      expect(cells[3]).toBe('');
    }
  });

  it('ASK as JSON and XML', async () => {
    const json = await (await sparql(ASK, { accept: 'application/sparql-results+json' })).json();
    checkJsonResults(json);
    expect(json.boolean).toBe(true);
    const xml = await (await sparql(ASK, { accept: 'application/sparql-results+xml' })).text();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(new XMLParser().parse(xml).sparql.boolean).toBe(true);
  });

  it('CONSTRUCT in every RDF format describes the same triples', async () => {
    const ntriples = await (await sparql(CONSTRUCT, { accept: 'application/n-triples' })).text();
    const reference = new N3Store(new N3Parser({ format: 'N-Triples' }).parse(ntriples));
    expect(reference.size).toBe(40);
    const turtleRes = await sparql(CONSTRUCT, { accept: 'text/turtle' });
    expect(turtleRes.headers.get('content-type')).toMatch(/^text\/turtle/);
    const turtle = new N3Store(new N3Parser({ format: 'Turtle' }).parse(await turtleRes.text()));
    expect(turtle.size).toBe(reference.size);
    for (const q of turtle) expect(reference.has(q)).toBe(true);
    const trig = new N3Parser({ format: 'TriG' }).parse(await (await sparql(CONSTRUCT, { accept: 'application/trig' })).text());
    expect(trig.length).toBe(reference.size);
    const nquads = new N3Parser({ format: 'N-Quads' }).parse(await (await sparql(CONSTRUCT, { accept: 'application/n-quads' })).text());
    expect(nquads.length).toBe(reference.size);
    const jsonldRes = await sparql(CONSTRUCT, { accept: 'application/ld+json' });
    const doc = await jsonldRes.json();
    expect(doc['@context'].dly).toBe('https://w3id.org/delicacy/ontology#');
    const fromJsonLd = new N3Store(new N3Parser({ format: 'N-Quads' }).parse(await jsonld.toRDF(doc, { format: 'application/n-quads' }) as unknown as string));
    expect(fromJsonLd.size).toBe(reference.size);
    for (const q of fromJsonLd) expect(reference.has(q)).toBe(true);
    expect(await rdfXmlCount(await (await sparql(CONSTRUCT, { accept: 'application/rdf+xml' })).text())).toBe(reference.size);
  });

  it('lets format= override Accept, with short names', async () => {
    const res = await sparql(SELECT_PEOPLE, { accept: 'application/sparql-results+xml', params: { format: 'json' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
    const csv = await sparql(SELECT_PEOPLE, { params: { format: 'csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const ttl = await sparql(CONSTRUCT, { params: { format: 'ttl' } });
    expect(ttl.headers.get('content-type')).toMatch(/^text\/turtle/);
  });
});

describe('refusals and errors', () => {
  it('406 with the list of available types for an unsupported Accept', async () => {
    const res = await sparql(SELECT_PEOPLE, { accept: 'image/png' });
    expect(res.status).toBe(406);
    const text = await res.text();
    expect(text).toContain('application/sparql-results+json');
    expect(text).toContain('text/csv');
    const graph = await sparql(CONSTRUCT, { accept: 'text/csv' });
    expect(graph.status).toBe(406);
    expect(await graph.text()).toContain('text/turtle');
  });

  it('400 with the parser message and position for a malformed query', async () => {
    const res = await sparql('SELECT ?x WHERE { ?x ?y ', { accept: 'application/sparql-results+json' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Malformed query: .*1:\d+/);
  });

  it('refuses updates in every protocol form and leaves the store unchanged', async () => {
    const before = await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    const update = 'INSERT DATA { <urn:x:s> <urn:x:p> "hacked" }';
    const attempts = [
      fetch(`${base}sparql`, { method: 'POST', headers: { 'Content-Type': 'application/sparql-update' }, body: update }),
      fetch(`${base}sparql`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ update }).toString() }),
      fetch(`${base}sparql?${new URLSearchParams({ update })}`),
      sparql(update),
      sparql(update, { method: 'POST-form' }),
      sparql(update, { method: 'POST-direct' }),
      sparql('PREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }', { method: 'POST-direct' }),
      sparql('CLEAR ALL', { method: 'POST-form' }),
      sparql('LOAD <http://127.0.0.1:9/x.ttl>', { method: 'POST-form' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/read-only/);
    }
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).toBe(before);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "hacked" }')).toBe(0);
  });

  it('refuses SERVICE to hosts that are not allowlisted', async () => {
    for (const target of ['http://127.0.0.1:9/sparql', 'https://query.wikidata.org/sparql', 'http://169.254.169.254/latest']) {
      const res = await sparql(`SELECT * WHERE { SERVICE <${target}> { ?s ?p ?o } }`);
      expect(res.status, target).toBe(403);
      expect(await res.text()).toMatch(/SERVICE .* is refused/);
    }
    const variable = await sparql('SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }');
    expect(variable.status).toBe(403);
  });

  it('415 for a POST without a usable content type, 405 for other methods', async () => {
    const none = await fetch(`${base}sparql`, { method: 'POST', body: 'SELECT * {}' , headers: { 'Content-Type': '' } });
    expect([400, 415]).toContain(none.status);
    const wrong = await fetch(`${base}sparql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(wrong.status).toBe(415);
    const put = await fetch(`${base}sparql`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toContain('POST');
  });

  it('flags a capped result in a header and, for JSON, a field', async () => {
    const query = `${P} SELECT ?s WHERE { ?s a dly:Claim }`;
    const res = await sparql(query, { accept: 'application/sparql-results+json' });
    expect(res.headers.get('x-result-truncated')).toBe('true');
    expect(res.headers.get('x-result-limit')).toBe('50');
    const json = await res.json();
    expect(json.results.bindings.length).toBe(50);
    expect(json.truncated).toBe(true);
    expect(json.limit).toBe(50);
    for (const type of ['text/csv', 'text/tab-separated-values', 'application/sparql-results+xml']) {
      const capped = await sparql(query, { accept: type });
      expect(capped.headers.get('x-result-truncated'), type).toBe('true');
      const text = await capped.text();
      if (type === 'application/sparql-results+xml') { expect(XMLValidator.validate(text)).toBe(true); expect(text.split('<result>').length - 1).toBe(50); }
      else expect(text.split('\n').filter(Boolean).length).toBe(51);
    }
    const graph = await sparql(`${P} CONSTRUCT { ?s a dly:Claim } WHERE { ?s a dly:Claim }`, { accept: 'application/n-triples' });
    expect(graph.headers.get('x-result-truncated')).toBe('true');
    expect((await graph.text()).split('\n').filter(Boolean).length).toBe(50);
    const small = await sparql(SELECT_PEOPLE, { accept: 'application/sparql-results+json' });
    expect(small.headers.get('x-result-truncated')).toBeNull();
    expect((await small.json()).truncated).toBeUndefined();
  });

  it('413 for a query over the size limit', async () => {
    const big = `SELECT * WHERE { ?s ?p ?o } # ${'x'.repeat(200_000)}`;
    const res = await sparql(big, { method: 'POST-direct' });
    expect(res.status).toBe(413);
  });
});

describe('HTTP behaviour', () => {
  it('sends CORS headers and answers preflight requests', async () => {
    const res = await sparql(ASK, { headers: { Origin: 'https://yasgui.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${base}sparql`, { method: 'OPTIONS', headers: { Origin: 'https://yasgui.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('compresses with gzip when asked', async () => {
    const query = `${P} SELECT ?s ?l WHERE { ?s rdfs:label ?l } LIMIT 50`;
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const url = new URL(`${base}sparql?${new URLSearchParams({ query })}`);
      httpRequest(url, { headers: { 'Accept-Encoding': 'gzip', Accept: 'application/sparql-results+json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(raw.body).toString()).results.bindings.length).toBe(50);
  });

  it('revalidates with ETag and Last-Modified (304) and says how fresh the data is', async () => {
    const first = await sparql(SELECT_PEOPLE, { accept: 'application/sparql-results+json' });
    const etag = first.headers.get('etag')!;
    const modified = first.headers.get('last-modified')!;
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const again = await sparql(SELECT_PEOPLE, { accept: 'application/sparql-results+json', headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const since = await sparql(SELECT_PEOPLE, { accept: 'application/sparql-results+json', headers: { 'If-Modified-Since': modified } });
    expect(since.status).toBe(304);
    const otherFormat = await sparql(SELECT_PEOPLE, { accept: 'text/csv', headers: { 'If-None-Match': etag } });
    expect(otherFormat.status).toBe(200);
  });
});

describe('time limit', () => {
  it('stops a query that runs past the limit, and the next query is answered', async () => {
    const slow = await startTestServer({ queryTimeoutMs: 500, workers: 1 });
    try {
      const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
      const started = Date.now();
      const res = await fetch(`${slow.url}sparql?${new URLSearchParams({ query: heavy })}`);
      expect(res.status).toBe(504);
      expect(await res.text()).toMatch(/timed out/i);
      expect(Date.now() - started).toBeLessThan(5000);
      const next = await fetch(`${slow.url}sparql?${new URLSearchParams({ query: ASK })}`, { headers: { Accept: 'application/sparql-results+json' } });
      expect(next.status).toBe(200);
      expect((await next.json()).boolean).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe('conveniences clients rely on', () => {
  it('predeclares our prefixes, like the Wikidata Query Service, keeping error positions right', async () => {
    const res = await sparql('SELECT (COUNT(?m) AS ?n) WHERE { ?m a dly:Meeting ; dly:participant person:maiskii }', { accept: 'application/sparql-results+json' });
    expect(res.status).toBe(200);
    expect(Number((await res.json()).results.bindings[0].n.value)).toBeGreaterThan(10);
    const bad = await sparql('SELECT ?x WHERE { ?x a dly:Meeting ', { accept: 'application/sparql-results+json' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/1:3[0-9]\b/);
  });

  it('understands generic Accept types: application/json for graphs means JSON-LD', async () => {
    const graph = await sparql(CONSTRUCT, { accept: 'application/json' });
    expect(graph.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const table = await sparql(SELECT_PEOPLE, { accept: 'application/json' });
    expect(table.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
    const sparqlWrapper = await sparql(SELECT_PEOPLE, { accept: 'application/sparql-results+json,application/json,text/javascript,application/javascript', params: { format: 'json', output: 'json' } });
    expect(sparqlWrapper.status).toBe(200);
  });
});

describe('GRAPH as SPARQL defines it, where the embedded engine departs from it (docs/query-normaliser.md)', () => {
  async function rows(query: string): Promise<string[]> {
    const res = await sparql(query, { accept: 'application/sparql-results+json' });
    expect(res.status, query).toBe(200);
    const json = await res.json();
    return (json.results.bindings as Record<string, { value: string }>[]).map((b) => JSON.stringify(Object.keys(b).sort().map((k) => [k, b[k].value]))).sort();
  }
  const GRAPHS = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x ?y ?z } }';

  itUnlessDeviation('graph-subselect', 'counts per graph in a sub-select inside GRAPH as with GROUP BY ?g', async () => {
    const perGraph = await rows('SELECT ?g ?n WHERE { GRAPH ?g { SELECT (COUNT(*) AS ?n) WHERE { ?s a dly:Person } } }');
    const grouped = await rows(`SELECT ?g (COUNT(?s) AS ?n) WHERE { { ${GRAPHS} } OPTIONAL { GRAPH ?g { ?s a dly:Person } } } GROUP BY ?g`);
    expect(perGraph.length).toBe((await rows(GRAPHS)).length);
    expect(perGraph).toEqual(grouped);
  });

  itUnlessDeviation('graph-values', 'gives a group of inline data once per named graph, with the graph', async () => {
    expect(await rows('SELECT ?g WHERE { GRAPH ?g { VALUES ?x { 1 } } }')).toEqual(await rows(GRAPHS));
  });
});

describe('result cache', () => {
  it('answers a repeated query from the cache, identically', async () => {
    const cached = await startTestServer({ resultCacheMb: 16 });
    try {
      const url = `${cached.url}sparql?${new URLSearchParams({ query: SELECT_TRICKY })}`;
      const first = await fetch(url, { headers: { Accept: 'text/csv' } });
      const second = await fetch(url, { headers: { Accept: 'text/csv' } });
      expect(first.headers.get('x-cache')).toBe('miss');
      expect(second.headers.get('x-cache')).toBe('hit');
      expect(await second.text()).toBe(await first.text());
      expect((cached.context.engine as WorkerPool).counters.completed).toBe(1);
    } finally {
      await cached.close();
    }
  });
});
