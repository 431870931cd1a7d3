// The SPARQL 1.1 Graph Store HTTP Protocol, read-only, as Oxigraph server and
// Fuseki offer it at /rdf-graph-store (what rdflib, Jena's RDFConnection and
// other GSP clients call): GET or HEAD `?graph=IRI` for one named graph,
// `?default` for the default graph (the union of the named graphs, as at the
// SPARQL endpoint), in the format the client asks for. The data changes only
// with a new build, so writes (PUT, POST, DELETE, PATCH) are refused with 403.

import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { type AppContext } from './context.js';
import { namedGraphs } from './graphs.js';
import { HttpError } from './httpError.js';
import { chooseType } from './sparql/negotiate.js';
import { cacheHeaders, notModified } from './caching.js';
import { LruCache } from '../store/lruCache.js';
import { RDF_TYPES } from '../store/serialise.js';
import { clientOf } from './clientAddress.js';
import { ScheduleRejectedError } from '../query/schedule/rejected.js';

export const GRAPH_STORE_PATH = '/rdf-graph-store';

/** The graphs the dataset has: the release's, as its VoID names them (no query: the list does not change while serving). */
function graphSet(context: AppContext): Set<string> {
  return context.memo('named graph set', () => new Set(namedGraphs(context)));
}

/**
 * One graph (or the default graph, the union of the named ones) serialised in
 * `type`, or null when there is no such graph. Read through the scheduler and the
 * engine, like any query: serialising a whole graph takes long enough that the
 * main thread must not do it, and it counts against the client's fair share.
 */
async function renderGraph(context: AppContext, req: Request, graph: string | undefined, type: string): Promise<string | null> {
  if (graph !== undefined && !graphSet(context).has(graph)) return null;
  const query = graph === undefined ? 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }' : `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${graph}> { ?s ?p ?o } }`;
  try {
    const result = await context.scheduler.submit(clientOf(req), (control) => context.engine.run({
      query, resultSetType: 'application/sparql-results+json', graphType: type, defaultGraphs: [], namedGraphs: [],
      maxResults: Number.MAX_SAFE_INTEGER, maxResultBytes: Number.MAX_SAFE_INTEGER,
    }, control));
    return result.body;
  } catch (error) {
    if (error instanceof ScheduleRejectedError) throw new HttpError(error.status, error.message, error.retryAfterS > 0 ? { 'Retry-After': String(error.retryAfterS) } : {});
    throw error;
  }
}

/** Which graph the request names: `?graph=IRI` or `?default`, exactly one. */
function requestedGraph(req: Request): string | undefined {
  const graph = req.query.graph;
  const isDefault = req.query.default !== undefined;
  if (Array.isArray(graph)) throw new HttpError(400, 'Name one graph: give ?graph= once.');
  if (isDefault && graph !== undefined) throw new HttpError(400, 'Give either ?default or ?graph=IRI, not both.');
  if (!isDefault && graph === undefined) throw new HttpError(400, 'Name the graph: ?graph=IRI for a named graph, ?default for the default graph (the union of the named graphs).');
  if (graph === undefined) return undefined;
  if (typeof graph !== 'string' || !/^[a-z][a-z0-9+.-]*:[^\s<>"{}|^`\\]+$/i.test(graph)) throw new HttpError(400, `?graph= must be an absolute IRI, not '${String(graph)}'.`);
  return graph;
}

export function graphStoreRouter(context: AppContext): Router {
  const router = express.Router();
  const rendered = new LruCache<string>(32 * 1024 * 1024);

  const read = async (req: Request, res: Response) => {
    const graph = requestedGraph(req);
    res.vary('Accept');
    const type = chooseType(req, [...RDF_TYPES], typeof req.query.format === 'string' ? req.query.format : undefined);
    const key = `${graph ?? ''}|${type}`;
    const etag = `W/"${createHash('sha256').update(`${context.manifest.modified}|${key}`).digest('base64url').slice(0, 27)}"`;
    cacheHeaders(res, context, etag);
    if (notModified(req, context, etag)) return void res.status(304).end();
    let body = rendered.get(key);
    if (body === undefined) {
      const fresh = await renderGraph(context, req, graph, type);
      if (fresh === null) throw new HttpError(404, `There is no graph <${graph}> in this dataset; the graphs are listed in the service description (GET /sparql) and in /.well-known/void.`);
      body = fresh;
      rendered.set(key, body);
    }
    res.set('Content-Type', `${type}; charset=utf-8`);
    res.send(body); // Express sends headers and no body for HEAD.
  };

  router.get(GRAPH_STORE_PATH, (req, res, next) => { read(req, res).catch(next); });
  router.all(GRAPH_STORE_PATH, (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    res.set('Allow', 'GET, HEAD, OPTIONS');
    next(new HttpError(403, `This graph store is read-only: ${req.method} is refused. The data changes only with a new build of the dataset.`));
  });
  return router;
}
