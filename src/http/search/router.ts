// /search?q=...: the search index answers, server-rendered as HTML (works without
// JavaScript) or as JSON (Accept: application/json, or format=json), results
// grouped by kind. The index is loaded from the build when the server starts (a
// build from before search existed is indexed in the background instead); a large
// release's (a corpus of many articles: seconds to parse) is loaded after the
// server is ready, and /search answers 503 with Retry-After until it is.

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

export function searchRouter(context: AppContext): Router {
  const router = express.Router();
  let index: SearchIndex | undefined;
  let failure: string | undefined;
  let unavailable: string | undefined;
  const fromData = () => {
    if (context.manifest.quads > SEARCH_FROM_DATA_MAX_QUADS) {
      unavailable = `This release (${context.manifest.quads} quads) has no search index (${SEARCH_INDEX_FILE}, which its build writes), and one this large is not indexed from the data while serving.`;
    } else {
      buildSearchIndex(context.lookup).then((built) => { index = built; }, (error) => { failure = String(error?.message ?? error); });
    }
  };
  if (isLargeRelease(context.manifest.quads)) {
    // Once reconciliation's index is built (in its worker, right after the engine's
    // start): the two loads' transient memory would otherwise add up (at 100
    // articles ~300 MB each, a peak of 2.8 GB instead of 2.5).
    Promise.resolve(context.reconcile?.start()).then(() => loadSearchIndex(context.config.dist)).then((loaded) => {
      if (!loaded) return fromData();
      index = loaded;
      collectGarbage(); // the lines' garbage: at 100 articles about 60 MB
    }, (error) => { failure = String(error?.message ?? error); });
  } else {
    index = readSearchIndex(context.config.dist);
    if (!index) fromData();
  }

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
