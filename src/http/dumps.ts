// /dumps/: the latest dumps (the build being served) and every released version
// at a stable URL, /dumps/<version>/<file>; lists (HTML or JSON) with size,
// SHA-256, licence and the change list. Files stream from disk with Range support,
// a Content-Disposition that names the file and a strong ETag (the file's SHA-256),
// so clients and caches revalidate with 304. A release keeps its dumps
// gzip-compressed; asking for the uncompressed name gets the compressed file with
// Content-Encoding: gzip, or the file decompressed for a client that cannot take it.
// /dataset/<version> (the IRI of one version) redirects to that version's VoID.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { type AppContext } from './context.js';
import { HttpError } from './httpError.js';
import { html } from '../web/html.js';
import { page } from '../web/layout.js';
import { DUMP_FILES } from '../build/pipeline.js';
import { listReleases, type ReleasedVersion } from '../build/versions.js';
import { type Manifest } from '../store/loadDataset.js';

interface ServedFile { name: string; title: string; mediaType: string; bytes?: number; sha256?: string }

const TYPES: Record<string, string> = {
  '.nq': 'application/n-quads', '.trig': 'application/trig', '.ttl': 'text/turtle', '.jsonld': 'application/ld+json',
  '.json': 'application/json', '.md': 'text/markdown', '.cff': 'application/yaml', LICENSE: 'text/plain',
};
const typeOf = (name: string) => Object.entries(TYPES).find(([suffix]) => name.replace(/\.gz$/, '').endsWith(suffix))?.[1] ?? 'application/octet-stream';

/** SHA-256 of a file, computed once (the files never change while serving). */
const hashes = new Map<string, string>();
function fileHash(path: string): string {
  let hash = hashes.get(path);
  if (!hash) hashes.set(path, (hash = createHash('sha256').update(readFileSync(path)).digest('hex')));
  return hash;
}

export function dumpsRouter(context: AppContext): Router {
  const router = express.Router();
  const releases = listReleases(context.config.releases);
  const released = (version: string) => releases.find((r) => r.version === version);
  const latestFiles = (): ServedFile[] => [
    ...context.manifest.dumps,
    { name: DUMP_FILES.context, mediaType: 'application/ld+json', title: 'JSON-LD context of the dumps' },
    { name: DUMP_FILES.void, mediaType: 'text/turtle', title: 'VoID + DCAT description' },
  ];
  const releaseFiles = (release: ReleasedVersion): { manifest: Manifest; files: ServedFile[] } => context.memo(`release ${release.version}`, () => {
    const manifest = JSON.parse(readFileSync(join(release.dir, DUMP_FILES.manifest), 'utf8')) as Manifest;
    const titles = new Map(manifest.dumps.map((d) => [d.name, d.title]));
    const files = readdirSync(release.dir).sort().map((name) => ({ name, title: titles.get(name) ?? name, mediaType: typeOf(name), bytes: statSync(join(release.dir, name)).size }));
    return { manifest, files };
  });

  /** Sends one file: strong ETag, Last-Modified, Range, the name to save it as. */
  const sendFile = (req: Request, res: Response, next: NextFunction, dir: string, file: ServedFile, maxAge: number) => {
    let path = join(dir, file.name);
    let encoding: string | undefined;
    if (!existsSync(path) && existsSync(`${path}.gz`)) {
      path = `${path}.gz`;
      encoding = 'gzip';
    }
    res.set('ETag', `"${file.sha256 && !encoding ? file.sha256 : fileHash(path)}"`);
    res.set('Content-Disposition', `attachment; filename="${file.name}"`);
    res.set('Cache-Control', `public, max-age=${maxAge}`);
    const type = file.name.endsWith('.gz') ? 'application/gzip' : `${file.mediaType}; charset=utf-8`;
    if (encoding) {
      res.vary('Accept-Encoding');
      if (!req.acceptsEncodings('gzip')) {
        // A client that cannot take gzip gets the file decompressed (no Range, no length).
        res.set('Content-Type', type).removeHeader('ETag');
        createReadStream(path).on('error', next).pipe(createGunzip().on('error', next)).pipe(res);
        return;
      }
      res.set('Content-Encoding', 'gzip');
    }
    res.sendFile(path, { headers: { 'Content-Type': type }, acceptRanges: !encoding, lastModified: true, etag: false },
      (error) => { if (error && !res.headersSent) next(error); });
  };

  const listing = (req: Request, res: Response, title: string, intro: ReturnType<typeof html>, files: (ServedFile & { url: string })[], json: Record<string, unknown>) => {
    res.vary('Accept');
    if (req.accepts(['text/html', 'application/json']) === 'application/json') return void res.json(json);
    res.type('html').send(page({
      title,
      body: html`<h1>${title}</h1>
${intro}
<table><tr><th>File</th><th>What</th><th>Size (bytes)</th><th>SHA-256</th></tr>
${files.map((d) => html`<tr><td><a href="${d.url}">${d.name}</a></td><td>${d.title}</td><td>${d.bytes ?? ''}</td><td><code>${d.sha256 ?? ''}</code></td></tr>`)}
</table>`,
    }));
  };

  router.get('/dumps', (req, res) => {
    const { manifest } = context;
    const list = manifest.dumps.map((d) => ({ ...d, url: `/dumps/${d.name}`, licence: manifest.licence }));
    const versions = [...releases].reverse().map((r) => ({ version: r.version, issued: r.issued, url: `/dumps/${r.version}/`, changes: `/dumps/${r.version}/CHANGES.md` }));
    listing(req, res, 'Downloads', html`<p>Latest: version ${manifest.version}${manifest.issued ? `, released ${manifest.issued}` : ' (not yet released)'}, built ${manifest.modified}. Licence: <a href="${manifest.licence}">${manifest.site?.licenceLabel ?? manifest.licence}</a>.
Every file describes the same dataset; the VoID description lists them with their checksums. Also: <a href="/dumps/${DUMP_FILES.context}">${DUMP_FILES.context}</a> (the JSON-LD context), <a href="/dumps/${DUMP_FILES.void}">${DUMP_FILES.void}</a> (VoID).</p>
${versions.length ? html`<h2>Released versions</h2><p>Each at a stable URL that never changes; cite the version you used.</p>
<ul>${versions.map((v) => html`<li><a href="${v.url}">${v.version}</a>, ${v.issued} — <a href="${v.changes}">what changed</a></li>`)}</ul>` : html`<p>No version has been released yet (<code>npm run release</code>).</p>`}
<h2>Latest files</h2>`, list, { version: manifest.version, issued: manifest.issued, modified: manifest.modified, licence: manifest.licence, dumps: list, releases: versions });
  });

  router.get('/dumps/:version/:name', (req, res, next) => {
    const release = released(req.params.version);
    if (!release) return next(new HttpError(404, `There is no released version ${req.params.version}; see /dumps/.`));
    const { files } = releaseFiles(release);
    const name = req.params.name;
    const file = files.find((f) => f.name === name) ?? (files.some((f) => f.name === `${name}.gz`) ? { name, title: name, mediaType: typeOf(name) } : undefined);
    if (!file) return next(new HttpError(404, `Version ${release.version} has no file called ${name}; see /dumps/${release.version}/.`));
    sendFile(req, res, next, release.dir, file, 31_536_000);
  });

  router.get('/dumps/:name', (req, res, next) => {
    const name = req.params.name;
    const release = released(name);
    if (release) {
      if (!req.path.endsWith('/')) return res.redirect(301, `/dumps/${release.version}/`);
      const { manifest, files } = releaseFiles(release);
      const list = files.map((f) => ({ ...f, url: `/dumps/${release.version}/${f.name}` }));
      return listing(req, res, `Version ${release.version}`, html`<p>Released ${release.issued}${manifest.previousVersion ? html`; revises <a href="/dumps/${manifest.previousVersion}/">${manifest.previousVersion}</a>` : ''}.
See <a href="/dumps/${release.version}/CHANGES.md">what changed</a>. Licence: <a href="${manifest.licence}">${manifest.site?.licenceLabel ?? manifest.licence}</a>. Cite as: ${manifest.citation ?? ''}</p>`, list,
      { version: release.version, issued: release.issued, previousVersion: manifest.previousVersion, citation: manifest.citation, licence: manifest.licence, files: list });
    }
    const file = latestFiles().find((f) => f.name === name);
    if (!file) return next(new HttpError(404, `There is no dump called ${name}; see /dumps/.`));
    sendFile(req, res, next, context.config.dist, file, context.config.cacheMaxAge);
  });

  // The IRI of one version of the dataset: its description.
  router.get('/dataset/:version', (req, res, next) => {
    const { version } = req.params;
    if (released(version)) return res.redirect(303, `/dumps/${encodeURIComponent(version)}/${DUMP_FILES.void}`);
    if (version === context.manifest.version) return res.redirect(303, '/.well-known/void');
    next(new HttpError(404, `There is no version ${version} of this dataset; see /dumps/.`));
  });
  return router;
}
