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
  if (query.length > MEMO_QUERY_CHARS) return stripLiterals(query);
  let text = recentSkeletons.get(query);
  if (text === undefined) {
    text = stripLiterals(query);
    recentSkeletons.set(query, text);
  }
  return text;
}

function stripLiterals(query: string): string {
  return query
    .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/<[^<>"{}|^`\\\s]*>/g, '<>')
    .replace(/#[^\n]*/g, ' ');
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
