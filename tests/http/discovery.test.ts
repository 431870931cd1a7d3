// What dataset search engines, crawlers and citation tools read: the home page's
// schema.org Dataset (with the properties Google's dataset search requires and
// recommends, and downloads that download), its "How to cite" block,
// robots.txt, sitemap.xml (an index of sitemaps: every entity's page, each one
// served) and CITATION.cff.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';
import { projectPath } from '../../src/model/paths.js';
import { loadDataset } from '../../src/store/loadDataset.js';
import { testDist } from '../fixtures/testDist.js';
import { readSitemap } from '../fixtures/sitemap.js';
import { sitemapParts } from '../../src/http/discovery.js';
import { graphEntities, graphEntityPages, releaseVoid } from '../../src/http/graphs.js';
import { isPageEntity } from '../../src/model/iri.js';

let server: RunningServer;
let home: string;

beforeAll(async () => {
  server = await startTestServer();
  home = await (await fetch(server.url, { headers: { accept: 'text/html' } })).text();
});
afterAll(async () => { await server?.close(); });

describe('home page', () => {
  it('describes the dataset in schema.org JSON-LD as dataset search requires, and every download works', async () => {
    const scripts = [...home.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
    const dataset = scripts.find((s) => s['@type'] === 'Dataset');
    expect(dataset).toBeDefined();
    expect(dataset['@context']).toBe('https://schema.org/');
    // Required: name and a description of 50 to 5000 characters.
    expect(dataset.name.length).toBeGreaterThan(10);
    expect(dataset.description.length).toBeGreaterThanOrEqual(50);
    expect(dataset.description.length).toBeLessThanOrEqual(5000);
    // Recommended: licence, creator, version, identifier, url, temporal coverage, keywords, distribution.
    expect(dataset.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(dataset.creator[0]).toMatchObject({ '@type': 'Organization', name: 'The Delicacy project' });
    expect(dataset.version).toBe(server.context.manifest.version);
    expect(dataset.url).toBe(server.url);
    expect(dataset.temporalCoverage).toMatch(/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
    expect(dataset.keywords.length).toBeGreaterThan(3);
    expect(dataset.isAccessibleForFree).toBe(true);
    expect(dataset.distribution.length).toBe(server.context.manifest.dumps.length);
    for (const download of dataset.distribution) {
      expect(download['@type']).toBe('DataDownload');
      expect(download.encodingFormat).toMatch(/^application\/|^text\//);
      const response = await fetch(download.contentUrl, { method: 'HEAD' });
      expect(response.status, download.contentUrl).toBe(200);
    }
  });

  it('says how to cite the dataset version and the article', () => {
    expect(home).toContain('id="cite"');
    expect(home).toContain(`(Version ${server.context.manifest.version}) [Data set]. https://w3id.org/delicacy/dataset/${server.context.manifest.version}`);
    expect(home).toContain('Michael Jabara Carley. “‘A Situation of Delicacy and Danger’');
    expect(home).toContain('href="/CITATION.cff"');
  });
});

describe('robots.txt, sitemap.xml and CITATION.cff', () => {
  it('robots.txt lets crawlers in, keeps them off the query services, and names the sitemap', async () => {
    const robots = await (await fetch(`${server.url}robots.txt`)).text();
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toMatch(/^Disallow: \/sparql\?$/m);
    expect(robots).toContain(`Sitemap: ${server.url}sitemap.xml`);
  });

  it("the sitemap lists the pages and every entity's page, graph by graph, and they are served", async () => {
    const { parts, urls } = await readSitemap(server.url);
    // An index: the pages, then a sitemap per graph that has entities (an article, the links, the vocabulary).
    expect(parts[0]).toBe(`${server.url}sitemap.xml?page=1`);
    expect(parts).toContain(`${server.url}sitemap.xml?${new URLSearchParams({ graph: 'https://w3id.org/delicacy/graph/carley-1999', page: '1' })}`);
    expect(urls).toContain(server.url);
    expect(urls).toContain(`${server.url}id/person/maiskii`);
    const unique = [...new Set(urls)];
    const people = loadDataset(testDist()).store.query('SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/delicacy/ontology#Person> }', { use_default_graph_as_union: true, results_format: 'json' }) as string;
    expect(unique.filter((u) => u.includes('/id/person/')).length).toBe(Number(JSON.parse(people).results.bindings[0].n.value));
    expect(urls.every((u) => !u.includes('#'))).toBe(true);
    for (const url of unique.filter((_, i) => i % Math.ceil(unique.length / 25) === 0)) {
      expect((await fetch(url, { headers: { accept: 'text/html' } })).status, url).toBe(200);
    }
    // A sitemap past a graph's last page, of a graph the release does not have, or malformed: 404.
    const wrong: Record<string, string>[] = [{ graph: 'https://w3id.org/delicacy/graph/carley-1999', page: '2' }, { graph: 'https://example.org/no-such-graph', page: '1' }, { page: '2' }, { page: 'x' }];
    for (const query of wrong) {
      expect((await fetch(`${server.url}sitemap.xml?${new URLSearchParams(query)}`)).status, JSON.stringify(query)).toBe(404);
    }
  });

  it('lists a page of the sitemap per 50,000 entities of a graph', async () => {
    expect(sitemapParts(new Map([['g1', 1], ['g2', 3]]))).toEqual([
      { page: 1 }, { graph: 'g1', page: 1 }, { graph: 'g2', page: 1 }, { graph: 'g2', page: 2 }, { graph: 'g2', page: 3 },
    ]);
    // Counted from the data, here with pages of 500 entities: the article's 1,537 fill four, the other graphs' one each.
    const pages = await graphEntityPages(server.context, 500);
    const G = (name: string) => `https://w3id.org/delicacy/graph/${name}`;
    const entities = async (graph: string) => (await graphEntities(server.context, graph)).length;
    expect(pages.get(G('carley-1999'))).toBe(Math.ceil(await entities(G('carley-1999')) / 500));
    expect(pages.get(G('carley-1999'))).toBeGreaterThan(1);
    expect(pages.get(G('links'))).toBe(1);
    expect(pages.has(G('ontology'))).toBe(false); // its terms are not under id/
  });

  it("the VoID states each graph's entities with a page as the store counts them, and the index is made from them", async () => {
    const { graphs, entities } = releaseVoid(server.context);
    expect([...entities.keys()].sort()).toEqual(graphs);
    for (const graph of graphs) {
      const subjects = await server.context.lookup.select(`SELECT DISTINCT ?s WHERE { GRAPH <${graph}> { ?s ?p ?o } FILTER (isIRI(?s)) }`);
      expect(entities.get(graph), graph).toBe(subjects.filter((r) => isPageEntity(r.s!, server.context.baseIri)).length);
    }
    expect(entities.get('https://w3id.org/delicacy/graph/carley-1999')).toBe((await graphEntities(server.context, 'https://w3id.org/delicacy/graph/carley-1999')).length);
  });

  it('/CITATION.cff is valid Citation File Format', async () => {
    const ajv = new Ajv({ strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(projectPath('tests', 'fixtures', 'schemas', 'cff-1.2.0.schema.json'), 'utf8')));
    expect(validate(parseYaml(await (await fetch(`${server.url}CITATION.cff`)).text()))).toBe(true);
  });
});
