// What crawlers and citation tools look for at well-known places: robots.txt,
// sitemap.xml (an index of sitemaps: the pages, and every entity's page graph by
// graph), and /CITATION.cff for the version being served.

import express, { type Router } from 'express';
import { type AppContext, publicBase } from './context.js';
import { escapeHtml } from '../web/html.js';
import { citationCff } from '../publish/citationFiles.js';
import { HttpError } from './httpError.js';
import { graphEntityPages, sitemapPagePaths } from './graphs.js';

const PAGES = ['', 'views/accounts', 'views/network', 'views/timeline', 'sparql', 'dumps/', 'ontology', '.well-known/void'];

/** URLs per sitemap, the protocol's limit (sitemaps.org). */
export const SITEMAP_URLS = 50_000;

/** The parts of the sitemap: the fixed pages, then each graph's entities, page by page. */
export function sitemapParts(pagesPerGraph: Map<string, number>): { graph?: string; page: number }[] {
  const parts: { graph?: string; page: number }[] = [{ page: 1 }];
  for (const [graph, pages] of pagesPerGraph) for (let page = 1; page <= pages; page++) parts.push({ graph, page });
  return parts;
}

export function discoveryRouter(context: AppContext): Router {
  const router = express.Router();

  router.get('/robots.txt', (req, res) => {
    res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`).type('text/plain').send([
      'User-agent: *', 'Allow: /',
      // Queries and services are for programs, not for crawling.
      'Disallow: /sparql?', 'Disallow: /reconcile', 'Disallow: /rdf-graph-store',
      `Sitemap: ${publicBase(context, req)}sitemap.xml`, '',
    ].join('\n'));
  });

  // A sitemap index: one sitemap for the pages, and the entities' pages graph by graph
  // (an article at a time). The index is made from the entity counts the
  // release's VoID states (no query); each graph's sitemap is read with a query
  // bounded by its graph, and kept (graphs.ts, sitemapPagePaths).
  router.get('/sitemap.xml', (req, res, next) => {
    const { graph, page } = req.query;
    if (graph === undefined && page === undefined) return void sitemapIndex(req, res).catch(next);
    const number = Number(page ?? 1);
    if ((graph !== undefined && typeof graph !== 'string') || !Number.isInteger(number) || number < 1) throw new HttpError(404, 'No such sitemap; /sitemap.xml lists them.');
    sitemapPart(req, res, graph as string | undefined, number).catch(next);
  });
  const send = (res: express.Response, xml: string) =>
    res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`).type('application/xml').send(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`);
  const lastmod = () => context.manifest.modified.slice(0, 10);

  async function sitemapIndex(req: express.Request, res: express.Response): Promise<void> {
    const base = publicBase(context, req);
    const entries = sitemapParts(await graphEntityPages(context, SITEMAP_URLS)).map(({ graph, page }) => {
      const query = graph === undefined ? '?page=1' : `?${new URLSearchParams({ graph, page: String(page) })}`;
      return `<sitemap><loc>${escapeHtml(`${base}sitemap.xml${query}`)}</loc><lastmod>${lastmod()}</lastmod></sitemap>`;
    });
    send(res, `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>`);
  }

  async function sitemapPart(req: express.Request, res: express.Response, graph: string | undefined, page: number): Promise<void> {
    let paths: string[];
    if (graph === undefined) {
      if (page !== 1) throw new HttpError(404, 'No such sitemap; /sitemap.xml lists them.');
      paths = PAGES;
    } else {
      if (page > ((await graphEntityPages(context, SITEMAP_URLS)).get(graph) ?? 0)) throw new HttpError(404, 'No such sitemap; /sitemap.xml lists them.');
      paths = await sitemapPagePaths(context, graph, page, SITEMAP_URLS);
    }
    const base = publicBase(context, req);
    const urls = paths.map((path) => `<url><loc>${escapeHtml(base + path)}</loc><lastmod>${lastmod()}</lastmod></url>`);
    send(res, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>`);
  }

  router.get('/CITATION.cff', (_req, res) => {
    res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`).type('application/yaml').send(citationCff(context.manifest));
  });
  return router;
}
