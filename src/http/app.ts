// The Express application: middleware (logs, CORS, compression, rate limit),
// then the routes, then one error handler that turns every failure into a clear
// status and message.

import express, { type ErrorRequestHandler, type Express } from 'express';
import compression from 'compression';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { type AppContext, publicBase } from './context.js';
import { HttpError } from './httpError.js';
import { requestLog } from './requestLog.js';
import { sparqlRouter } from './sparql/router.js';
import { linkedDataRouter, notFoundPage } from './linked-data/router.js';
import { dumpsRouter } from './dumps.js';
import { reconcileRouter } from './reconcile/router.js';
import { graphStoreRouter } from './graphStore.js';
import { discoveryRouter } from './discovery.js';
import { searchRouter } from './search/router.js';
import { homePage, SHOWN } from '../web/pages/home.js';
import { loadHome } from '../web/data/home.js';
import { accountsView, networkView, timelineView } from '../web/pages/views.js';
import { projectPath } from '../model/paths.js';
import { log } from '../log.js';

/**
 * Security headers (helmet). The pages run no inline script, so scripts may come
 * only from this server; styles may be inline (YASGUI and Cytoscape set them).
 * Pages may not be framed. Data is open: other sites may load our resources.
 */
function securityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

export function createApp(context: AppContext, extraRouters: express.Router[] = []): Express {
  const app = express();
  const { config } = context;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false); // our routes set their own validators
  app.use(context.metrics.middleware());
  if (config.requestLog) app.use(requestLog());
  app.use(securityHeaders());
  // Without PUBLIC_URL, pages and descriptions name the Host the request came to.
  if (!config.publicUrl) app.use((_req, res, next) => { res.vary('Host'); next(); });
  app.use(cors({
    origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    exposedHeaders: ['X-Dataset-Version', 'ETag', 'Last-Modified', 'Link', 'X-Result-Count', 'X-Result-Truncated', 'X-Result-Limit', 'Retry-After', 'Content-Disposition'],
    maxAge: 86400,
  }));
  app.use(compression({ filter: (req, res) => !req.path.startsWith('/dumps/') && compression.filter(req, res) }));
  if (config.rateLimitPerMinute > 0) {
    app.use(rateLimit({
      windowMs: 60_000, limit: config.rateLimitPerMinute, standardHeaders: 'draft-7', legacyHeaders: false,
      skip: (req) => req.path === '/health' || req.path === '/ready',
      handler: (_req, res) => { res.set('Retry-After', '60').status(429).type('text').send(`Too many requests: the limit is ${config.rateLimitPerMinute} per minute per client. Retry after 60 s.\n`); },
    }));
  }

  // Every answer says which version of the dataset it comes from.
  app.use((_req, res, next) => { res.set('X-Dataset-Version', context.manifest.version); next(); });

  app.get('/favicon.ico', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('image/svg+xml')
      .send('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#7a1f1f"/><text x="8" y="12" font-size="11" text-anchor="middle" fill="#fff" font-family="Georgia">D</text></svg>');
  });
  app.get('/health', (_req, res) => { res.set('Cache-Control', 'no-store').json({ status: 'ok' }); });
  // Ready means queries can be answered now: the server listens and a worker is free or will be.
  // Reconciliation is not waited for: for a large release its index is still being
  // built for a few seconds after the engine is up ("reconcile": state building,
  // and /reconcile answers 503 with Retry-After meanwhile).
  app.get('/ready', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const engine = context.engine.status();
    const ready = context.ready && engine.ready;
    res.status(ready ? 200 : 503).json({
      ready, version: context.manifest.version, quads: context.manifest.quads, modified: context.manifest.modified,
      engine, schedule: context.scheduler.status(), reconcile: context.reconcile.status(), search: context.searchStatus?.(), ...(context.staleReason ? { stale: context.staleReason } : {}),
    });
  });
  app.get('/metrics', (_req, res, next) => {
    context.metrics.text().then((text) => res.set('Cache-Control', 'no-store').type(context.metrics.contentType).send(text), next);
  });

  app.use('/assets/yasgui', express.static(projectPath('node_modules', '@zazuko', 'yasgui', 'build'), { maxAge: '1d', index: false }));
  app.use('/assets', express.static(projectPath('src', 'web', 'assets'), { maxAge: '1h', index: false }));
  app.use('/assets/js', express.static(projectPath('build', 'web'), { maxAge: '1h', index: false }));
  app.get('/views/network', (_req, res) => { res.type('html').send(networkView()); });
  app.get('/views/timeline', (_req, res) => { res.type('html').send(timelineView()); });
  app.get('/views/accounts', (_req, res, next) => { accountsView(context.lookup).then((body) => res.type('html').send(body), next); });
  app.get('/', (req, res, next) => {
    context.memo('home', () => loadHome(context.lookup, SHOWN)).then((view) => res.type('html').send(homePage(context, publicBase(context, req), view)), next);
  });
  app.use(sparqlRouter(context));
  app.use(dumpsRouter(context));
  app.use(reconcileRouter(context));
  app.use(graphStoreRouter(context));
  app.use(discoveryRouter(context));
  app.use(searchRouter(context));
  for (const router of extraRouters) app.use(router);
  app.use(linkedDataRouter(context));

  app.use((req, res) => {
    const message = `Nothing at ${req.path}.`;
    if (req.accepts(['text/html', 'text/plain', 'application/json']) === 'text/html') return void res.status(404).type('html').send(notFoundPage(message));
    res.status(404).type('text').send(`${message}\n`);
  });

  const errors: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    let status = 500;
    let message = 'Internal error.';
    let headers: Record<string, string> = {};
    if (error instanceof HttpError) ({ status, message, headers } = error);
    else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      status = error.status;
      message = error.type === 'entity.too.large' ? `The request body is larger than the limit of ${config.maxQueryBytes} bytes.`
        : error.type === 'entity.parse.failed' || error instanceof URIError ? 'The request could not be parsed (malformed body or encoding).'
          : String(error.message ?? 'Bad request.');
    } else if (error instanceof URIError) {
      status = 400;
      message = 'The URL contains malformed percent-encoding.';
    } else {
      log.error({ event: 'request-failed', error: String(error?.stack ?? error), path: req.originalUrl.slice(0, 300) });
    }
    res.status(status).set(headers).set('Cache-Control', 'no-store').type('text').send(`${message}\n`);
  };
  app.use(errors);
  return app;
}
