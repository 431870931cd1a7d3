// /search?q=...: the search index answers, server-rendered as HTML (works without
// JavaScript) or as JSON (Accept: application/json, or format=json), results
// grouped by kind. The index lives in a worker thread (./service.ts, one per
// loaded release) and each search runs there, after a fair turn between clients
// (the SPARQL scheduler's rules): the main thread only handles the request and
// renders. A small release's index is loaded before the server says it is ready;
// a large release's (a corpus of many articles: seconds to parse) after it, and
// /search answers 503 with Retry-After until it is; a release without one (a
// build from before search existed) is indexed from its data — the documents read
// here through the lookups, the index built in the worker. When the server
// switches to another release, that release's index is loaded beside the one
// answering and replaces it once loaded.

import express, { type Request, type Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AppContext, localPath } from '../context.js';
import { cacheHeaders } from '../caching.js';
import { HttpError } from '../httpError.js';
import { clientOf } from '../clientAddress.js';
import { ScheduleRejectedError } from '../../query/schedule/rejected.js';
import { searchDocuments } from '../../search/documents.js';
import { isLargeRelease } from '../config.js';
import { GROUPS, MAX_QUERY_LENGTH, SEARCH_INDEX_FILE, type SearchAnswer } from '../../search/searchIndex.js';
import { SearchService, type SearchSource } from './service.js';
import { searchPage } from '../../web/pages/search.js';
import { humanDate } from '../../web/dates.js';
import { log } from '../../log.js';

const DEFAULT_LIMIT = { html: 10, json: 10 };
/**
 * The largest release without a built index (a synthetic corpus, a build from
 * before search existed) that is indexed from the engine's data when the server
 * starts. Indexing reads every label, name and reference of the release at once
 * — at 1,000 articles (30 M quads) those reads pass the query time limit and the
 * index would take gigabytes — so beyond this, search needs the build's index.
 */
export const SEARCH_FROM_DATA_MAX_QUADS = 5_000_000;
const MAX_LIMIT = 100;

/** What /search answers from: a release's search service, or why it has none. */
interface SearchState { service?: SearchService; failure?: string; unavailable?: string }

export function searchRouter(context: AppContext): Router {
  const router = express.Router();
  let state: SearchState = {};
  /** Loads so far (the start's, then one per switch): a load overtaken by a later one is dropped. */
  let loads = 0;
  let closed = false;
  /** Services replaced by a switch, finishing what they were given. */
  const retiring = new Set<SearchService>();
  const message = (error: unknown) => String((error as Error)?.message ?? error);
  const service = (source: SearchSource) => new SearchService({ source, queueLimit: context.config.queueLimit, timeoutMs: context.config.queryTimeoutMs });
  /** A loaded service, or (its load failed) none: closed, and the error thrown. */
  const loaded = async (next: SearchService): Promise<SearchState> => {
    try {
      await next.load();
      return { service: next };
    } catch (error) {
      await next.close();
      throw error;
    }
  };
  /** The index of a release without one of its own: built from the data the engine now serves, if not too large. */
  const fromData = async (quads: number): Promise<SearchState> => {
    if (quads > SEARCH_FROM_DATA_MAX_QUADS) {
      return { unavailable: `This release (${quads} quads) has no search index (${SEARCH_INDEX_FILE}, which its build writes), and one this large is not indexed from the data while serving.` };
    }
    return loaded(service({ documents: () => searchDocuments(context.lookup) }));
  };
  /**
   * The index of a release from its file, read once `after` settles (hits read from
   * the file when shown if `positional`, else held in memory), else from the data.
   */
  const fromFile = async (dist: string, quads: number, positional: boolean, after: Promise<unknown>): Promise<SearchState> => {
    await after;
    if (closed) throw new Error('the server is closing');
    const file = join(dist, SEARCH_INDEX_FILE);
    if (!existsSync(file)) return fromData(quads);
    try {
      return await loaded(service({ file, positional }));
    } catch (error) {
      if (closed) throw error;
      log.warn({ event: 'search-index-unreadable', file, error: message(error) }, 'indexing the data instead');
      return fromData(quads);
    }
  };
  /**
   * Answers from what `next` gives once it has (the service answering until then
   * stays, then finishes what it was given and is closed), unless a later load
   * overtook it (then it is closed).
   */
  const answerFrom = (next: Promise<SearchState>, failed: (error: unknown) => void): Promise<void> => {
    const load = ++loads;
    return next.then((ready) => {
      if (load !== loads || closed) return void ready.service?.close();
      const old = state.service;
      state = ready;
      if (old) {
        retiring.add(old);
        void old.drain().then(() => old.close()).finally(() => retiring.delete(old));
      }
    }, (error) => { if (load === loads && !closed) failed(error); });
  };
  const startFailed = (error: unknown) => { state = { failure: message(error) }; };
  context.searchStatus = () => {
    const { service: answering, failure, unavailable } = state;
    if (answering) {
      const { ready, documents, loadMs, error, queued, restarts } = answering.status();
      return { state: 'ready', ready, documents, loadMs, error, queued, restarts };
    }
    if (unavailable) return { state: 'unavailable', ready: false, error: unavailable };
    if (failure) return { state: 'failed', ready: false, error: failure };
    return { state: 'loading', ready: false };
  };

  if (isLargeRelease(context.manifest.quads)) {
    // Once reconciliation's index is built (in its worker, right after the engine's
    // start): the two loads' transient memory would otherwise add up (at 100
    // articles ~300 MB each, a peak of 2.8 GB instead of 2.5).
    void answerFrom(fromFile(context.config.dist, context.manifest.quads, true, Promise.resolve(context.reconcile?.start())), startFailed);
  } else if (existsSync(join(context.config.dist, SEARCH_INDEX_FILE))) {
    // A small release's index (well under a second) is loaded before the server says it is ready.
    context.beforeReady?.(answerFrom(fromFile(context.config.dist, context.manifest.quads, false, Promise.resolve()), startFailed));
  } else {
    void answerFrom(fromData(context.manifest.quads), startFailed);
  }
  // A load switched the store to another release: its index is loaded beside the
  // one answering, which answers until then (and, if the load fails, on: logged).
  context.onReleaseSwitch((release) => {
    const after = isLargeRelease(release.manifest.quads) ? release.reconciled : Promise.resolve();
    void answerFrom(fromFile(release.dist, release.manifest.quads, true, after), (error) => {
      log.error({ event: 'search-switch-failed', dist: release.dist, error: String((error as Error)?.stack ?? error) });
    });
  });
  context.onClose?.(async () => {
    closed = true;
    loads++; // a load still under way is closed when it ends
    await Promise.all([state.service, ...retiring].map((service) => service?.close()));
  });

  /**
   * A turn at the search thread, fair between clients (the SPARQL scheduler's
   * rules), then the search: by the release's service in force when the turn
   * comes (a switch while it waited does not send it to a service being closed).
   */
  const search = async (req: Request, searching: SearchService, q: string, limit: number): Promise<SearchAnswer> => {
    try {
      return await context.searchScheduler.submit(clientOf(req), () => (state.service ?? searching).run(q, limit));
    } catch (error) {
      if (error instanceof ScheduleRejectedError) throw new HttpError(error.status, error.message, error.retryAfterS > 0 ? { 'Retry-After': String(error.retryAfterS) } : {});
      throw error;
    }
  };

  const href = (iri: string) => localPath(context, iri) ?? iri;

  router.get('/search', async (req, res, next) => {
    try {
      const q = typeof req.query.q === 'string' ? req.query.q : '';
      const wantsJson = req.query.format === 'json' || (req.query.format === undefined && req.accepts(['text/html', 'application/json']) === 'application/json');
      const kind = typeof req.query.kind === 'string' ? req.query.kind : undefined;
      const group = kind ? GROUPS.find((g) => g.kinds.includes(kind as never)) : undefined;
      if (kind && !group) throw new HttpError(400, `Unknown kind '${kind.slice(0, 40)}'; one of: ${GROUPS.flatMap((g) => g.kinds).join(', ')}.`);
      const requested = Number.parseInt(String(req.query.limit ?? ''), 10);
      const limit = Math.min(MAX_LIMIT, Number.isFinite(requested) && requested > 0 ? requested : group ? MAX_LIMIT : wantsJson ? DEFAULT_LIMIT.json : DEFAULT_LIMIT.html);
      res.vary('Accept');
      const { service: searching, unavailable, failure } = state;
      if (!searching) {
        if (unavailable) throw new HttpError(501, unavailable);
        if (failure) throw new HttpError(500, `The search index could not be built: ${failure}`);
        throw new HttpError(503, 'The search index is being loaded or built; try again in a few seconds.', { 'Retry-After': '5' });
      }
      // The query as the index reads it (spaces folded, cut at its length limit): the worker is sent no more.
      const query = q.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
      const answer: SearchAnswer = query ? await search(req, searching, query, limit) : { query: '', total: 0, groups: [] };
      if (group) answer.groups = answer.groups.filter((g) => g.title === group.title);
      cacheHeaders(res, context);
      if (wantsJson) {
        return void res.json({
          query: answer.query, truncated: q.length > MAX_QUERY_LENGTH || undefined, omitted: answer.omitted, total: answer.total,
          groups: answer.groups.map((g) => ({ title: g.title, kinds: g.kinds, total: g.total,
            hits: g.hits.map((h) => ({ iri: h.iri, href: href(h.iri), label: h.label, kind: h.kind, date: h.date ? humanDate(h.date) : undefined, edtf: h.date, description: h.description, matched: h.why })) })),
        });
      }
      res.type('html').send(searchPage({ answer, href, kind: group?.title, truncated: q.length > MAX_QUERY_LENGTH }));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
