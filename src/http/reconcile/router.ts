// /reconcile: the W3C Entity Reconciliation API as OpenRefine speaks it (0.2:
// manifest, batched queries with types and property constraints, preview,
// suggest, data extension; JSONP for old clients) plus the query batches of the
// 1.0 draft. match: true only for an exact, unambiguous hit.
//
// Every request is checked (shape and limits, ./requests.ts) before any work; the
// matching itself runs in the reconciliation worker through ReconcileService.run,
// so no request can hold up the server's main thread. The worker holds the
// records: matches and suggestions come back with what is shown of each entity,
// and extension and preview ask it for the records by id. Each request uses the
// service in force when it arrives (a store switch replaces it).

import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { type AppContext, publicBase } from '../context.js';
import { HttpError } from '../httpError.js';
import { RECON_PROPERTIES, RECON_TYPES, type ReconRecord } from '../../reconcile/records.js';
import { type ReconHit, type ReconJob, type ReconJobResult, type ReconQuery } from './service.js';
import { clientOf } from '../clientAddress.js';
import { ScheduleRejectedError } from '../../query/schedule/rejected.js';
import { fromJson, readBatch02, readBatch10, readExtend, readSingle, readSuggest, type ExtendSpec, type ReconcileLimits } from './requests.js';
import { html } from '../../web/html.js';
import { site } from '../../web/site.js';

export function reconcileLimits(context: AppContext): ReconcileLimits {
  const { config } = context;
  return { maxBatch: config.reconcileMaxBatch, maxNameChars: config.reconcileMaxNameChars, maxLimit: config.reconcileMaxLimit };
}

/** The largest request body: a full batch of the longest names (as percent-encoded UTF-8), with room for constraints. */
export function reconcileBodyBytes(limits: ReconcileLimits): number {
  return Math.max(64 * 1024, limits.maxBatch * (limits.maxNameChars * 6 + 2048));
}

/** Body parsers whose errors name the reconciliation limit, not the SPARQL one. */
function bodyParsers(limit: number): RequestHandler[] {
  const translate = (next: NextFunction) => (error?: unknown) => {
    if (!error) return next();
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') return next(new HttpError(413, `The reconciliation request body is larger than the limit of ${limit} bytes (reconcile-max-batch × reconcile-max-name-chars). Send smaller batches.`));
    if (type === 'entity.parse.failed') return next(new HttpError(400, 'The request body is not valid JSON.'));
    next(error);
  };
  return [
    express.urlencoded({ extended: false, limit }),
    express.json({ limit }),
  ].map((parser): RequestHandler => (req, res, next) => parser(req, res, translate(next)));
}

export function reconcileRouter(context: AppContext): Router {
  const router = express.Router();
  const limits = reconcileLimits(context);
  router.use('/reconcile', ...bodyParsers(reconcileBodyBytes(limits)));

  const send = (req: Request, res: Response, body: unknown) => {
    const callback = typeof req.query.callback === 'string' ? req.query.callback : undefined;
    res.set('Cache-Control', 'no-store');
    if (callback && /^[A-Za-z_$][\w$.]{0,100}$/.test(callback)) return void res.type('application/javascript').set('X-Content-Type-Options', 'nosniff').send(`${callback}(${JSON.stringify(body)})`);
    res.json(body);
  };

  const param = (req: Request, name: string): unknown => {
    const body = req.body as unknown;
    const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
    return fromBody !== undefined ? fromBody : req.query[name];
  };

  const manifest = (base: string) => ({
    versions: ['0.2', '1.0-draft'],
    name: `${site().name}: ${site().title} (people, organisations, places, events, documents)`,
    identifierSpace: `${context.baseIri}id/`,
    schemaSpace: 'https://w3id.org/delicacy/ontology#',
    defaultTypes: RECON_TYPES.map((t) => ({ id: t.id, name: t.name })),
    view: { url: `${base}id/{{id}}` },
    preview: { url: `${base}reconcile/preview?id={{id}}`, width: 420, height: 160 },
    suggest: {
      entity: { service_url: `${base}reconcile`, service_path: '/suggest/entity', flyout_service_path: '/flyout/entity?id=${id}' },
      type: { service_url: `${base}reconcile`, service_path: '/suggest/type' },
      property: { service_url: `${base}reconcile`, service_path: '/suggest/property' },
    },
    extend: {
      propose_properties: { service_url: `${base}reconcile`, service_path: '/properties' },
      property_settings: [],
    },
    batchSize: Math.min(50, limits.maxBatch),
  });

  const candidate = ({ id, name, type, score, match, description }: ReconHit) => ({ id, name, type: [type], score, match, description: description ?? '' });

  /** A turn at the reconciliation thread, fair between clients (the SPARQL scheduler's rules). */
  const turn = async <Op extends ReconJob['op']>(req: Request, job: ReconJob & { op: Op }): Promise<ReconJobResult & { op: Op }> => {
    const counted = job.op !== 'records'; // the metrics count matching: batches and suggestions
    const names = 'queries' in job ? job.queries.length : 1;
    try {
      const answer = await context.reconcileScheduler.submit(clientOf(req), () => context.reconcile.run(job));
      if (counted) context.metrics.reconciled('ok', names);
      if (answer.op !== job.op) throw new Error('unexpected answer from the reconciliation worker');
      return answer as ReconJobResult & { op: Op };
    } catch (error) {
      if (counted) context.metrics.reconciled('refused', 0);
      if (error instanceof ScheduleRejectedError) throw new HttpError(error.status, error.message, error.retryAfterS > 0 ? { 'Retry-After': String(error.retryAfterS) } : {});
      throw error;
    }
  };

  const search = async (req: Request, queries: ReconQuery[]) => {
    const answer = await turn(req, { op: 'search', queries });
    return answer.results.map((list) => list.map(candidate));
  };

  const extend = async (req: Request, spec: ExtendSpec) => {
    const properties = spec.properties.filter((p) => RECON_PROPERTIES.some((r) => r.id === p.id));
    const ids = [...new Set(spec.ids)];
    const { records } = properties.length && ids.length ? await turn(req, { op: 'records', ids }) : { records: [] };
    const byId = new Map(ids.map((id, i) => [id, records[i] ?? undefined]));
    const rows: Record<string, Record<string, unknown[]>> = {};
    for (const id of spec.ids) {
      const record = byId.get(id);
      rows[id] = Object.fromEntries(properties.map(({ id: pid }) => [pid, record ? extensionValues(record, pid) : []]));
    }
    return { meta: properties.map((p) => ({ id: p.id, name: RECON_PROPERTIES.find((r) => r.id === p.id)!.name })), rows };
  };

  /** Every reconciliation request goes through here: read and check it, then match in the worker. */
  const handle = async (req: Request, res: Response) => {
    const queries = fromJson(param(req, 'queries'), 'queries');
    const extendSpec = param(req, 'extend');
    const single = param(req, 'query');
    if (Array.isArray(queries)) {
      // 1.0 draft: { queries: [{ query | conditions, type, limit }] } -> { results: [{ candidates }] }
      const results = await search(req, readBatch10(queries, limits));
      return send(req, res, { results: results.map((candidates) => ({ candidates })) });
    }
    if (queries !== undefined) {
      const { keys, queries: list } = readBatch02(queries, limits);
      const results = await search(req, list);
      return send(req, res, Object.fromEntries(keys.map((key, i) => [key, { result: results[i] }])));
    }
    if (extendSpec !== undefined) return send(req, res, await extend(req, readExtend(fromJson(extendSpec, 'extend'), limits)));
    if (single !== undefined) {
      if (typeof single !== 'string') throw new HttpError(400, "'query' must be a name or one query as JSON.");
      const [result] = await search(req, [readSingle(single, limits)]);
      return send(req, res, { result });
    }
    const body = req.body as unknown;
    if (req.method === 'POST' && body !== undefined && !(typeof body === 'object' && body !== null && Object.keys(body).length === 0)) {
      throw new HttpError(400, "A reconciliation request needs 'queries' (a batch), 'query' (one name) or 'extend'.");
    }
    send(req, res, manifest(publicBase(context, req)));
  };
  router.get('/reconcile', (req, res, next) => { handle(req, res).catch(next); });
  router.post('/reconcile', (req, res, next) => { handle(req, res).catch(next); });

  router.get('/reconcile/properties', (req, res) => {
    send(req, res, { type: typeof req.query.type === 'string' ? req.query.type : 'person', properties: RECON_PROPERTIES });
  });
  router.get('/reconcile/suggest/entity', (req, res, next) => {
    (async () => {
      const { prefix, limit } = readSuggest(req.query.prefix, req.query.limit, limits);
      const { entities } = await turn(req, { op: 'suggest', prefix, limit });
      send(req, res, { result: entities.map((r) => ({ id: r.id, name: r.name, description: r.description ?? r.type.name, notable: [{ id: r.type.id, name: r.type.name }] })) });
    })().catch(next);
  });
  router.get('/reconcile/suggest/type', (req, res) => {
    const prefix = String(req.query.prefix ?? '').toLowerCase();
    send(req, res, { result: RECON_TYPES.filter((t) => t.name.toLowerCase().includes(prefix) || t.id.startsWith(prefix)).map((t) => ({ id: t.id, name: t.name })) });
  });
  router.get('/reconcile/suggest/property', (req, res) => {
    const prefix = String(req.query.prefix ?? '').toLowerCase();
    send(req, res, { result: RECON_PROPERTIES.filter((p) => p.id.toLowerCase().startsWith(prefix) || p.name.toLowerCase().includes(prefix)).map((p) => ({ id: p.id, name: p.name })) });
  });
  const card = async (req: Request) => {
    const id = String(req.query.id ?? '');
    const [record] = (await turn(req, { op: 'records', ids: [id] })).records;
    if (!record) throw new HttpError(404, `No entity ${String(req.query.id ?? '').slice(0, 200)}.`);
    const body = html`<div class="preview" style="font-family: Georgia, serif; font-size: 14px; padding: 6px">
<strong><a href="/id/${record.id}" target="_blank">${record.name}</a></strong> <span style="color:#666">(${record.type.name}${record.side ? `, ${record.side.name}` : ''})</span>
${record.names.length > 1 ? html`<div style="color:#666">Also: ${record.names.slice(1, 6).join('; ')}</div>` : ''}
${record.offices.length ? html`<div>${record.offices.slice(0, 3).join('; ')}</div>` : ''}
${record.date ? html`<div>${record.date}</div>` : ''}
${record.description ? html`<div>${record.description}</div>` : ''}
${record.qids.length ? html`<div>Wikidata: ${record.qids.map((q) => html`<a href="https://www.wikidata.org/wiki/${q}" target="_blank">${q}</a> `)}</div>` : ''}
</div>`;
    return { record, body };
  };
  router.get('/reconcile/preview', (req, res, next) => {
    card(req).then(({ body }) => {
      res.type('html').send(`<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">${body}</body></html>`);
    }, next);
  });
  router.get('/reconcile/flyout/entity', (req, res, next) => {
    card(req).then(({ record, body }) => send(req, res, { id: record.id, html: body.value }), next);
  });
  return router;
}

function extensionValues(record: ReconRecord, property: string): unknown[] {
  switch (property) {
    case 'side': return record.side ? [{ id: record.side.id, name: record.side.name }] : [];
    case 'office': return record.offices.map((str) => ({ str }));
    case 'wikidata': return record.qids.map((str) => ({ str }));
    case 'date': return record.date ? [{ str: record.date }, ...(record.earliest ? [{ date: `${record.earliest}T00:00:00Z` }] : [])] : [];
    case 'description': return record.description ? [{ str: record.description }] : [];
    case 'altLabels': return record.names.slice(1).map((str) => ({ str }));
    default: return [];
  }
}
