// The SPARQL 1.1 Graph Store HTTP Protocol, read-only, as Oxigraph server and
// Fuseki offer it at /rdf-graph-store (what rdflib, Jena's RDFConnection and
// other GSP clients call): GET or HEAD `?graph=IRI` for one named graph,
// `?default` for the default graph (the union of the named graphs, as at the
// SPARQL endpoint), in the format the client asks for. The data changes only
// with a new build, so writes (PUT, POST, DELETE, PATCH) are refused with 403.

import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import oxigraph from 'oxigraph';
import { DataFactory, type Quad } from 'n3';
import { type AppContext } from './context.js';
import { HttpError } from './httpError.js';
import { chooseType } from './sparql/negotiate.js';
import { cacheHeaders, notModified } from './caching.js';
import { LruCache } from '../store/lruCache.js';
import { RDF_TYPES, serialiseTriples } from '../store/serialise.js';

export const GRAPH_STORE_PATH = '/rdf-graph-store';

/**
 * The triples of one named graph, or of the default graph (`undefined`: the union
 * of the named graphs, each triple once); `null` when there is no such graph.
 * The one place the Graph Store reads the data: when queries go through an engine
 * interface, this becomes a call to it.
 */
export function graphTriples(context: AppContext, graph: string | undefined): Quad[] | null {
  const found = context.store.match(null, null, null, graph === undefined ? null : oxigraph.namedNode(graph));
  const triple = (q: unknown) => {
    const n3 = DataFactory.fromQuad(q as Quad);
    return DataFactory.quad(n3.subject, n3.predicate, n3.object);
  };
  if (graph !== undefined) return found.length === 0 ? null : found.map(triple);
  const seen = new Set<string>();
  const triples: Quad[] = [];
  for (const q of found) {
    const t = triple(q);
    const key = `${t.subject.id} ${t.predicate.id} ${t.object.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    triples.push(t);
  }
  return triples;
}

/** Which graph the request names: `?graph=IRI` or `?default`, exactly one. */
function requestedGraph(req: Request): string | undefined {
  const graph = req.query.graph;
  const isDefault = req.query.default !== undefined;
  if (Array.isArray(graph)) throw new HttpError(400, 'Name one graph: give ?graph= once.');
  if (isDefault && graph !== undefined) throw new HttpError(400, 'Give either ?default or ?graph=IRI, not both.');
  if (!isDefault && graph === undefined) throw new HttpError(400, 'Name the graph: ?graph=IRI for a named graph, ?default for the default graph (the union of the named graphs).');
  if (graph === undefined) return undefined;
  if (typeof graph !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(graph)) throw new HttpError(400, `?graph= must be an absolute IRI, not '${String(graph)}'.`);
  return graph;
}

export function graphStoreRouter(context: AppContext): Router {
  const router = express.Router();
  const rendered = new LruCache<string>(32 * 1024 * 1024);

  const read = (req: Request, res: Response) => {
    const graph = requestedGraph(req);
    res.vary('Accept');
    const type = chooseType(req, [...RDF_TYPES], typeof req.query.format === 'string' ? req.query.format : undefined);
    const key = `${graph ?? ''}|${type}`;
    const etag = `W/"${createHash('sha256').update(`${context.manifest.modified}|${key}`).digest('base64url').slice(0, 27)}"`;
    let body = rendered.get(key);
    if (body === undefined) {
      const triples = graphTriples(context, graph);
      if (triples === null) throw new HttpError(404, `There is no graph <${graph}> in this dataset; the graphs are listed in the service description (GET /sparql) and in /.well-known/void.`);
      body = serialiseTriples(triples, type);
      rendered.set(key, body);
    }
    cacheHeaders(res, context, etag);
    if (notModified(req, context, etag)) return void res.status(304).end();
    res.set('Content-Type', `${type}; charset=utf-8`);
    res.send(body); // Express sends headers and no body for HEAD.
  };

  router.get(GRAPH_STORE_PATH, read);
  router.all(GRAPH_STORE_PATH, (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    res.set('Allow', 'GET, HEAD, OPTIONS');
    next(new HttpError(403, `This graph store is read-only: ${req.method} is refused. The data changes only with a new build of the dataset.`));
  });
  return router;
}
