// Linked data over real HTTP: every minted IRI dereferences with content
// negotiation and suffixes; pages show what a historian needs; VoID, dumps,
// health and readiness.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser as N3Parser, Store as N3Store } from 'n3';
import jsonld from 'jsonld';
import { rdfXmlCount } from '../fixtures/rdf.js';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { type RunningServer } from '../../src/http/server.js';
import { describeConfig, resolveConfig } from '../../src/http/config.js';

let server: RunningServer;
let base: string;
const ID = 'https://w3id.org/delicacy/id/';
const get = (path: string, accept?: string, headers: Record<string, string> = {}) => fetch(`${base}${path.replace(/^\//, '')}`, { headers: { ...(accept ? { Accept: accept } : {}), ...headers } });


beforeAll(async () => {
  server = await startTestServer();
  base = server.url;
});
afterAll(async () => { await server.close(); });

describe('dereferencing our IRIs', () => {
  const samples = ['person/maiskii', 'meeting/halifax-maiskii-1939-10-16', 'document/seeds-1939-09-29-no270', 'footnote/carley-1999/24',
    'claim/seeds-advises-caution', 'event/nazi-soviet-pact', 'organisation/foreign-office', 'place/baku', 'work/dvp-xxii-2', 'passage/carley-1999/II.19',
    'concept/side/soviet', 'post/british-ambassador-moscow'];

  it('gives every kind of entity in Turtle, JSON-LD, N-Triples and RDF/XML, each parsed independently', async () => {
    for (const path of samples) {
      const iri = `${ID}${path}`;
      const turtle = await get(`/id/${path}`, 'text/turtle');
      expect(turtle.status, path).toBe(200);
      expect(turtle.headers.get('content-type')).toMatch(/^text\/turtle/);
      expect(turtle.headers.get('vary')).toMatch(/Accept/);
      const store = new N3Store(new N3Parser({ format: 'Turtle' }).parse(await turtle.text()));
      expect(store.getQuads(iri, null, null, null).length, path).toBeGreaterThan(0);
      expect(store.getObjects(iri, 'http://www.w3.org/2000/01/rdf-schema#label', null).length, path).toBe(1);

      const nt = new N3Parser({ format: 'N-Triples' }).parse(await (await get(`/id/${path}`, 'application/n-triples')).text());
      expect(nt.length).toBe(store.size);
      const doc = await (await get(`/id/${path}`, 'application/ld+json')).json();
      const fromJsonLd = new N3Parser({ format: 'N-Quads' }).parse(await jsonld.toRDF(doc, { format: 'application/n-quads' }) as unknown as string);
      expect(fromJsonLd.length, path).toBe(store.size);
      expect(await rdfXmlCount(await (await get(`/id/${path}`, 'application/rdf+xml')).text()), path).toBe(store.size);
    }
  });

  it('honours the .ttl, .jsonld, .nt, .rdf and .html suffixes', async () => {
    const expectations: [string, RegExp][] = [['ttl', /^text\/turtle/], ['jsonld', /^application\/ld\+json/], ['nt', /^application\/n-triples/], ['rdf', /^application\/rdf\+xml/], ['html', /^text\/html/]];
    for (const [suffix, type] of expectations) {
      const res = await get(`/id/person/maiskii.${suffix}`, 'text/html');
      expect(res.status, suffix).toBe(200);
      expect(res.headers.get('content-type'), suffix).toMatch(type);
    }
    const passage = await get('/id/passage/carley-1999/II.19.ttl');
    expect(passage.status).toBe(200);
    expect(await passage.text()).toContain('Paragraph');
  });

  it('serves HTML to browsers, with alternates and the description embedded as JSON-LD', async () => {
    const res = await get('/id/person/maiskii', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('link')).toContain('rel="alternate"; type="text/turtle"');
    const html = await res.text();
    const embedded = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(embedded).toBeTruthy();
    const quads = await jsonld.toRDF(JSON.parse(embedded!), { format: 'application/n-quads' }) as unknown as string;
    expect(quads).toContain(`<${ID}person/maiskii> <http://www.w3.org/2000/01/rdf-schema#label>`);
  });

  it("every kind's list holds exactly the labelled entities under its IRI space (found through the kind's classes, checked against the IRIs)", async () => {
    const query = `SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l .
      FILTER(STRSTARTS(STR(?x), "${ID}") && !CONTAINS(STR(?x), "#")) BIND(STRBEFORE(STRAFTER(STR(?x), "${ID}"), "/") AS ?kind) } GROUP BY ?kind`;
    const answer = await (await get(`/sparql?query=${encodeURIComponent(query)}`, 'application/sparql-results+json')).json() as { results: { bindings: { kind: { value: string }; n: { value: string } }[] } };
    const expected = new Map(answer.results.bindings.map((b) => [b.kind.value, Number(b.n.value)]));
    expect(expected.size).toBeGreaterThan(10);
    for (const [kind, n] of expected) {
      const page = await (await get(`/id/${kind}/`, 'text/html')).text();
      const shown = /role="status">(\d+)(?: of (\d+))? /.exec(page);
      expect(shown, kind).not.toBeNull();
      expect(Number(shown![2] ?? shown![1]), kind).toBe(n);
    }
  });

  it('pages every list, the grouped ones too: following the next links gives each entity exactly once, in HTML and JSON', async () => {
    for (const kind of ['person', 'document', 'footnote', 'claim']) {
      const seen: string[] = [];
      let url: string | undefined = `/id/${kind}/?format=json`;
      let pages = 0;
      let total = 0;
      while (url) {
        const response = await get(url, 'application/json');
        const body = await response.json() as { total: number; page: number; pages: number; next?: string; prev?: string; items: { iri: string }[] };
        pages++;
        total = body.total;
        expect(body.page, kind).toBe(pages);
        expect(body.items.length, kind).toBeLessThanOrEqual(100);
        if (body.next) expect(response.headers.get('link'), kind).toContain(`<${body.next}>; rel="next"`);
        if (pages > 1) expect(body.prev, kind).toBeDefined();
        seen.push(...body.items.map((i) => i.iri));
        url = body.next;
      }
      expect(pages, kind).toBeGreaterThan(1);
      expect(seen.length, kind).toBe(total);
      expect(new Set(seen).size, kind).toBe(total);
    }
    // The HTML pages of the grouped lists hold what their page lists, and link their neighbours.
    const second = await (await get('/id/footnote/?page=2', 'text/html')).text();
    expect(second).toMatch(/<link rel="prev" href="[^"]*"/);
    expect(second).toContain('page 2 of');
    const firstDocuments = await (await get('/id/document/', 'text/html')).text();
    expect(firstDocuments).toMatch(/<link rel="next" href="\?page=2"/);
    expect((firstDocuments.match(/href="\/id\/document\/[^"#?]+"/g) ?? []).length).toBeLessThanOrEqual(100 + 20);
  });

  it('answers 404 for IRIs that are not in the dataset, in the requested kind of body', async () => {
    const html = await get('/id/person/nobody-at-all', 'text/html');
    expect(html.status).toBe(404);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const turtle = await get('/id/person/nobody-at-all', 'text/turtle');
    expect(turtle.status).toBe(404);
    expect((await get('/id/no-such-kind/x.ttl')).status).toBe(404);
    expect((await get('/nothing/here')).status).toBe(404);
  });

  it('revalidates entity descriptions with ETag (304)', async () => {
    const first = await get('/id/person/halifax', 'text/turtle');
    const again = await get('/id/person/halifax', 'text/turtle', { 'If-None-Match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('dereferences the ontology and the dataset description', async () => {
    const ontology = new N3Store(new N3Parser().parse(await (await get('/ontology', 'text/turtle')).text()));
    expect(ontology.getObjects('https://w3id.org/delicacy/ontology#Claim', 'http://www.w3.org/2000/01/rdf-schema#comment', null).length).toBe(1);
    expect((await get('/ontology', 'text/html')).headers.get('content-type')).toMatch(/html/);
    for (const path of ['/.well-known/void', '/dataset']) {
      const store = new N3Store(new N3Parser().parse(await (await get(path, 'text/turtle')).text()));
      expect(store.getQuads('https://w3id.org/delicacy/dataset', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://rdfs.org/ns/void#Dataset', null).length, path).toBe(1);
      expect(store.getObjects('https://w3id.org/delicacy/dataset', 'http://www.w3.org/ns/dcat#distribution', null).length).toBeGreaterThanOrEqual(6);
    }
  });
});

describe('entity pages', () => {
  it("a person's page shows name variants, offices, meetings by month in date order, claims with provenance and compared accounts summed up", async () => {
    const html = await (await get('/id/person/maiskii', 'text/html')).text();
    expect(html).toContain('Maisky');
    expect(html).toMatch(/Offices held[\s\S]*Soviet ambassador/);
    const meetings = html.slice(html.indexOf('id="meetings"'), html.indexOf('</section>', html.indexOf('id="meetings"')));
    const dates = [...meetings.matchAll(/data-earliest="(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]);
    expect(dates.length).toBeGreaterThan(10);
    expect([...dates].sort()).toEqual(dates);
    expect(meetings).toMatch(/<summary>October 1939 <span class="count-badge">\d+<\/span><\/summary>/);
    // Comparisons are summed up, one line each, with a link to the accounts side by side.
    const comparisons = html.slice(html.indexOf('id="comparisons"'), html.indexOf('</section>', html.indexOf('id="comparisons"')));
    expect(comparisons).toMatch(/<a href="\/id\/comparison\/[^"]+">Compare the accounts<\/a>/);
    expect(comparisons).not.toMatch(/class="claim /);
    expect(html).toMatch(/<a href="\/id\/footnote\/carley-1999\/\d+">\d+<\/a>/);
    expect(html).toMatch(/<nav class="toc" aria-label="On this page">/);
  });

  it("a meeting's page shows both records; its comparison's page the British and Soviet accounts in labelled columns", async () => {
    const html = await (await get('/id/meeting/halifax-maiskii-1939-10-16', 'text/html')).text();
    expect(html).toMatch(/British record[\s\S]*\/id\/document\/halifax-to-seeds-1939-10-16/);
    expect(html).toMatch(/Soviet record[\s\S]*\/id\/document\/maiskii-to-narkomindel-1939-10-16/);
    const comparison = await (await get('/id/comparison/halifax-maiskii-1939-10-16-initiative', 'text/html')).text();
    const block = comparison.slice(comparison.indexOf('<section class="comparison"'));
    const [left, right] = block.split('<div class="account">').slice(1, 3);
    expect(left).toMatch(/^<h4 class="column-heading">British account<\/h4>/);
    expect(left).toContain('/id/document/halifax-to-seeds-1939-10-16');
    expect(left).not.toContain('/id/document/maiskii-to-narkomindel-1939-10-16');
    expect(right).toMatch(/^<h4 class="column-heading">Soviet account<\/h4>/);
    expect(right).toContain('/id/document/maiskii-to-narkomindel-1939-10-16');
    expect(block).toMatch(/class="discrepancy"/);
  });

  it("a footnote's page is titled by its number and gives its citation, with slips as printed", async () => {
    const html = await (await get('/id/footnote/carley-1999/50', 'text/html')).text();
    expect(html).toContain('<h1>Footnote 50</h1>');
    expect(html).toContain('The citation');
    expect(html).toMatch(/Printed as “[^”]*1930/);
  });

  it('embeds only the entity’s own description as JSON-LD', async () => {
    const html = await (await get('/id/person/maiskii', 'text/html')).text();
    const embedded = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]);
    const text = JSON.stringify(embedded);
    expect(text).toContain('Maisky');
    expect(text).not.toMatch(/"claim:[a-z0-9]|id\/claim\/[a-z0-9]/);
    expect(Buffer.byteLength(html)).toBeLessThan(150 * 1024);
  });
});

describe('dumps', () => {
  it('lists every dump with size, SHA-256 and licence', async () => {
    const res = await get('/dumps/', 'application/json');
    const list = await res.json();
    expect(list.licence).toMatch(/creativecommons/);
    expect(list.dumps.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['delicacy.nq', 'delicacy.trig', 'delicacy.ttl', 'delicacy.jsonld', 'delicacy.jsonld.gz']));
    const html = await (await get('/dumps/', 'text/html')).text();
    expect(html).toContain('delicacy.nq');
  });

  it('streams a dump whole and by Range, with Content-Disposition and a matching checksum', async () => {
    const { dumps } = await (await get('/dumps/', 'application/json')).json();
    const nq = dumps.find((d: { name: string }) => d.name === 'delicacy.nq');
    const whole = await get('/dumps/delicacy.nq');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="delicacy.nq"');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBe(nq.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(nq.sha256);
    const part = await get('/dumps/delicacy.nq', undefined, { Range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${nq.bytes}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const local = readFileSync(join(testDist(), 'delicacy.nq'));
    expect(local.equals(bytes)).toBe(true);
    expect((await get('/dumps/secrets.txt')).status).toBe(404);
  });
});

describe('operations', () => {
  it('/health is alive and /ready says the dataset is loaded', async () => {
    expect((await (await get('/health')).json()).status).toBe('ok');
    const ready = await (await get('/ready')).json();
    expect(ready.ready).toBe(true);
    expect(ready.quads).toBeGreaterThan(10_000);
  });

  it('reads configuration from the environment, overridden by flags', () => {
    const config = resolveConfig({ PORT: '4000', HOST: '0.0.0.0', MAX_RESULTS: '7', CORS_ORIGINS: 'https://a.example,https://b.example' }, { port: '5000' });
    expect(config.port).toBe(5000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.maxResults).toBe(7);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(resolveConfig({}).port).toBe(3000);
    expect(describeConfig(config)).toMatch(/max-results\s+7/);
    expect(() => resolveConfig({ PORT: 'abc' })).toThrow(/port/);
  });
});
