// Cache validators: the dataset changes only with a new build, so its build time
// is every response's Last-Modified, and an ETag derived from the request and the
// build lets clients revalidate with 304 without the query being run again.

import { type Request, type Response } from 'express';
import { type AppContext } from './context.js';

export function cacheHeaders(res: Response, context: AppContext, etag?: string): void {
  res.set('Last-Modified', new Date(context.manifest.modified).toUTCString());
  res.set('Cache-Control', `public, max-age=${context.config.cacheMaxAge}`);
  if (etag) res.set('ETag', etag);
}

/** True when the client's cached copy is still good (If-None-Match wins over If-Modified-Since). */
export function notModified(req: Request, context: AppContext, etag?: string): boolean {
  const ifNoneMatch = req.get('if-none-match');
  if (ifNoneMatch && etag) {
    const strip = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
  }
  const since = req.get('if-modified-since');
  if (since && !ifNoneMatch) {
    const time = Date.parse(since);
    return Number.isFinite(time) && Math.floor(Date.parse(context.manifest.modified) / 1000) <= Math.floor(time / 1000);
  }
  return false;
}
