// The release's named graphs, and what is read from each: the list comes from
// the release's VoID (no query), and whatever is counted or listed is read one
// graph at a time, so that each read is bounded by one graph (an article's
// worth), however many articles the release has. A read over the whole release
// — a GROUP BY over every quad, every entity in one sitemap — grows with it and
// at 1,000 articles (30 M quads) passes the query time limit. Used by the
// service description (graph sizes), the graph store (which graphs exist) and
// the sitemap (the entities of each graph).

import { type AppContext } from './context.js';
import { releaseGraphs } from '../store/releaseGraphs.js';
import { iriTerm } from '../store/select.js';

/** Graphs read at once: enough to keep a store busy, few enough to leave it to the queries. */
const CONCURRENCY = 4;

/** The release's named graphs, as its VoID names them (and the graph the VoID is served in). */
export function namedGraphs(context: AppContext): string[] {
  return context.memo('release graphs', () => releaseGraphs(context.config.dist, context.manifest));
}

/** A value computed once per release; a failed computation is tried again by the next caller. */
function once<T>(context: AppContext, key: string, compute: () => Promise<T>): Promise<T> {
  const holder = context.memo(key, () => ({ promise: undefined as Promise<T> | undefined }));
  holder.promise ??= compute().catch((error) => {
    holder.promise = undefined;
    throw error;
  });
  return holder.promise;
}

/** `read` for every graph, CONCURRENCY at a time, in the graphs' order. */
async function perGraph<T>(graphs: string[], read: (graph: string) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(graphs.length);
  let next = 0;
  const worker = async () => {
    while (next < graphs.length) {
      const index = next++;
      out[index] = await read(graphs[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, graphs.length) }, worker));
  return out;
}

async function count(context: AppContext, query: string): Promise<number> {
  const [row] = await context.lookup.select(query);
  return Number(row?.n ?? 0);
}

/** Quads per named graph (graphs that hold none are left out, as the store would). */
export function graphSizes(context: AppContext): Promise<Map<string, number>> {
  return once(context, 'graph sizes', async () => {
    const graphs = namedGraphs(context);
    const sizes = await perGraph(graphs, (graph) => count(context, `SELECT (COUNT(*) AS ?n) WHERE { GRAPH ${iriTerm(graph)} { ?s ?p ?o } }`));
    return new Map(graphs.map((graph, i) => [graph, sizes[i]] as [string, number]).filter(([, n]) => n > 0));
  });
}

/** The pattern of an entity with a page: a subject under the release's id/ space, not a hash part. */
function entityFilter(context: AppContext): string {
  return `FILTER (isIRI(?s) && STRSTARTS(STR(?s), ${JSON.stringify(`${context.baseIri}id/`)}) && !CONTAINS(STR(?s), "#"))`;
}

/** Entities (subjects with a page of their own) per named graph; graphs without any are left out. */
export function graphEntityCounts(context: AppContext): Promise<Map<string, number>> {
  return once(context, 'graph entity counts', async () => {
    const graphs = namedGraphs(context);
    const counts = await perGraph(graphs, (graph) => count(context, `SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ${iriTerm(graph)} { ?s ?p ?o } ${entityFilter(context)} }`));
    return new Map(graphs.map((graph, i) => [graph, counts[i]] as [string, number]).filter(([, n]) => n > 0));
  });
}

/** The entities of one graph, in IRI order, from `offset`, at most `limit`. */
export async function graphEntities(context: AppContext, graph: string, offset: number, limit: number): Promise<string[]> {
  const rows = await context.lookup.select(`SELECT DISTINCT ?s WHERE { GRAPH ${iriTerm(graph)} { ?s ?p ?o } ${entityFilter(context)} } ORDER BY ?s LIMIT ${limit} OFFSET ${offset}`);
  return rows.map((row) => row.s!);
}
