// The release's named graphs, and what is read from each: the list comes from
// the release's VoID (no query), and whatever is counted or listed is read one
// graph at a time, so that each read is bounded by one graph (an article's
// worth), however many articles the release has. A read over the whole release
// — a GROUP BY over every quad, every entity in one sitemap — grows with it and
// at 1,000 articles (30 M quads) passes the query time limit. Used by the
// service description (graph sizes), the graph store (which graphs exist) and
// the sitemap (the entities of each graph). What the VoID states (each graph's
// size and entity count, written by the build) is not read again.

import pMap from 'p-map';
import { type AppContext } from './context.js';
import { readReleaseVoid, type ReleaseVoid } from '../store/releaseGraphs.js';
import { iriTerm } from '../store/select.js';
import { LruCache } from '../store/lruCache.js';
import { promiseMemo } from '../engine/lookup.js';

/** Graphs read at once: enough to keep a store busy, few enough to leave it to the queries. */
const CONCURRENCY = 4;

/** The release's VoID (its graphs and their stated sizes), read once per release. */
export function releaseVoid(context: Pick<AppContext, 'memo' | 'config' | 'manifest'>): ReleaseVoid {
  return context.memo('release void', () => readReleaseVoid(context.config.dist, context.manifest));
}

/** The release's named graphs, as its VoID names them (and the graph the VoID is served in). */
export function namedGraphs(context: AppContext): string[] {
  return releaseVoid(context).graphs;
}

/** A value computed once per release (the context's memo follows a switch); a failed computation is tried again by the next caller. */
function once<T>(context: AppContext, key: string, compute: () => Promise<T>): Promise<T> {
  return context.memo(key, () => promiseMemo<void, T>(compute))();
}

/** `read` for every graph, CONCURRENCY at a time, in the graphs' order. */
function perGraph<T>(graphs: string[], read: (graph: string) => Promise<T>): Promise<T[]> {
  return pMap(graphs, read, { concurrency: CONCURRENCY });
}

async function count(context: AppContext, query: string): Promise<number> {
  const [row] = await context.lookup.select(query);
  return Number(row?.n ?? 0);
}

/**
 * Quads per named graph (graphs that hold none are left out, as the store would):
 * as the release's VoID states them, and counted in the store only for a graph
 * it gives no size for.
 */
export function graphSizes(context: AppContext): Promise<Map<string, number>> {
  return once(context, 'graph sizes', async () => {
    const { graphs, sizes: stated } = releaseVoid(context);
    const sizes = await perGraph(graphs, async (graph) => stated.get(graph) ?? count(context, `SELECT (COUNT(*) AS ?n) WHERE { GRAPH ${iriTerm(graph)} { ?s ?p ?o } }`));
    return new Map(graphs.map((graph, i) => [graph, sizes[i]] as [string, number]).filter(([, n]) => n > 0));
  });
}

/**
 * The pattern of an entity with a page: a subject under the release's id/ space,
 * not a hash part. (No isIRI(?s): a subject whose string starts with an http IRI
 * is one, and with it Virtuoso scans every quad of the store, 60 s at 1,000
 * articles, instead of the graph's.)
 */
function entityFilter(context: AppContext): string {
  return `FILTER (STRSTARTS(STR(?s), ${JSON.stringify(`${context.baseIri}id/`)}) && !CONTAINS(STR(?s), "#"))`;
}

/**
 * How many sitemap pages of `perPage` entities each graph's entities fill;
 * graphs without any are left out. From the entity counts the release's VoID
 * states (the build's, or the corpus generator's): no query. A graph without a
 * stated count (a release built before them) is read from the store: if it has
 * no more quads than `perPage`, it fills one page if it has an entity at all
 * (one row asked for); only a larger graph has its entities counted (at 1,000
 * articles, counting every graph's entities would take a minute, its quads ten
 * seconds).
 */
export function graphEntityPages(context: AppContext, perPage: number): Promise<Map<string, number>> {
  return once(context, `graph entity pages ${perPage}`, async () => {
    const { graphs, entities } = releaseVoid(context);
    const unstated = graphs.filter((graph) => !entities.has(graph));
    const sizes = unstated.length > 0 ? await graphSizes(context) : new Map<string, number>();
    const pages = await perGraph(graphs, async (graph) => {
      const stated = entities.get(graph);
      if (stated !== undefined) return Math.ceil(stated / perPage);
      const size = sizes.get(graph) ?? 0;
      if (size === 0) return 0;
      const pattern = `GRAPH ${iriTerm(graph)} { ?s ?p ?o } ${entityFilter(context)}`;
      if (size <= perPage) return (await context.lookup.select(`SELECT ?s WHERE { ${pattern} } LIMIT 1`)).length;
      return Math.ceil(await count(context, `SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ${pattern} }`) / perPage);
    });
    return new Map(graphs.map((graph, i) => [graph, pages[i]] as [string, number]).filter(([, n]) => n > 0));
  });
}

/**
 * The entities of one graph, in IRI order. Read whole and sorted here: a store
 * may refuse to sort more than a few rows for a page (Virtuoso: 10,000 rows
 * before OFFSET + LIMIT, MaxSortedTopRows), and without ORDER BY the pages of
 * a LIMIT / OFFSET walk need not fit together.
 */
export async function graphEntities(context: AppContext, graph: string): Promise<string[]> {
  const rows = await context.lookup.select(`SELECT DISTINCT ?s WHERE { GRAPH ${iriTerm(graph)} { ?s ?p ?o } ${entityFilter(context)} }`);
  return rows.map((row) => row.s!).sort();
}

/**
 * Characters of sitemap pages kept per release: 16 M (as one-byte strings, 16 MB
 * of heap), about 400,000 entities' paths. The 1,000-article corpus has some
 * 1.7 M entities (70 kB of paths per article's graph): its graphs' pages are
 * kept as far as they fit, the most recently asked for first.
 */
export const SITEMAP_CACHE_CHARS = 16 * 1024 * 1024;

/** One sitemap page: its entities' paths (relative to the base), one a line. */
interface SitemapPage { paths: string; length: number }

/**
 * The entities' paths (relative to the base IRI) on page `page` of a graph's
 * sitemap, `perPage` a page. A graph is read once (graphEntities) for all its
 * pages, which are kept for the release in a cache bounded by
 * SITEMAP_CACHE_CHARS; concurrent requests for one graph share one read.
 */
export async function sitemapPagePaths(context: AppContext, graph: string, page: number, perPage: number): Promise<string[]> {
  const cache = context.memo(`sitemap pages ${perPage}`, () => ({
    pages: new LruCache<SitemapPage>(SITEMAP_CACHE_CHARS),
    reading: new Map<string, Promise<string[]>>(),
  }));
  const key = (n: number) => `${n} ${graph}`;
  const kept = cache.pages.get(key(page));
  if (kept) return kept.paths === '' ? [] : kept.paths.split('\n');
  let reading = cache.reading.get(graph);
  if (!reading) {
    reading = (async () => {
      const iris = await graphEntities(context, graph);
      const paths = iris.map((iri) => iri.slice(context.baseIri.length));
      for (let n = 1; (n - 1) * perPage < paths.length; n++) {
        const text = paths.slice((n - 1) * perPage, n * perPage).join('\n');
        cache.pages.set(key(n), { paths: text, length: text.length });
      }
      return paths;
    })().finally(() => cache.reading.delete(graph));
    cache.reading.set(graph, reading);
  }
  return (await reading).slice((page - 1) * perPage, page * perPage);
}
