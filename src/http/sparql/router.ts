// /sparql: the SPARQL 1.1 Protocol for queries. Without a query, GET returns the
// Service Description (or, to a browser, the query UI).

import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { type AppContext, publicBase } from '../context.js';
import { HttpError } from '../httpError.js';
import { readProtocolRequest, type ProtocolRequest } from './protocol.js';
import { chooseType, offeredTypes } from './negotiate.js';
import { checkFederation } from './federation.js';
import { serviceDescription } from './serviceDescription.js';
import { serialiseTriples, RDF_TYPES } from '../../store/serialise.js';
import { QueryFailedError, QueryMemoryError, QueryTimeoutError, QueueFullError, WorkerCrashedError } from '../../store/queryPool.js';
import { cacheHeaders, notModified } from '../caching.js';
import { correctPositions, withDefaultPrefixes } from '../../store/defaultPrefixes.js';
import { LruCache } from '../../store/lruCache.js';
import { queryUiPage } from '../../web/pages/queryUi.js';

function withCharset(type: string): string {
  return type.startsWith('text/') || type.endsWith('json') || type.endsWith('xml') || type === 'application/n-triples' || type === 'application/n-quads' || type === 'application/trig'
    ? `${type}; charset=utf-8` : type;
}

interface CachedResult { body: string; mediaType: string; count: number; truncated: boolean; length: number }

export function sparqlRouter(context: AppContext): Router {
  const router = express.Router();
  // The dataset never changes while serving, so a result can be reused until restart.
  const results = context.config.resultCacheMb > 0 ? new LruCache<CachedResult>(context.config.resultCacheMb * 1024 * 1024) : undefined;
  const limit = context.config.maxQueryBytes;
  router.use('/sparql', express.urlencoded({ extended: false, limit, parameterLimit: 100 }));
  router.use('/sparql', express.text({ type: 'application/sparql-query', limit }));

  /** Runs a query in the worker pool, turning each kind of failure into its status. */
  const execute = async (request: ProtocolRequest, mediaType: string): Promise<CachedResult> => {
    const prepared = withDefaultPrefixes(request.query);
    try {
      const fresh = await context.pool.run({ ...request, query: prepared.query, mediaType, maxResults: context.config.maxResults });
      return { ...fresh, length: fresh.body.length };
    } catch (error) {
      if (error instanceof QueryFailedError) throw new HttpError(400, `${error.syntax ? 'Malformed query' : 'The query could not be evaluated'}: ${correctPositions(error.message, prepared.offset)}`);
      if (error instanceof QueueFullError) throw new HttpError(503, `The server is busy: ${error.message}. Try again shortly.`, { 'Retry-After': '5' });
      if (error instanceof QueryTimeoutError) throw new HttpError(504, `Query timed out: ${error.message}. Simplify the query or add a LIMIT.`);
      if (error instanceof WorkerCrashedError) throw new HttpError(500, `Query failed: ${error.message}.`);
      if (error instanceof QueryMemoryError) throw new HttpError(503, `Query stopped: ${error.message}. Simplify the query or add a LIMIT.`, { 'Retry-After': '1' });
      throw error;
    }
  };

  const handle = async (req: Request, res: Response) => {
    res.vary('Accept');
    const request = readProtocolRequest(req);
    if (!request) {
      if (req.method === 'POST') throw new HttpError(400, 'No query given: send query=... (form) or the query text (application/sparql-query).');
      return describeService(req, res);
    }
    if (Buffer.byteLength(request.query) > limit) throw new HttpError(413, `The query is longer than the limit of ${limit} bytes.`);
    checkFederation(request.query, context.config.serviceAllowlist);
    const mediaType = chooseType(req, offeredTypes(request.form), request.format);

    const etag = `W/"${createHash('sha256').update(JSON.stringify([context.manifest.modified, request.query, request.defaultGraphs, request.namedGraphs, mediaType, context.config.maxResults])).digest('base64url').slice(0, 27)}"`;
    cacheHeaders(res, context, etag);
    if (notModified(req, context, etag)) return void res.status(304).end();

    let result = results?.get(etag);
    res.set('X-Cache', result ? 'hit' : 'miss');
    if (!result) {
      result = await execute(request, mediaType);
      results?.set(etag, result);
    }
    res.set('Content-Type', withCharset(result.mediaType));
    res.set('X-Result-Count', String(result.count));
    if (result.truncated) {
      res.set('X-Result-Truncated', 'true');
      res.set('X-Result-Limit', String(context.config.maxResults));
    }
    res.send(result.body);
  };

  const describeService = (req: Request, res: Response) => {
    const offered = [...RDF_TYPES, 'text/html'];
    const type = chooseType(req, offered, typeof req.query.format === 'string' ? req.query.format : undefined);
    cacheHeaders(res, context);
    if (type === 'text/html') return void res.type('html').send(queryUiPage(context, publicBase(context, req)));
    const quads = serviceDescription(context, publicBase(context, req));
    res.set('Content-Type', withCharset(type)).send(serialiseTriples(quads, type));
  };

  router.get('/sparql', (req, res, next) => handle(req, res).catch(next));
  router.post('/sparql', (req, res, next) => handle(req, res).catch(next));
  router.all('/sparql', (req, res) => {
    if (req.method === 'OPTIONS') return void res.status(204).end();
    res.set('Allow', 'GET, HEAD, POST, OPTIONS').status(405).type('text').send('Use GET or POST for SPARQL queries.\n');
  });
  return router;
}
