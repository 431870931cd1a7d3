// /dumps/: the list of dump files (HTML or JSON) with size, SHA-256 and licence,
// and the files themselves, streamed from disk with Range support and a
// Content-Disposition that names the file.

import { join } from 'node:path';
import express, { type Router } from 'express';
import { type AppContext } from './context.js';
import { HttpError } from './httpError.js';
import { html } from '../web/html.js';
import { page } from '../web/layout.js';
import { DUMP_FILES } from '../build/pipeline.js';

export function dumpsRouter(context: AppContext): Router {
  const router = express.Router();
  const files = () => [
    ...context.manifest.dumps,
    { name: DUMP_FILES.context, mediaType: 'application/ld+json', title: 'JSON-LD context of the dumps', bytes: undefined, sha256: undefined },
    { name: DUMP_FILES.void, mediaType: 'text/turtle', title: 'VoID + DCAT description', bytes: undefined, sha256: undefined },
  ];

  router.get('/dumps', (req, res) => {
    res.vary('Accept');
    const list = context.manifest.dumps.map((d) => ({ ...d, url: `/dumps/${d.name}`, licence: context.manifest.licence }));
    if (req.accepts(['text/html', 'application/json']) === 'application/json') {
      return void res.json({ version: context.manifest.version, modified: context.manifest.modified, licence: context.manifest.licence, dumps: list });
    }
    res.type('html').send(page({
      title: 'Downloads',
      body: html`<h1>Downloads</h1>
<p>Version ${context.manifest.version}, built ${context.manifest.modified}. Licence: <a href="${context.manifest.licence}">CC BY 4.0</a>.
Every file describes the same dataset; the VoID description lists them with their checksums.</p>
<table><tr><th>File</th><th>Format</th><th>Size (bytes)</th><th>SHA-256</th></tr>
${list.map((d) => html`<tr><td><a href="${d.url}">${d.name}</a></td><td>${d.title}</td><td>${d.bytes}</td><td><code>${d.sha256}</code></td></tr>`)}
</table>
<p>Also: <a href="/dumps/${DUMP_FILES.context}">${DUMP_FILES.context}</a> (the JSON-LD context), <a href="/dumps/${DUMP_FILES.void}">${DUMP_FILES.void}</a> (VoID).</p>`,
    }));
  });
  router.get('/dumps/:name', (req, res, next) => {
    const file = files().find((f) => f.name === req.params.name);
    if (!file) return next(new HttpError(404, `There is no dump called ${req.params.name}; see /dumps/.`));
    res.set('Content-Disposition', `attachment; filename="${file.name}"`);
    res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`);
    const gzip = file.name.endsWith('.gz');
    res.sendFile(join(context.config.dist, file.name), {
      headers: { 'Content-Type': gzip ? 'application/gzip' : `${file.mediaType}; charset=utf-8` },
      acceptRanges: true,
      lastModified: true,
      etag: true,
    }, (error) => { if (error && !res.headersSent) next(error); });
  });
  return router;
}
