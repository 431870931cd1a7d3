// /search?q=...: the search index answers, server-rendered as HTML (works without
// JavaScript) or as JSON (Accept: application/json, or format=json), results
// grouped by kind. The index is loaded from the build when the server starts (a
// build from before search existed is indexed in the background instead); a large
// release's (a corpus of many articles: seconds to parse) is loaded after the
// server is ready, and /search answers 503 with Retry-After until it is. When the
// server switches to another release, that release's index is loaded beside the
// one answering and replaces it once loaded.

import express, { type Router } from 'express';
import { type AppContext, localPath } from '../context.js';
import { cacheHeaders } from '../caching.js';
import { HttpError } from '../httpError.js';
import { readSearchIndex, buildSearchIndex, loadSearchIndex } from '../../search/build.js';
import { isLargeRelease } from '../config.js';
import { collectGarbage } from '../../memory.js';
import { GROUPS, MAX_QUERY_LENGTH, SEARCH_INDEX_FILE, type SearchAnswer, type SearchIndex } from '../../search/searchIndex.js';
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

/** What /search answers from: a release's index, or why it has none. */
interface SearchState { index?: SearchIndex; failure?: string; unavailable?: string }

export function searchRouter(context: AppContext): Router {
  const router = express.Router();
  let state: SearchState = {};
  /** Loads so far (the start's, then one per switch): a load overtaken by a later one is dropped. */
  let loads = 0;
  const message = (error: unknown) => String((error as Error)?.message ?? error);
  /** The index of a release without one of its own: built from the data the engine now serves, if not too large. */
  const fromData = async (quads: number): Promise<SearchState> => {
    if (quads > SEARCH_FROM_DATA_MAX_QUADS) {
      return { unavailable: `This release (${quads} quads) has no search index (${SEARCH_INDEX_FILE}, which its build writes), and one this large is not indexed from the data while serving.` };
    }
    return { index: await buildSearchIndex(context.lookup) };
  };
  /** The index of a release from its file, read once `after` settles, else from the data. */
  const fromFile = (dist: string, quads: number, after: Promise<unknown>): Promise<SearchState> => after
    .then(() => loadSearchIndex(dist))
    .then((loaded) => {
      if (!loaded) return fromData(quads);
      collectGarbage(); // the lines' garbage: at 100 articles about 60 MB
      return { index: loaded };
    });
  /** Answers from what `next` gives once it has (the index answering until then stays), unless a later load overtook it. */
  const answerFrom = (next: Promise<SearchState>, failed: (error: unknown) => void) => {
    const load = ++loads;
    next.then((loaded) => { if (load === loads) state = loaded; }, (error) => { if (load === loads) failed(error); });
  };
  const startFailed = (error: unknown) => { state = { failure: message(error) }; };

  if (isLargeRelease(context.manifest.quads)) {
    // Once reconciliation's index is built (in its worker, right after the engine's
    // start): the two loads' transient memory would otherwise add up (at 100
    // articles ~300 MB each, a peak of 2.8 GB instead of 2.5).
    answerFrom(fromFile(context.config.dist, context.manifest.quads, Promise.resolve(context.reconcile?.start())), startFailed);
  } else {
    const index = readSearchIndex(context.config.dist);
    if (index) state = { index };
    else answerFrom(fromData(context.manifest.quads), startFailed);
  }
  // A load switched the store to another release: its index is loaded beside the
  // one answering, which answers until then (and, if the load fails, on: logged).
  context.onReleaseSwitch((release) => {
    const after = isLargeRelease(release.manifest.quads) ? release.reconciled : Promise.resolve();
    answerFrom(fromFile(release.dist, release.manifest.quads, after), (error) => {
      log.error({ event: 'search-switch-failed', dist: release.dist, error: String((error as Error)?.stack ?? error) });
    });
  });

  const href = (iri: string) => localPath(context, iri) ?? iri;

  router.get('/search', (req, res, next) => {
    try {
      const q = typeof req.query.q === 'string' ? req.query.q : '';
      const wantsJson = req.query.format === 'json' || (req.query.format === undefined && req.accepts(['text/html', 'application/json']) === 'application/json');
      const kind = typeof req.query.kind === 'string' ? req.query.kind : undefined;
      const group = kind ? GROUPS.find((g) => g.kinds.includes(kind as never)) : undefined;
      if (kind && !group) throw new HttpError(400, `Unknown kind '${kind.slice(0, 40)}'; one of: ${GROUPS.flatMap((g) => g.kinds).join(', ')}.`);
      const requested = Number.parseInt(String(req.query.limit ?? ''), 10);
      const limit = Math.min(MAX_LIMIT, Number.isFinite(requested) && requested > 0 ? requested : group ? MAX_LIMIT : wantsJson ? DEFAULT_LIMIT.json : DEFAULT_LIMIT.html);
      res.vary('Accept');
      const { index, unavailable, failure } = state;
      if (!index) {
        if (unavailable) throw new HttpError(501, unavailable);
        if (failure) throw new HttpError(500, `The search index could not be built: ${failure}`);
        throw new HttpError(503, 'The search index is being loaded or built; try again in a few seconds.', { 'Retry-After': '5' });
      }
      const answer: SearchAnswer = q.trim() ? index.search(q, limit) : { query: '', total: 0, groups: [] };
      if (group) answer.groups = answer.groups.filter((g) => g.title === group.title);
      cacheHeaders(res, context);
      if (wantsJson) {
        return void res.json({
          query: answer.query, truncated: q.length > MAX_QUERY_LENGTH || undefined, total: answer.total,
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
