// /reconcile: the W3C Entity Reconciliation API as OpenRefine speaks it (0.2:
// manifest, batched queries with types and property constraints, preview,
// suggest, data extension; JSONP for old clients) plus the query batches of the
// 1.0 draft. match: true only for an exact, unambiguous hit.

import express, { type Request, type Response, type Router } from 'express';
import { type AppContext, publicBase } from '../context.js';
import { HttpError } from '../httpError.js';
import { ReconciliationIndex, RECON_PROPERTIES, RECON_TYPES, type Candidate, type PropertyConstraint, type ReconRecord } from './index.js';
import { html } from '../../web/html.js';
import { site } from '../../web/site.js';

interface ReconQuery { query?: string; type?: string | string[]; limit?: number; properties?: PropertyConstraint[]; type_strict?: string }

function typeId(type: string | string[] | undefined): string | undefined {
  const value = Array.isArray(type) ? type[0] : type;
  if (!value) return undefined;
  const id = value.replace(/^.*[#/:]/, '').toLowerCase();
  return RECON_TYPES.some((t) => t.id === id) ? id : undefined;
}

function resultOf(candidates: Candidate[]) {
  return candidates.map((candidate, index) => {
    const unique = candidate.exact && !candidates.some((other, j) => j !== index && (other.exact || other.score >= 90));
    return {
      id: candidate.record.id,
      name: candidate.record.name,
      type: [{ id: candidate.record.type.id, name: candidate.record.type.name }],
      score: candidate.score,
      match: unique,
      description: candidate.record.description ?? '',
    };
  });
}

function parseJson(text: string, what: string): unknown {
  try { return JSON.parse(text); } catch { throw new HttpError(400, `${what} is not valid JSON.`); }
}

export function reconcileRouter(context: AppContext): Router {
  const router = express.Router();
  const index = new ReconciliationIndex(context.store, context.baseIri);
  const getIndex = () => index;
  router.use('/reconcile', express.urlencoded({ extended: false, limit: '1mb' }), express.json({ limit: '1mb' }));

  const send = (req: Request, res: Response, body: unknown) => {
    const callback = typeof req.query.callback === 'string' ? req.query.callback : undefined;
    res.set('Cache-Control', 'no-store');
    if (callback && /^[A-Za-z_$][\w$.]*$/.test(callback)) return void res.type('application/javascript').send(`${callback}(${JSON.stringify(body)})`);
    res.json(body);
  };

  const param = (req: Request, name: string): string | undefined => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?.[name];
    const value = fromBody ?? req.query[name];
    return typeof value === 'string' ? value : undefined;
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
    batchSize: 50,
  });

  const runQueries = (queries: Record<string, ReconQuery>) => {
    const out: Record<string, { result: ReturnType<typeof resultOf> }> = {};
    for (const [key, q] of Object.entries(queries)) {
      if (typeof q?.query !== 'string') throw new HttpError(400, `Query '${key}' has no 'query' string.`);
      const candidates = getIndex().search(q.query, { type: typeId(q.type), properties: q.properties, limit: Math.min(Number(q.limit) || 5, 50) });
      out[key] = { result: resultOf(candidates) };
    }
    return out;
  };

  const extend = (spec: { ids?: string[]; properties?: { id: string }[] }) => {
    const ids = spec.ids ?? [];
    const properties = (spec.properties ?? []).filter((p) => RECON_PROPERTIES.some((r) => r.id === p.id));
    const rows: Record<string, Record<string, unknown[]>> = {};
    for (const id of ids) {
      const record = getIndex().get(id);
      const row: Record<string, unknown[]> = {};
      for (const { id: pid } of properties) row[pid] = record ? extensionValues(record, pid) : [];
      rows[id] = row;
    }
    return { meta: properties.map((p) => ({ id: p.id, name: RECON_PROPERTIES.find((r) => r.id === p.id)!.name })), rows };
  };

  const handle = (req: Request, res: Response) => {
    const queries = param(req, 'queries');
    const single = param(req, 'query');
    const extendSpec = param(req, 'extend');
    const body = req.body as { queries?: unknown } | undefined;
    if (req.is('application/json') && Array.isArray(body?.queries)) {
      // 1.0 draft: { queries: [{ query | conditions, type, limit }] } -> { results: [{ candidates }] }
      const results = (body!.queries as { query?: string; conditions?: { matchType?: string; propertyValue?: string; propertyId?: string }[]; type?: string; limit?: number }[]).map((q) => {
        const name = q.query ?? q.conditions?.find((c) => c.matchType === 'name')?.propertyValue ?? '';
        const properties = (q.conditions ?? []).filter((c) => c.matchType === 'property').map((c) => ({ pid: c.propertyId!, v: c.propertyValue }));
        return { candidates: resultOf(getIndex().search(name, { type: typeId(q.type), properties, limit: q.limit ?? 5 })).map(({ type, ...rest }) => ({ ...rest, type })) };
      });
      return send(req, res, { results });
    }
    if (queries) return send(req, res, runQueries(parseJson(queries, 'queries') as Record<string, ReconQuery>));
    if (extendSpec) return send(req, res, extend(parseJson(extendSpec, 'extend') as { ids?: string[]; properties?: { id: string }[] }));
    if (single) {
      const q: ReconQuery = single.trim().startsWith('{') ? parseJson(single, 'query') as ReconQuery : { query: single };
      return send(req, res, runQueries({ q0: q }).q0);
    }
    send(req, res, manifest(publicBase(context, req)));
  };
  router.get('/reconcile', (req, res, next) => { try { handle(req, res); } catch (error) { next(error); } });
  router.post('/reconcile', (req, res, next) => { try { handle(req, res); } catch (error) { next(error); } });

  router.get('/reconcile/properties', (req, res) => {
    send(req, res, { type: typeof req.query.type === 'string' ? req.query.type : 'person', properties: RECON_PROPERTIES });
  });
  router.get('/reconcile/suggest/entity', (req, res) => {
    const prefix = String(req.query.prefix ?? '');
    send(req, res, { result: getIndex().suggest(prefix, Number(req.query.limit) || 10).map((r) => ({ id: r.id, name: r.name, description: r.description ?? r.type.name, notable: [{ id: r.type.id, name: r.type.name }] })) });
  });
  router.get('/reconcile/suggest/type', (req, res) => {
    const prefix = String(req.query.prefix ?? '').toLowerCase();
    send(req, res, { result: RECON_TYPES.filter((t) => t.name.toLowerCase().includes(prefix) || t.id.startsWith(prefix)).map((t) => ({ id: t.id, name: t.name })) });
  });
  router.get('/reconcile/suggest/property', (req, res) => {
    const prefix = String(req.query.prefix ?? '').toLowerCase();
    send(req, res, { result: RECON_PROPERTIES.filter((p) => p.id.toLowerCase().startsWith(prefix) || p.name.toLowerCase().includes(prefix)).map((p) => ({ id: p.id, name: p.name })) });
  });
  const card = (req: Request) => {
    const record = getIndex().get(String(req.query.id ?? ''));
    if (!record) throw new HttpError(404, `No entity ${req.query.id}.`);
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
  router.get('/reconcile/preview', (req, res) => {
    const { body } = card(req);
    res.type('html').send(`<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">${body}</body></html>`);
  });
  router.get('/reconcile/flyout/entity', (req, res) => {
    const { record, body } = card(req);
    send(req, res, { id: record.id, html: body.value });
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
