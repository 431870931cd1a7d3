// Facts about a parsed query that decide whether and how it may run: how deeply
// it nests (the engine's own stack has a fixed size), which SERVICE endpoints it
// names, and the dataset it declares with FROM / FROM NAMED.

import { type Query } from 'sparqljs';

/**
 * Operators whose operand lists nest in the engine one level per operand. A chain
 * of them counts one level, plus one per CHAIN_TERMS_PER_LEVEL operands, so that
 * `?x = 1 || ?x = 2 || …` with a few hundred terms stays legal.
 */
const CHAINS = new Set(['||', '&&', '+', '-', '*', '/', '|']);
export const CHAIN_TERMS_PER_LEVEL = 16;

/**
 * The nesting depth of a query: groups, sub-queries, EXISTS, function calls,
 * operators and property paths each add a level.
 */
export function nestingDepth(query: Query): number {
  return depthOf(query, 0);
}

function depthOf(node: unknown, guard: number): number {
  if (guard > 5_000) throw new RangeError('nested too deeply to measure');
  if (node === null || typeof node !== 'object') return 0;
  if (Array.isArray(node)) {
    let deepest = 0;
    for (const item of node) deepest = Math.max(deepest, depthOf(item, guard + 1));
    return deepest;
  }
  const record = node as Record<string, unknown>;
  // Terms carry no nesting, except quoted triples.
  if (typeof record.termType === 'string' && record.termType !== 'Quad') return 0;
  if (record.type === 'operation' && CHAINS.has(String(record.operator))) {
    // sparqljs nests `a || b || c` as ((a || b) || c); the engine walks it the same way.
    const operands = chainOperands(record);
    return depthOf(operands, guard + 1) + 1 + Math.floor(operands.length / CHAIN_TERMS_PER_LEVEL);
  }
  let children = 0;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'prefixes') continue;
    if (value !== null && typeof value === 'object') children = Math.max(children, depthOf(value, guard + 1));
  }
  return children + levelOf(record);
}

function chainOperands(record: Record<string, unknown>): unknown[] {
  const operands: unknown[] = [];
  const stack: unknown[] = [record];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    if (node && typeof node === 'object' && node.type === 'operation' && node.operator === record.operator && Array.isArray(node.args)) {
      for (let i = node.args.length - 1; i >= 0; i--) stack.push(node.args[i]);
    } else operands.push(node);
  }
  return operands;
}

function levelOf(record: Record<string, unknown>): number {
  const type = record.type;
  if (type === 'path' || type === 'union') {
    const operands = Array.isArray(record.items) ? record.items.length : Array.isArray(record.patterns) ? record.patterns.length : 1;
    return 1 + Math.floor(operands / CHAIN_TERMS_PER_LEVEL);
  }
  if (type === 'operation' || type === 'functionCall' || type === 'aggregate' || type === 'group' || type === 'optional' || type === 'minus'
    || type === 'graph' || type === 'service' || type === 'filter' || type === 'bind' || type === 'query') return 1;
  return 0;
}

export interface ServiceTarget { iri?: string; variable?: string; silent: boolean }

/** Every SERVICE in the query, in sub-queries and EXISTS filters too. */
export function serviceTargets(query: Query): ServiceTarget[] {
  const found: ServiceTarget[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const item of node) visit(item); return; }
    const record = node as Record<string, unknown>;
    if (record.type === 'service') {
      const name = record.name as { termType: string; value: string };
      found.push(name.termType === 'Variable' ? { variable: name.value, silent: Boolean(record.silent) } : { iri: name.value, silent: Boolean(record.silent) });
    }
    for (const value of Object.values(record)) if (value !== null && typeof value === 'object') visit(value);
  };
  visit(query.where);
  return found;
}

export interface DeclaredDataset { defaultGraphs: string[]; namedGraphs: string[] }

/** The dataset a query declares with FROM / FROM NAMED, if it declares one. */
export function declaredDataset(query: Query): DeclaredDataset | undefined {
  const from = (query as { from?: { default?: { value: string }[]; named?: { value: string }[] } }).from;
  if (!from || ((from.default?.length ?? 0) === 0 && (from.named?.length ?? 0) === 0)) return undefined;
  return { defaultGraphs: (from.default ?? []).map((g) => g.value), namedGraphs: (from.named ?? []).map((g) => g.value) };
}
