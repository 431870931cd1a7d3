// /sparql: the SPARQL 1.1 Protocol for queries. Without a query, GET returns the
// Service Description (or, to a browser, the query UI). A query goes to the
// scheduler as its client's, then to the engine, which prepares and runs it;
// each kind of failure becomes its status here.

import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { type AppContext, publicBase } from '../context.js';
import { HttpError } from '../httpError.js';
import { readProtocolRequest, type ProtocolRequest } from './protocol.js';
import { chooseType, offeredTypes } from './negotiate.js';
import { serviceDescription } from './serviceDescription.js';
import { serialiseTriples, RDF_TYPES } from '../../store/serialise.js';
import { LruCache } from '../../store/lruCache.js';
import { resultCacheBytes } from '../config.js';
import { queryUiPage } from '../../web/pages/queryUi.js';
import { type EngineResult } from '../../engine/engine.js';
import { EngineFaultError, EngineUnavailableError, QueryFailedError, QueryMemoryError, QueryTimeoutError } from '../../engine/errors.js';
import { QueryRefusedError } from '../../query/errors.js';
import { ScheduleRejectedError } from '../../query/schedule/rejected.js';
import { clientOf } from '../clientAddress.js';
import { cacheHeaders, notModified } from '../caching.js';

function withCharset(type: string): string {
  return type.startsWith('text/') || type.endsWith('json') || type.endsWith('xml') || type === 'application/n-triples' || type === 'application/n-quads' || type === 'application/trig'
    ? `${type}; charset=utf-8` : type;
}

interface CachedResult extends EngineResult { length: number }

/** The negotiated type for each kind of result, or the 406 to give if that kind comes back. */
interface Negotiated { resultSet: string | HttpError; graph: string | HttpError }

/**
 * Negotiation depends only on the Accept header and format=, which clients
 * repeat: the outcome is kept for the most recent ones, so that a request does
 * not negotiate again (nor build a 406 error for the kind of result it does not
 * ask for).
 */
const negotiated = new Map<string, Negotiated>();
const NEGOTIATED_KEPT = 256;

function negotiate(req: Request, format?: string): Negotiated {
  const key = `${req.get('accept') ?? ''}\n${format ?? ''}`;
  let outcome = negotiated.get(key);
  if (!outcome) {
    outcome = negotiateAnew(req, format);
    if (negotiated.size >= NEGOTIATED_KEPT) negotiated.delete(negotiated.keys().next().value!);
    negotiated.set(key, outcome);
  }
  if (outcome.resultSet instanceof HttpError && outcome.graph instanceof HttpError) {
    throw new HttpError(406, `${outcome.resultSet.message.replace(/ Available:.*$/, '')} Available: ${[...offeredTypes('SELECT'), ...offeredTypes('CONSTRUCT')].join(', ')}.`);
  }
  return outcome;
}

function negotiateAnew(req: Request, format?: string): Negotiated {
  const attempt = (offered: string[]) => { try { return chooseType(req, offered, format); } catch (error) { if (error instanceof HttpError) return error; throw error; } };
  return { resultSet: attempt(offeredTypes('SELECT')), graph: attempt(offeredTypes('CONSTRUCT')) };
}

/** Turns each kind of failure into its status and message. */
function httpErrorOf(error: unknown): unknown {
  if (error instanceof QueryRefusedError) return new HttpError(error.status, error.message, error.headers);
  if (error instanceof ScheduleRejectedError) return new HttpError(error.status, error.message, error.retryAfterS > 0 ? { 'Retry-After': String(error.retryAfterS) } : {});
  if (error instanceof QueryFailedError) return new HttpError(400, `The query could not be evaluated: ${error.message}`);
  if (error instanceof QueryTimeoutError) return new HttpError(504, `Query timed out: ${error.message}. Simplify the query or add a LIMIT.`);
  if (error instanceof QueryMemoryError) return new HttpError(503, `Query stopped: ${error.message}. Simplify the query or add a LIMIT.`, { 'Retry-After': '1' });
  if (error instanceof EngineFaultError) return new HttpError(500, `Query failed: ${error.message}.`);
  if (error instanceof EngineUnavailableError) return new HttpError(503, `The query engine is not available: ${error.message}. Try again shortly.`, { 'Retry-After': '5' });
  return error;
}

function outcomeOf(error: unknown): [string, string] {
  if (error instanceof QueryRefusedError) return ['refused', error.rule];
  if (error instanceof ScheduleRejectedError) return ['rejected', error.rule];
  if (error instanceof QueryFailedError) return ['failed', ''];
  if (error instanceof QueryTimeoutError) return ['timeout', ''];
  if (error instanceof QueryMemoryError) return ['memory', ''];
  if (error instanceof EngineFaultError) return ['fault', ''];
  return ['error', ''];
}

export function sparqlRouter(context: AppContext): Router {
  const router = express.Router();
  const { config, metrics } = context;
  // The dataset never changes while serving, so a result can be reused until restart.
  const cacheBytes = resultCacheBytes(config, context.manifest.quads);
  const results = cacheBytes > 0 ? new LruCache<CachedResult>(cacheBytes) : undefined;
  const limit = config.maxQueryBytes;
  router.use('/sparql', express.urlencoded({ extended: false, limit, parameterLimit: 100 }));
  router.use('/sparql', express.text({ type: 'application/sparql-query', limit }));

  const execute = async (req: Request, res: Response, request: ProtocolRequest, negotiated: Negotiated): Promise<CachedResult> => {
    const gone = new AbortController();
    res.on('close', () => { if (!res.writableFinished) gone.abort(); });
    const typeOr = (type: string | HttpError, fallback: string) => (typeof type === 'string' ? type : fallback);
    try {
      const result = await context.scheduler.submit(clientOf(req), (control) => context.engine.run({
        query: request.query,
        resultSetType: typeOr(negotiated.resultSet, 'application/sparql-results+json'),
        graphType: typeOr(negotiated.graph, 'text/turtle'),
        defaultGraphs: request.defaultGraphs,
        namedGraphs: request.namedGraphs,
        maxResults: config.maxResults,
        maxResultBytes: config.maxResultBytes,
      }, control), gone.signal);
      metrics.query('ok');
      return { ...result, length: result.body.length };
    } catch (error) {
      metrics.query(...outcomeOf(error));
      throw httpErrorOf(error);
    }
  };

  const handle = async (req: Request, res: Response) => {
    res.vary('Accept');
    const request = readProtocolRequest(req);
    if (!request) {
      if (req.method === 'POST') throw new HttpError(400, 'No query given: send query=... (form) or the query text (application/sparql-query).');
      return describeService(req, res);
    }
    if (Buffer.byteLength(request.query) > limit) throw new HttpError(413, `The query is longer than the limit of ${limit} bytes (setting MAX_QUERY_BYTES).`);
    const negotiated = negotiate(req, request.format);

    const etag = `W/"${createHash('sha256').update(JSON.stringify([context.manifest.modified, request.query, request.defaultGraphs, request.namedGraphs,
      String(negotiated.resultSet), String(negotiated.graph), config.maxResults, config.maxResultBytes])).digest('base64url').slice(0, 27)}"`;
    cacheHeaders(res, context, etag);
    if (notModified(req, context, etag)) return void res.status(304).end();

    let result = results?.get(etag);
    res.set('X-Cache', result ? 'hit' : 'miss');
    if (result) metrics.query('cached');
    else {
      result = await execute(req, res, request, negotiated);
      results?.set(etag, result);
    }
    const refused = result.form === 'CONSTRUCT' || result.form === 'DESCRIBE' ? negotiated.graph : negotiated.resultSet;
    if (refused instanceof HttpError) throw refused;
    res.set('Content-Type', withCharset(result.mediaType));
    res.set('X-Result-Count', String(result.count));
    if (result.truncated) {
      res.set('X-Result-Truncated', 'true');
      res.set('X-Result-Limit', result.truncated === 'rows' ? String(config.maxResults) : `${config.maxResultBytes} bytes`);
    }
    res.send(result.body);
  };

  const describeService = async (req: Request, res: Response) => {
    const offered = [...RDF_TYPES, 'text/html'];
    const type = chooseType(req, offered, typeof req.query.format === 'string' ? req.query.format : undefined);
    cacheHeaders(res, context);
    if (type === 'text/html') return void res.type('html').send(queryUiPage(context, publicBase(context, req)));
    const quads = await serviceDescription(context, publicBase(context, req));
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
