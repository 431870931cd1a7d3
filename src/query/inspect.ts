// Facts about a parsed query that decide whether and how it may run: how deeply
// it nests (the engine's own stack has a fixed size), which SERVICE endpoints it
// names, and the dataset it declares with FROM / FROM NAMED.

import { iriOf, isVariable, type Namespaces, type Query, type TermIri, type TermVariable } from './syntax.js';

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
  // Terms carry no nesting.
  if (record.type === 'term') return 0;
  if (isOperation(record) && CHAINS.has(String(record.operator))) {
    // The parser nests `a || b || c` as ((a || b) || c); the engine walks it the same way.
    const operands = chainOperands(record);
    return depthOf(operands, guard + 1) + 1 + Math.floor(operands.length / CHAIN_TERMS_PER_LEVEL);
  }
  let children = 0;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'context' || key === 'loc') continue;
    const child = levelsBelow(record, key, value);
    if (child !== null && typeof child === 'object') children = Math.max(children, depthOf(child, guard + 1));
  }
  return children + levelOf(record);
}

/**
 * What is counted below a node's field, as the limit has always been measured:
 * a query's WHERE group and a projection `(expression AS ?v)` are no level of
 * their own, and a group of one element is that element in a UNION branch and
 * under EXISTS.
 */
function levelsBelow(record: Record<string, unknown>, key: string, value: unknown): unknown {
  if (record.type === 'query') {
    if (key === 'where') return (value as { patterns?: unknown })?.patterns;
    if (key === 'variables' && Array.isArray(value)) return value.map((v) => (isBind(v) ? (v as { expression: unknown }).expression : v));
  }
  if (key === 'patterns' && record.type === 'pattern' && record.subType === 'union' && Array.isArray(value)) return value.map(degroupSingle);
  if (key === 'args' && record.type === 'expression' && record.subType === 'patternOperation') return degroupSingle(value);
  return value;
}

const isBind = (node: unknown) => (node as { type?: string })?.type === 'pattern' && (node as { subType?: string }).subType === 'bind';

function degroupSingle(node: unknown): unknown {
  const group = node as { type?: string; subType?: string; patterns?: unknown[] };
  return group?.type === 'pattern' && group.subType === 'group' && group.patterns?.length === 1 ? group.patterns[0] : node;
}

function chainOperands(record: Record<string, unknown>): unknown[] {
  const operands: unknown[] = [];
  const stack: unknown[] = [record];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    if (node && typeof node === 'object' && isOperation(node) && node.operator === record.operator && Array.isArray(node.args)) {
      for (let i = node.args.length - 1; i >= 0; i--) stack.push(node.args[i]);
    } else operands.push(node);
  }
  return operands;
}

const isOperation = (record: Record<string, unknown>) => record.type === 'expression' && record.subType === 'operation';

/** Levels of one node: expressions, groups and the patterns holding a group, sub-queries; a path or UNION per operands. */
const ONE_LEVEL = new Set(['expression', 'query']);
const PATTERNS_OF_ONE_LEVEL = new Set(['group', 'optional', 'minus', 'graph', 'service', 'filter', 'bind']);

function levelOf(record: Record<string, unknown>): number {
  const type = record.type;
  if (type === 'path' || (type === 'pattern' && record.subType === 'union')) {
    const operands = Array.isArray(record.items) ? record.items.length : Array.isArray(record.patterns) ? record.patterns.length : 1;
    return 1 + Math.floor(operands / CHAIN_TERMS_PER_LEVEL);
  }
  if (ONE_LEVEL.has(String(type))) return 1;
  if (type === 'pattern' && PATTERNS_OF_ONE_LEVEL.has(String(record.subType))) return 1;
  return 0;
}

export interface ServiceTarget { iri?: string; variable?: string; silent: boolean }

/** Every SERVICE in the query, in sub-queries and EXISTS filters too. */
export function serviceTargets(query: Query, names: Namespaces): ServiceTarget[] {
  const found: ServiceTarget[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const item of node) visit(item); return; }
    const record = node as Record<string, unknown>;
    if (record.type === 'term') return;
    if (record.type === 'pattern' && record.subType === 'service') {
      const name = record.name as TermIri | TermVariable;
      const silent = Boolean(record.silent);
      found.push(isVariable(name) ? { variable: name.value, silent } : { iri: iriOf(name as TermIri, names), silent });
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'loc' && value !== null && typeof value === 'object') visit(value);
  };
  visit(query.where);
  return found;
}

/** Whether the query ranges over the named graphs: a GRAPH pattern named by a variable, anywhere in it. */
export function usesGraphVariable(query: Query): boolean {
  const visit = (node: unknown): boolean => {
    if (node === null || typeof node !== 'object') return false;
    if (Array.isArray(node)) return node.some(visit);
    const record = node as Record<string, unknown>;
    if (record.type === 'term') return false;
    if (record.type === 'pattern' && record.subType === 'graph' && isVariable(record.name as TermIri | TermVariable)) return true;
    return Object.entries(record).some(([key, value]) => key !== 'loc' && value !== null && typeof value === 'object' && visit(value));
  };
  return visit(query.where) || visit((query as { template?: unknown }).template);
}

export interface DeclaredDataset { defaultGraphs: string[]; namedGraphs: string[] }

/** The dataset a query declares with FROM / FROM NAMED, if it declares one. */
export function declaredDataset(query: Query, names: Namespaces): DeclaredDataset | undefined {
  const clauses = query.datasets?.clauses ?? [];
  if (clauses.length === 0) return undefined;
  const graphs = (type: 'default' | 'named') => clauses.filter((c) => c.clauseType === type).map((c) => iriOf(c.value, names));
  return { defaultGraphs: graphs('default'), namedGraphs: graphs('named') };
}
