// How long the longest value a query can build may be, found on the syntax tree
// before the query runs: a few hundred bytes of doubling CONCATs build a value of
// many megabytes, which the engine would compute (and hold in memory) before any
// response limit could cut it. Values from the data count as `dataValueBytes`;
// string functions add or multiply lengths; anything else is short.

import { type Query } from './syntax.js';

const SHORT = 64;
type Node = Record<string, unknown>;

export function longestValueBytes(query: Query, dataValueBytes: number): number {
  const assignments: { variable: string; expression: unknown }[] = [];
  collectAssignments(query, assignments);
  const bounds = new Map<string, number>();
  // Assignments may use variables assigned later in the text (sub-queries): two passes settle chains.
  let longest = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (const { variable, expression } of assignments) {
      const bound = boundOf(expression, bounds, dataValueBytes);
      bounds.set(variable, Math.max(bounds.get(variable) ?? 0, bound));
      longest = Math.max(longest, bound);
    }
  }
  return longest;
}

function collectAssignments(node: unknown, into: { variable: string; expression: unknown }[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) { for (const item of node) collectAssignments(item, into); return; }
  const record = node as Node;
  if (record.type === 'term') return;
  // BIND, and (expression AS ?v) in SELECT: a bind pattern; in GROUP BY: { variable, value }.
  if (record.type === 'pattern' && record.subType === 'bind') into.push({ variable: (record.variable as Node).value as string, expression: record.expression });
  if (record.type === undefined && record.variable && record.value) into.push({ variable: (record.variable as Node).value as string, expression: record.value });
  if (record.type === 'pattern' && record.subType === 'values') return; // inline data holds constants only
  for (const [key, value] of Object.entries(record)) if (key !== 'loc' && key !== 'context' && value !== null && typeof value === 'object') collectAssignments(value, into);
}

function boundOf(expression: unknown, bounds: Map<string, number>, data: number): number {
  if (expression === null || typeof expression !== 'object') return SHORT;
  const node = expression as Node;
  if (node.type === 'term') {
    if (node.subType === 'variable') return bounds.get(node.value as string) ?? data;
    return String(node.value ?? '').length + String(node.prefix ?? '').length;
  }
  if (node.subType === 'aggregate') return node.aggregation === 'group_concat' ? data : boundOf((node.expression as unknown[])[0], bounds, data);
  const args = Array.isArray(node.args) ? node.args : [];
  const arg = (i: number) => boundOf(args[i], bounds, data);
  switch (String(node.operator ?? '').toLowerCase()) {
    case 'concat': return args.reduce((sum: number, _a, i) => sum + arg(i), 0);
    case 'replace': return arg(0) * Math.max(1, arg(2));
    case 'encode_for_uri': return arg(0) * 3;
    case 'str': case 'ucase': case 'lcase': case 'substr': case 'strbefore': case 'strafter': case 'iri': case 'uri':
    case 'strlang': case 'strdt': case 'bnode': return arg(0);
    case 'if': return Math.max(arg(1), arg(2));
    case 'coalesce': return Math.max(SHORT, ...args.map((_a, i) => arg(i)));
    default: return node.subType === 'operation' || node.subType === 'functionCall' ? Math.max(SHORT, ...args.map((_a, i) => arg(i))) : SHORT;
  }
}
