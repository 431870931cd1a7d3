// The sitemap at scale: its index is made from the entity counts the release's
// VoID states (no query), and equals the one counted from the store; a release
// built before the counts still gets the same sitemap (from queries); a graph's
// entities are read once for all its pages and kept for the release.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, Writer } from 'n3';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { readSitemap } from '../fixtures/sitemap.js';
import { type RunningServer } from '../../src/http/server.js';
import { type AppContext, memoiser } from '../../src/http/context.js';
import { graphEntities, graphEntityPages, releaseVoid, sitemapPagePaths } from '../../src/http/graphs.js';
import { SITEMAP_URLS } from '../../src/http/discovery.js';
import { DUMP_FILES } from '../../src/build/pipeline.js';
import { projectPath } from '../../src/model/paths.js';
import { type Lookup } from '../../src/engine/lookup.js';

const CARLEY = 'https://w3id.org/delicacy/graph/carley-1999';
let server: RunningServer;

beforeAll(async () => { server = await startTestServer({ store: undefined }); });
afterAll(async () => { await server?.close(); });

/** The server's context with a fresh memo (a release switch's) and a lookup that counts its queries; `entities` replaces the VoID's counts. */
function counting(entities?: Map<string, number>): { context: AppContext; queries: string[] } {
  const queries: string[] = [];
  const inner = server.context.lookup;
  const lookup: Lookup = { select: (q) => { queries.push(q); return inner.select(q); }, exists: (iri) => inner.exists(iri), describe: (iri) => inner.describe(iri) };
  const memo = memoiser();
  const context: AppContext = { ...server.context, lookup, memo };
  if (entities) memo('release void', () => ({ ...releaseVoid(server.context), entities }));
  return { context, queries };
}

describe('the sitemap index', () => {
  it('is made from the VoID without a query, and equals the one counted from the store', async () => {
    for (const perPage of [SITEMAP_URLS, 500, 100]) {
      const fromVoid = counting();
      const fromStore = counting(new Map());
      const stated = await graphEntityPages(fromVoid.context, perPage);
      expect(fromVoid.queries).toEqual([]);
      expect(stated).toEqual(await graphEntityPages(fromStore.context, perPage));
      expect(fromStore.queries.length).toBeGreaterThan(3);
      expect([...stated.keys()]).toContain(CARLEY);
    }
    // Graphs with counts and without, side by side: only the ones without are queried.
    const some = counting(new Map([[CARLEY, releaseVoid(server.context).entities.get(CARLEY)!]]));
    expect(await graphEntityPages(some.context, 500)).toEqual(await graphEntityPages(counting().context, 500));
    expect(some.queries.some((q) => q.includes(CARLEY))).toBe(false);
    expect(some.queries.length).toBeGreaterThan(0);
  });
});

describe("a graph's sitemap pages", () => {
  it('are read once for all its pages and kept for the release, the same as read whole', async () => {
    const { context, queries } = counting();
    const all = (await graphEntities(server.context, CARLEY)).map((iri) => iri.slice(server.context.baseIri.length));
    const pages = (await graphEntityPages(context, 500)).get(CARLEY)!;
    expect(pages).toBe(Math.ceil(all.length / 500));
    // Concurrent requests share one read; later ones read none.
    const read = await Promise.all(Array.from({ length: pages }, (_, i) => sitemapPagePaths(context, CARLEY, i + 1, 500)));
    expect(read.flat()).toEqual(all);
    expect(read.every((page, i) => page.length === (i + 1 < pages ? 500 : all.length - 500 * (pages - 1)))).toBe(true);
    expect(await sitemapPagePaths(context, CARLEY, 2, 500)).toEqual(all.slice(500, 1000));
    expect(queries.length).toBe(1);
    // A new release (the memo a switch starts) reads again.
    const next = counting();
    expect(await sitemapPagePaths(next.context, CARLEY, pages, 500)).toEqual(all.slice(500 * (pages - 1)));
    expect(next.queries.length).toBe(1);
  });
});

describe('a release built before the VoID stated entity counts', () => {
  const older = join(projectPath('test-output'), 'release-without-entity-counts');
  let oldServer: RunningServer;

  beforeAll(async () => {
    rmSync(older, { recursive: true, force: true });
    cpSync(testDist(), older, { recursive: true });
    // Its VoID as the build wrote it before: no void:entities or void:uriRegexPattern on the graphs.
    const file = join(older, DUMP_FILES.void);
    let prefixes: Record<string, string> = {};
    const quads = new Parser().parse(readFileSync(file, 'utf8'), null, (prefix, iri) => { prefixes = { ...prefixes, [prefix]: iri.value }; });
    const subsets = new Set(quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/sparql-service-description#name').map((q) => q.subject.value));
    const dropped = ['http://rdfs.org/ns/void#entities', 'http://rdfs.org/ns/void#uriRegexPattern'];
    const kept = quads.filter((q) => !(subsets.has(q.subject.value) && dropped.includes(q.predicate.value)));
    expect(kept.length).toBe(quads.length - 2 * subsets.size);
    const writer = new Writer({ prefixes });
    writer.addQuads(kept);
    writeFileSync(file, await new Promise<string>((resolve, reject) => writer.end((error, text) => (error ? reject(error) : resolve(text)))));
    oldServer = await startTestServer({ store: undefined, dist: older });
  });
  afterAll(async () => {
    await oldServer?.close();
    rmSync(older, { recursive: true, force: true });
  });

  it('serves the same sitemap, counted from the store', async () => {
    expect(releaseVoid(oldServer.context).entities.size).toBe(0);
    const texts = async (s: RunningServer) => [...(await readSitemap(s.url)).texts.values()].map((text) => text.replaceAll(s.url, '/'));
    const index = async (s: RunningServer) => (await (await fetch(`${s.url}sitemap.xml`)).text()).replaceAll(s.url, '/');
    expect(await index(oldServer)).toEqual(await index(server));
    expect(await texts(oldServer)).toEqual(await texts(server));
    expect((await texts(server)).length).toBeGreaterThan(3);
  });
});
