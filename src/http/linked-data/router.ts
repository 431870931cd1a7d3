// Linked data: every IRI we mint dereferences here. A browser gets the HTML page;
// RDF clients get Turtle, JSON-LD, N-Triples or RDF/XML by Accept or by suffix
// (.ttl, .jsonld, .nt, .rdf). Also the ontology, the VoID/DCAT description and
// the JSON-LD context.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { Parser, type Quad } from 'n3';
import { type AppContext, localPath } from '../context.js';
import { HttpError } from '../httpError.js';
import { chooseType } from '../sparql/negotiate.js';
import { cacheHeaders, notModified } from '../caching.js';
import { LruCache } from '../../store/lruCache.js';
import { serialiseTriples, RDF_TYPES } from '../../store/serialise.js';
import { entityPage } from '../../web/pages/entity.js';
import { loadEntity } from '../../web/data/entity.js';
import { collectionCounts, isKind, loadCollection } from '../../web/data/collections.js';
import { collectionPage, collectionsIndexPage } from '../../web/pages/collection.js';
import { html } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { DUMP_FILES } from '../../build/pipeline.js';
import { projectPath } from '../../model/paths.js';
import { ontologyPage } from '../../web/pages/ontology.js';
import { releaseLists } from './listSource.js';

export const SUFFIXES: Record<string, string> = {
  ttl: 'text/turtle', jsonld: 'application/ld+json', nt: 'application/n-triples', rdf: 'application/rdf+xml', html: 'text/html',
};
const SUFFIX_OF = Object.fromEntries(Object.entries(SUFFIXES).map(([suffix, type]) => [type, suffix]));
const FORMAT_LABELS: Record<string, string> = { ttl: 'Turtle', jsonld: 'JSON-LD', nt: 'N-Triples', rdf: 'RDF/XML' };

const withCharset = (type: string) => `${type}; charset=utf-8`;

/** Splits a request path into the resource path and a format suffix. */
export function splitSuffix(path: string): { path: string; type?: string } {
  const match = /^(.*)\.(ttl|jsonld|nt|rdf|html)$/.exec(path);
  return match ? { path: match[1], type: SUFFIXES[match[2]] } : { path };
}

export function notFoundPage(message: string): string {
  return page({ title: 'Not found', body: html`<h1>Not found</h1><p>${message}</p><p><a href="/">Home</a> · <a href="/sparql">Query the data</a></p>` });
}

export function linkedDataRouter(context: AppContext): Router {
  const router = express.Router();
  const rendered = new LruCache<string>(64 * 1024 * 1024);
  const link = (iri: string, label: string) => {
    const local = localPath(context, iri);
    return html`<a href="${local ?? iri}">${label}</a>`;
  };

  /** Sends a description in the negotiated format, with validators and alternates. */
  const sendDescription = async (req: Request, res: Response, iri: string, forced: string | undefined, quads: () => Quad[] | Promise<Quad[]>, htmlPage: (quads: Quad[]) => string | Promise<string>) => {
    res.vary('Accept');
    const type = forced ?? chooseType(req, ['text/html', ...RDF_TYPES.filter((t) => SUFFIX_OF[t] || t === 'application/n-quads' || t === 'application/trig')], typeof req.query.format === 'string' ? req.query.format : undefined);
    const local = localPath(context, iri) ?? req.path;
    res.set('Link', Object.entries(FORMAT_LABELS).map(([suffix]) => `<${local}.${suffix}>; rel="alternate"; type="${SUFFIXES[suffix]}"`).join(', '));
    const etag = `W/"${createHash('sha256').update(`${context.manifest.modified}|${iri}|${type}`).digest('base64url').slice(0, 27)}"`;
    cacheHeaders(res, context, etag);
    if (notModified(req, context, etag)) return void res.status(304).end();
    res.set('Content-Type', withCharset(type));
    if (forced && type !== 'text/html') res.set('Content-Disposition', `inline; filename="${local.split('/').pop()}.${SUFFIX_OF[type]}"`);
    const key = `${iri}|${type}`;
    let body = rendered.get(key);
    if (body === undefined) {
      const triples = await quads();
      body = type === 'text/html' ? await htmlPage(triples) : serialiseTriples(triples, type);
      rendered.set(key, body);
    }
    res.send(body);
  };

  // The collection IRIs: /id/ lists the lists, /id/person/ the people, and so on.
  router.get(/^\/id\/([a-z]+\/)?$/, async (req, res, next) => {
    try {
      const kind = req.path.split('/')[2];
      res.vary('Accept');
      cacheHeaders(res, context);
      if (!kind) return void res.type('html').send(collectionsIndexPage(await collectionCounts(context.lookup)));
      if (!isKind(kind)) throw new HttpError(404, `There is no collection /id/${kind}/ in this dataset.`);
      const params = Object.fromEntries(Object.entries(req.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      // The release's lists, memoised with the release (a reload's switch starts afresh).
      const lists = context.memo('lists', () => releaseLists(context.config.dist, context.manifest, context.lookup));
      const view = await loadCollection(context.lookup, kind, params, lists);
      // The neighbouring pages, as this request asked for the list (filters, sort, format kept), in a Link header (RFC 8288) and in JSON.
      const pageUrl = (n: number) => {
        const url = new URL(req.originalUrl, 'http://x');
        if (n > 1) url.searchParams.set('page', String(n)); else url.searchParams.delete('page');
        return `${url.pathname}${url.search}`;
      };
      const prev = view.page > 1 ? pageUrl(view.page - 1) : undefined;
      const next = view.page < view.pages ? pageUrl(view.page + 1) : undefined;
      const links = [prev ? `<${prev}>; rel="prev"` : '', next ? `<${next}>; rel="next"` : ''].filter(Boolean);
      if (links.length) res.append('Link', links.join(', '));
      if (req.accepts(['text/html', 'application/json']) === 'application/json' || req.query.format === 'json') {
        return void res.json({ kind, total: view.total, matching: view.matching, page: view.page, pages: view.pages, prev, next,
          items: view.rows.map((r) => ({ iri: r.iri, label: r.label, date: r.date, side: r.side?.label, type: r.type, description: r.description })) });
      }
      res.type('html').send(collectionPage(view, link));
    } catch (error) {
      next(error);
    }
  });

  router.get(/^\/id\/.+/, async (req, res, next) => {
    try {
      const { path, type } = splitSuffix(req.path);
      const iri = `${context.baseIri}${path.slice(1)}`;
      if (/[<>"{}|^`\\\s]/.test(iri)) throw new HttpError(400, `The path holds characters that cannot be part of an IRI (such as < > " { } | ^ \` \\ or spaces); percent-encode them.`);
      if (!await context.lookup.exists(iri)) {
        res.vary('Accept');
        const message = `There is no resource ${iri} in this dataset.`;
        if (req.accepts(['text/html', 'text/plain']) === 'text/html' && !type) return void res.status(404).type('html').send(notFoundPage(message));
        return void res.status(404).type('text').send(`${message}\n`);
      }
      const local = localPath(context, iri)!;
      await sendDescription(req, res, iri, type, async () => (await context.lookup.describe(iri))!, async (quads) => entityPage({
        view: await loadEntity(context.lookup, iri), link,
        // Only the entity's own description (and its hash-IRI parts) is embedded; the rest is one link away.
        jsonLd: JSON.parse(serialiseTriples(quads.filter((q) => q.subject.value === iri || q.subject.value.startsWith(`${iri}#`)), 'application/ld+json')),
        formats: Object.entries(FORMAT_LABELS).map(([suffix, label]) => ({ label, href: `${local}.${suffix}` })),
      }));
    } catch (error) {
      next(error);
    }
  });

  // The ontology: its terms are hash IRIs of /ontology.
  const ontologyQuads = () => new Parser().parse(readFileSync(projectPath('ontology', 'delicacy.ttl'), 'utf8'));
  router.get(/^\/ontology(\.(ttl|jsonld|nt|rdf|html))?$/, (req, res, next) => {
    const { type } = splitSuffix(req.path);
    sendDescription(req, res, 'https://w3id.org/delicacy/ontology', type, ontologyQuads, (quads) => ontologyPage(quads)).catch(next);
  });

  // The VoID + DCAT description, at the well-known place and at the dataset IRI.
  const voidQuads = () => new Parser().parse(readFileSync(join(context.config.dist, DUMP_FILES.void), 'utf8'));
  const sendVoid = (req: Request, res: Response, next: (error: unknown) => void) => {
    const { type } = splitSuffix(req.path);
    return sendDescription(req, res, `${context.baseIri}dataset`, type, voidQuads,
      (quads) => page({ title: 'Dataset description (VoID)', body: html`<h1>Dataset description</h1>
<p>The VoID and DCAT description of this dataset: counts, classes, graphs, licence and downloads. Also as
<a href="/.well-known/void.ttl">Turtle</a>, <a href="/.well-known/void.jsonld">JSON-LD</a>, <a href="/.well-known/void.nt">N-Triples</a>.</p>
<pre>${serialiseTriples(quads, 'text/turtle')}</pre>` })).catch(next);
  };
  router.get(/^\/\.well-known\/void(\.(ttl|jsonld|nt|rdf|html))?$/, sendVoid);
  router.get(/^\/dataset(\.(ttl|jsonld|nt|rdf|html))?$/, sendVoid);

  router.get('/context.jsonld', (_req, res) => {
    cacheHeaders(res, context);
    res.set('Content-Type', 'application/ld+json; charset=utf-8').sendFile(join(context.config.dist, DUMP_FILES.context));
  });

  router.get(/^\/graph\/.+/, (_req, res) => res.redirect(303, '/.well-known/void'));

  router.use((req, _res, next) => {
    if (/%(?![0-9a-f]{2})/i.test(req.originalUrl)) return next(new HttpError(400, 'The URL contains malformed percent-encoding.'));
    next();
  });
  return router;
}
