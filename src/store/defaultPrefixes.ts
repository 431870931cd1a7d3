// Predeclared prefixes, as DH users know them from the Wikidata Query Service:
// a query may use dly:, rdfs:, person: ... without declaring them. The missing
// declarations are put in front of the query on its first line, so line numbers in
// error messages stay right; columns on line 1 are corrected in the message.

import { datasetPrefixes } from '../model/iri.js';
import { skeleton } from './queryForm.js';


export interface PreparedQuery { query: string; offset: number }

export function withDefaultPrefixes(query: string, prefixes: Record<string, string> = datasetPrefixes()): PreparedQuery {
  const text = skeleton(query);
  const declared = new Set([...text.matchAll(/\bPREFIX\s+([A-Za-z][\w.-]*)?:/gi)].map((m) => m[1] ?? ''));
  const used = new Set([...text.matchAll(/(?<![\w?$:])([A-Za-z][\w-]*):(?=[\w%<(]|\s|$)/g)].map((m) => m[1]));
  const missing = [...used].filter((prefix) => !declared.has(prefix) && prefixes[prefix]);
  if (missing.length === 0) return { query, offset: 0 };
  const head = missing.map((prefix) => `PREFIX ${prefix}: <${prefixes[prefix]}> `).join('');
  return { query: head + query, offset: head.length };
}

/** Moves "error at 1:COL" positions back to the client's own query. */
export function correctPositions(message: string, offset: number): string {
  if (offset === 0) return message;
  return message.replace(/\b1:(\d+)/g, (_m, col) => `1:${Math.max(1, Number(col) - offset)}`);
}
