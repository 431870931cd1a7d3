// One parse of a query, with a maintained SPARQL 1.1 parser (sparqljs): every
// later step — the form, the update and SERVICE checks, the nesting limit, the
// query's own dataset, the normaliser — reads the same syntax tree. Parses of
// recent texts are kept, because clients repeat their queries.

import sparqljs, { type SparqlQuery, type Query } from 'sparqljs';
import { LruCache } from '../store/lruCache.js';
import { QueryRefusedError } from './errors.js';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface ParsedQuery {
  /** The text as the client sent it. */
  text: string;
  ast: Query;
  form: QueryForm;
  /** Prefixes the query declares itself. */
  declaredPrefixes: ReadonlySet<string>;
}

const READ_ONLY = 'This endpoint is read-only: SPARQL Update is not accepted, and the dataset was not changed.';
const UPDATE_START = /^(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b/i;

interface CachedParse { parsed: ParsedQuery; length: number }
const MEMO_QUERY_CHARS = 8192;
const recent = new LruCache<CachedParse>(16 * 1024 * 1024);
const parsers = new Map<string, sparqljs.SparqlParser>();

function parserFor(prefixes: Readonly<Record<string, string>>): sparqljs.SparqlParser {
  const key = JSON.stringify(prefixes);
  let parser = parsers.get(key);
  if (!parser) {
    parser = new sparqljs.Parser({ prefixes: { ...prefixes }, sparqlStar: true });
    parsers.set(key, parser);
  }
  return parser;
}

/**
 * Parses a query with the given prefixes predeclared. Updates are refused (403);
 * malformed text is refused (400) with the parser's line and expectation.
 */
export function parseQuery(text: string, prefixes: Readonly<Record<string, string>> = {}): ParsedQuery {
  const key = text.length <= MEMO_QUERY_CHARS ? `${Object.keys(prefixes).length}\u0000${text}` : undefined;
  const hit = key === undefined ? undefined : recent.get(key);
  if (hit) return hit.parsed;
  const parsed = parseUncached(text, prefixes);
  if (key !== undefined) recent.set(key, { parsed, length: text.length * 12 });
  return parsed;
}

function parseUncached(text: string, prefixes: Readonly<Record<string, string>>): ParsedQuery {
  let ast: SparqlQuery;
  try {
    ast = parserFor(prefixes).parse(text);
  } catch (error) {
    // An update that does not parse is still an update: refuse it as one.
    if (UPDATE_START.test(withoutPrologue(text))) throw new QueryRefusedError(403, READ_ONLY, 'read-only');
    throw new QueryRefusedError(400, `Malformed query: ${syntaxMessage(error)}`, 'syntax');
  }
  if (ast.type === 'update') throw new QueryRefusedError(403, READ_ONLY, 'read-only');
  const declared = new Set(Object.keys((ast as { prefixes?: Record<string, string> }).prefixes ?? {}));
  return { text, ast, form: ast.queryType, declaredPrefixes: declared };
}

/** The text after comments, PREFIX and BASE declarations (only to recognise a malformed update). */
function withoutPrologue(text: string): string {
  let rest = text;
  for (;;) {
    const next = rest.replace(/^(?:\s+|#[^\n]*)/, '')
      .replace(/^PREFIX\s+[^\s:]*:\s*<[^>]*>/i, '')
      .replace(/^BASE\s+<[^>]*>/i, '');
    if (next === rest) return rest;
    rest = next;
  }
}

/** "error at LINE:COLUMN: expected …, found …", from the parser's own account of where it stopped. */
function syntaxMessage(error: unknown): string {
  const hash = (error as { hash?: { token?: string; text?: string; loc?: { last_line: number; last_column: number }; expected?: string[] } })?.hash;
  const message = String((error as Error)?.message ?? error);
  if (!hash?.loc) return message.split('\n')[0];
  const expected = (hash.expected ?? []).map((e) => e.replace(/^'|'$/g, ''));
  const shown = expected.length > 12 ? `${expected.slice(0, 12).join(', ')}, …` : expected.join(', ');
  const found = hash.token === 'EOF' ? 'the end of the query' : `'${hash.text ?? hash.token}'`;
  return `error at ${hash.loc.last_line}:${hash.loc.last_column + 1}: expected ${shown || 'something else'}; found ${found}`;
}
