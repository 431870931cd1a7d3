// Which kind of SPARQL operation a request holds, read from its first keyword
// after the prologue. Oxigraph's parser has the last word on validity; this only
// decides which result formats apply and refuses updates before they are parsed.

import { LruCache } from './lruCache.js';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE' | 'UPDATE' | 'UNKNOWN';

const UPDATE_KEYWORDS = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'COPY', 'MOVE', 'ADD', 'WITH']);

// Each request reads its query several times (form, updates, prefixes), and clients
// repeat the same queries, so the skeletons of recent short queries are kept.
const MEMO_QUERY_CHARS = 4096;
const recentSkeletons = new LruCache<string>(1024 * 1024);

/** Removes comments, strings and IRIs so that keywords inside them are not seen. */
export function skeleton(query: string): string {
  if (query.length > MEMO_QUERY_CHARS) return maskQuery(query);
  let text = recentSkeletons.get(query);
  if (text === undefined) {
    text = maskQuery(query);
    recentSkeletons.set(query, text);
  }
  return text;
}

// One pass, so that whichever token starts first wins: a '#' inside an IRI or a
// string is not a comment, and a quote inside a comment does not open a string.
const TOKENS = /("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|(#[^\n]*)/g;

/** Strings become "", comments a space, and IRIs <> unless they are kept. */
export function maskQuery(query: string, options: { keepIris?: boolean } = {}): string {
  return query.replace(TOKENS, (_token, text: string | undefined, iri: string | undefined) =>
    (text !== undefined ? '""' : iri !== undefined ? (options.keepIris ? iri : '<>') : ' '));
}

export function queryForm(query: string): QueryForm {
  const text = skeleton(query);
  const prologue = /^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s+<>)\s*)*/i;
  const rest = text.replace(prologue, '');
  const keyword = /^([A-Za-z]+)/.exec(rest)?.[1]?.toUpperCase() ?? '';
  if (keyword === 'SELECT' || keyword === 'ASK' || keyword === 'CONSTRUCT' || keyword === 'DESCRIBE') return keyword;
  if (UPDATE_KEYWORDS.has(keyword)) return 'UPDATE';
  return 'UNKNOWN';
}

/** True when the operation contains an update keyword anywhere (a request with several operations). */
export function containsUpdate(query: string): boolean {
  return /\b(INSERT\s+DATA|DELETE\s+DATA|DELETE\s+WHERE|INSERT\s*\{|DELETE\s*\{|LOAD\s+<|CLEAR\s+(GRAPH|DEFAULT|NAMED|ALL)|CREATE\s+GRAPH|DROP\s+(GRAPH|DEFAULT|NAMED|ALL))/i.test(skeleton(query));
}
