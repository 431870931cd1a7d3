// What dataset search engines, crawlers and citation tools read: the home page's
// schema.org Dataset (with the properties Google's dataset search requires and
// recommends, and downloads that download), its "How to cite" block,
// robots.txt, sitemap.xml (every entity's page, each one served) and CITATION.cff.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { startTestServer } from '../fixtures/testServer.js';
import { type RunningServer } from '../../src/http/server.js';
import { projectPath } from '../../src/model/paths.js';
import { loadDataset } from '../../src/store/loadDataset.js';
import { testDist } from '../fixtures/testDist.js';

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

  it("the sitemap lists the pages and every entity's page, and they are served", async () => {
    const response = await fetch(`${server.url}sitemap.xml`);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const parsed = new XMLParser().parse(await response.text());
    const urls: string[] = parsed.urlset.url.map((u: { loc: string }) => u.loc);
    expect(urls).toContain(server.url);
    expect(urls).toContain(`${server.url}id/person/maiskii`);
    const people = loadDataset(testDist()).store.query('SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/delicacy/ontology#Person> }', { use_default_graph_as_union: true, results_format: 'json' }) as string;
    expect(urls.filter((u) => u.includes('/id/person/')).length).toBe(Number(JSON.parse(people).results.bindings[0].n.value));
    expect(urls.every((u) => !u.includes('#'))).toBe(true);
    for (const url of urls.filter((_, i) => i % Math.ceil(urls.length / 25) === 0)) {
      expect((await fetch(url, { headers: { accept: 'text/html' } })).status, url).toBe(200);
    }
  });

  it('/CITATION.cff is valid Citation File Format', async () => {
    const ajv = new Ajv({ strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(projectPath('tests', 'fixtures', 'schemas', 'cff-1.2.0.schema.json'), 'utf8')));
    expect(validate(parseYaml(await (await fetch(`${server.url}CITATION.cff`)).text()))).toBe(true);
  });
});
