// Reads a SPARQL 1.1 Protocol query request: GET ?query=, POST form-encoded,
// POST application/sparql-query; default-graph-uri and named-graph-uri. Update
// requests (update=, application/sparql-update) are refused here; an update sent
// as a query is refused when the query is parsed (src/query/parse.ts).

import { type Request } from 'express';
import { HttpError } from '../httpError.js';

export interface ProtocolRequest {
  query: string;
  defaultGraphs: string[];
  namedGraphs: string[];
  /** The format= parameter, if any. */
  format?: string;
}

const READ_ONLY = 'This endpoint is read-only: SPARQL Update is not accepted, and the dataset was not changed.';

function values(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Parameters from the query string (GET, and POST with application/sparql-query). */
function urlParams(req: Request): URLSearchParams {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  try {
    return new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  } catch {
    throw new HttpError(400, 'The query string is not valid percent-encoding.');
  }
}

export function readProtocolRequest(req: Request): ProtocolRequest | undefined {
  const params = urlParams(req);
  let query: string | undefined;
  let defaultGraphs = params.getAll('default-graph-uri');
  let namedGraphs = params.getAll('named-graph-uri');
  let format = params.get('format') ?? undefined;

  if (params.has('update')) throw new HttpError(403, READ_ONLY);
  if (req.method === 'GET' || req.method === 'HEAD') {
    const all = params.getAll('query');
    if (all.length > 1) throw new HttpError(400, 'Give exactly one query parameter.');
    query = all[0];
  } else if (req.method === 'POST') {
    const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/sparql-update') throw new HttpError(403, READ_ONLY);
    if (type === 'application/x-www-form-urlencoded') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.update !== undefined) throw new HttpError(403, READ_ONLY);
      const all = values(body.query);
      if (all.length > 1) throw new HttpError(400, 'Give exactly one query parameter.');
      query = all[0];
      defaultGraphs = [...defaultGraphs, ...values(body['default-graph-uri'])];
      namedGraphs = [...namedGraphs, ...values(body['named-graph-uri'])];
      format = format ?? values(body.format)[0];
    } else if (type === 'application/sparql-query') {
      query = typeof req.body === 'string' ? req.body : undefined;
      if (query === undefined) throw new HttpError(400, 'The request body must hold the query as text.');
    } else if (type === '') {
      throw new HttpError(415, 'A POST needs a Content-Type: application/x-www-form-urlencoded (query=...) or application/sparql-query.');
    } else {
      throw new HttpError(415, `Content-Type '${type}' is not accepted; use application/x-www-form-urlencoded or application/sparql-query.`);
    }
  } else {
    throw new HttpError(405, 'Use GET or POST.', { Allow: 'GET, HEAD, POST, OPTIONS' });
  }
  if (query === undefined) return undefined;
  if (query.trim() === '') throw new HttpError(400, 'The query is empty.');
  for (const iri of [...defaultGraphs, ...namedGraphs]) {
    if (!/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(iri)) throw new HttpError(400, `'${iri}' is not an absolute IRI (default-graph-uri / named-graph-uri).`);
  }
  return { query, defaultGraphs, namedGraphs, format };
}
