// What a reconciliation request may contain, checked before any work is done:
// the shapes of the W3C Reconciliation API (0.2 batches of named queries, the 1.0
// draft's array of queries with conditions, data extension) as zod schemas, so a
// wrong shape gets a 400 that says where and what; and the limits (queries per
// batch, characters per name, candidates per query), each refused with a 4xx that
// names the limit and its setting.

import { z } from 'zod';
import { HttpError } from '../httpError.js';
import { RECON_TYPES } from '../../reconcile/records.js';
import { type ReconQuery } from './service.js';

export interface ReconcileLimits {
  /** Queries (or extension ids) per request. */
  maxBatch: number;
  /** Characters in one name (or property value). */
  maxNameChars: number;
  /** Candidates one query may ask for. */
  maxLimit: number;
}

/** The candidates a query gets when it does not say. */
export const DEFAULT_LIMIT = 5;
/** Property constraints (or 1.0 conditions) per query. */
const MAX_PROPERTIES = 20;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const entityRef = z.object({ id: z.union([z.string(), z.number()]), name: z.string().nullish() });
const propertyValue = z.union([scalar, entityRef, z.array(z.union([scalar, entityRef])).max(MAX_PROPERTIES)]);
const typeRef = z.union([z.string(), z.array(z.string()).max(10), z.object({ id: z.string() })]);
const limit = z.union([z.number().int().min(0), z.string().regex(/^\d+$/, 'expected a whole number').transform(Number)]);

/** 0.2: { "q0": { "query": "Maisky", "type": "person", "limit": 3, "properties": [{ "pid": "side", "v": "soviet" }] } } */
const query02 = z.object({
  query: z.string(),
  type: typeRef.nullish(),
  type_strict: z.enum(['any', 'all', 'should']).nullish(),
  limit: limit.nullish(),
  properties: z.array(z.object({ pid: z.string(), v: propertyValue })).max(MAX_PROPERTIES).nullish(),
});
const batch02 = z.record(z.string(), query02);

/** 1.0 draft: { "queries": [{ "conditions": [{ "matchType": "name", "propertyValue": "Maisky" }], "type": "person" }] } (a plain "query" is accepted too). */
const condition = z.discriminatedUnion('matchType', [
  z.object({ matchType: z.literal('name'), propertyValue: z.string() }),
  z.object({ matchType: z.literal('property'), propertyId: z.string(), propertyValue, required: z.boolean().nullish() }),
]);
const query10 = z.object({
  query: z.string().nullish(),
  conditions: z.array(condition).max(MAX_PROPERTIES + 1).nullish(),
  type: typeRef.nullish(),
  limit: limit.nullish(),
}).refine((q) => typeof q.query === 'string' || (q.conditions ?? []).length > 0, 'a query needs "query" or at least one condition');
const batch10 = z.array(query10);

const extendSpec = z.object({
  ids: z.array(z.string()),
  properties: z.array(z.object({ id: z.string(), settings: z.record(z.string(), z.unknown()).nullish() })).max(MAX_PROPERTIES),
});
export type ExtendSpec = z.infer<typeof extendSpec>;

function describeIssues(what: string, error: z.ZodError): HttpError {
  const where = (path: PropertyKey[]) => path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`), what);
  const issues = error.issues.slice(0, 5).map((issue) => `${where(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`);
  return new HttpError(400, `Invalid ${what}: ${issues.join('; ')}${error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : ''}.`);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw describeIssues(what, result.error);
  return result.data;
}

/** JSON text from a form or query-string parameter; anything else is taken as already parsed. */
export function fromJson(value: unknown, what: string): unknown {
  if (typeof value !== 'string') return value;
  try { return JSON.parse(value); } catch { throw new HttpError(400, `${what} is not valid JSON.`); }
}

function typeId(type: z.infer<typeof typeRef> | null | undefined): string | undefined {
  const value = Array.isArray(type) ? type[0] : typeof type === 'object' && type !== null ? type.id : type;
  if (!value) return undefined;
  const id = value.replace(/^.*[#/:]/, '').toLowerCase();
  return RECON_TYPES.some((t) => t.id === id) ? id : undefined;
}

function checkBatchSize(count: number, limits: ReconcileLimits, what: string): void {
  if (count > limits.maxBatch) {
    throw new HttpError(413, `This request has ${count} ${what}; the limit is ${limits.maxBatch} per request (setting reconcile-max-batch). Send them in smaller batches.`);
  }
}

function checkQuery(label: string, query: ReconQuery, requested: number | null | undefined, limits: ReconcileLimits): ReconQuery {
  if (query.name.length > limits.maxNameChars) {
    throw new HttpError(413, `Query ${label} has a name of ${query.name.length} characters; the limit is ${limits.maxNameChars} (setting reconcile-max-name-chars).`);
  }
  for (const { pid, v } of query.properties) {
    const text = JSON.stringify(v) ?? '';
    if (text.length > limits.maxNameChars) throw new HttpError(413, `Query ${label} has a value of ${text.length} characters for property '${pid}'; the limit is ${limits.maxNameChars} (setting reconcile-max-name-chars).`);
  }
  if (requested != null && requested > limits.maxLimit) {
    throw new HttpError(400, `Query ${label} asks for ${requested} candidates; the most one query may ask for is ${limits.maxLimit} (setting reconcile-max-limit).`);
  }
  return query;
}

/** A 0.2 batch (object of named queries) -> keys and validated queries. */
export function readBatch02(value: unknown, limits: ReconcileLimits): { keys: string[]; queries: ReconQuery[] } {
  if (value && typeof value === 'object' && !Array.isArray(value)) checkBatchSize(Object.keys(value).length, limits, 'queries');
  const batch = parse(batch02, value, 'queries');
  const keys = Object.keys(batch);
  const queries = keys.map((key) => {
    const q = batch[key];
    const limit = q.limit ?? DEFAULT_LIMIT;
    return checkQuery(`'${key}'`, { name: q.query, type: typeId(q.type), properties: (q.properties ?? []).map(({ pid, v }) => ({ pid, v })), limit }, q.limit, limits);
  });
  return { keys, queries };
}

/** A 1.0-draft batch (array of queries) -> validated queries. */
export function readBatch10(value: unknown, limits: ReconcileLimits): ReconQuery[] {
  if (Array.isArray(value)) checkBatchSize(value.length, limits, 'queries');
  const batch = parse(batch10, value, 'queries');
  return batch.map((q, i) => {
    const conditions = q.conditions ?? [];
    const name = q.query ?? conditions.flatMap((c) => (c.matchType === 'name' ? [c.propertyValue] : []))[0] ?? '';
    const properties = conditions.flatMap((c) => (c.matchType === 'property' ? [{ pid: c.propertyId, v: c.propertyValue }] : []));
    return checkQuery(`queries[${i}]`, { name, type: typeId(q.type), properties, limit: q.limit ?? DEFAULT_LIMIT }, q.limit, limits);
  });
}

/** A single query: a plain name, or one 0.2 query as JSON. */
export function readSingle(value: string, limits: ReconcileLimits): ReconQuery {
  const json = value.trim().startsWith('{') ? fromJson(value, 'query') : { query: value };
  return readBatch02({ q0: json }, limits).queries[0];
}

export function readExtend(value: unknown, limits: ReconcileLimits): ExtendSpec {
  if (value && typeof value === 'object' && Array.isArray((value as { ids?: unknown }).ids)) checkBatchSize((value as { ids: unknown[] }).ids.length, limits, 'ids to extend');
  return parse(extendSpec, value, 'extend');
}

/** Type-ahead parameters: the prefix (bounded like a name) and how many. */
export function readSuggest(prefix: unknown, requested: unknown, limits: ReconcileLimits): { prefix: string; limit: number } {
  if (typeof prefix !== 'string') throw new HttpError(400, "Give the text to complete as 'prefix'.");
  if (prefix.length > limits.maxNameChars) throw new HttpError(413, `The prefix has ${prefix.length} characters; the limit is ${limits.maxNameChars} (setting reconcile-max-name-chars).`);
  const limit = requested === undefined ? 10 : Number(requested);
  if (!Number.isInteger(limit) || limit < 0) throw new HttpError(400, "'limit' must be a whole number.");
  if (limit > limits.maxLimit) throw new HttpError(400, `'limit' is ${limit}; the most is ${limits.maxLimit} (setting reconcile-max-limit).`);
  return { prefix, limit };
}
