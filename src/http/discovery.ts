// What crawlers and citation tools look for at well-known places: robots.txt,
// sitemap.xml (every page, every entity's page), and /CITATION.cff for the
// version being served.

import express, { type Router } from 'express';
import { type AppContext, localPath, publicBase } from './context.js';
import { escapeHtml } from '../web/html.js';
import { citationCff } from '../publish/citationFiles.js';

const PAGES = ['', 'views/accounts', 'views/network', 'views/timeline', 'sparql', 'dumps/', 'ontology', '.well-known/void'];

export function discoveryRouter(context: AppContext): Router {
  const router = express.Router();
  // Asked once per release of the engine that holds the data.
  const entityPaths = () => context.memo('sitemap entities', () => context.lookup.select(
    `SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), "${context.baseIri}id/") && !CONTAINS(STR(?s), "#")) } ORDER BY ?s`)
    .then((rows) => rows.map((row) => localPath(context, row.s!)!.slice(1))));

  router.get('/robots.txt', (req, res) => {
    res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`).type('text/plain').send([
      'User-agent: *', 'Allow: /',
      // Queries and services are for programs, not for crawling.
      'Disallow: /sparql?', 'Disallow: /reconcile', 'Disallow: /rdf-graph-store',
      `Sitemap: ${publicBase(context, req)}sitemap.xml`, '',
    ].join('\n'));
  });

  router.get('/sitemap.xml', (req, res, next) => {
    entityPaths().then((paths) => sitemap(req, res, paths), next);
  });
  const sitemap = (req: express.Request, res: express.Response, paths: string[]) => {
    const base = publicBase(context, req);
    const lastmod = context.manifest.modified.slice(0, 10);
    const urls = [...PAGES, ...paths].map((path) => `<url><loc>${escapeHtml(base + path)}</loc><lastmod>${lastmod}</lastmod></url>`);
    res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`).type('application/xml')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`);
  };

  router.get('/CITATION.cff', (_req, res) => {
    res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`).type('application/yaml').send(citationCff(context.manifest));
  });
  return router;
}
