// The query normaliser: rewrites of the parsed query that cannot change its
// answers but let the engine find a good plan for a query written the way people
// write them (required patterns after an OPTIONAL, a filter far from what it
// tests, the selective pattern last). Each rewrite is in its own file with the
// argument for why it is safe. The text is regenerated (Traqula's Generator)
// only when a rewrite applied; anything the normaliser cannot handle leaves the
// query as the client wrote it — the normaliser never makes a query fail.

import { type Namespaces, type Pattern, type Query } from '../syntax.js';
import { type ParsedQuery } from '../parse.js';
import { type DatasetStatistics } from './statistics.js';
import { forEachGroup, type GroupContext } from './groups.js';
import { graphScope } from './graphScope.js';
import { filterConstants } from './filterConstants.js';
import { requiredFirst } from './requiredFirst.js';
import { notExistsToMinus } from './notExistsToMinus.js';
import { liftOptionals } from './liftOptionals.js';
import { valuesJoin } from './valuesJoin.js';
import { filterPushdown } from './filterPushdown.js';
import { tripleOrder } from './tripleOrder.js';
import { lateralOptional } from './lateralOptional.js';
import { generateQuery } from './generate.js';
import { hasGraphBlindGroup } from './graphBinding.js';

export interface NormalisedQuery {
  /** The rewritten query, complete (its prefixes declared). */
  text: string;
  /** The rewrites that applied, in order. */
  rewrites: string[];
}

export interface NormaliseOptions {
  /** The dataset's statistics (without them, triple patterns keep their order). */
  statistics?: DatasetStatistics;
  /** The engine accepts LATERAL (SEP-0006), as Oxigraph does. */
  lateral?: boolean;
  /** The engine loses the graph of a GRAPH group that reads none (Oxigraph 0.5): write those groups as it answers right (graphScope.ts). */
  graphScope?: boolean;
  /** Run every query as written. */
  off?: boolean;
}

type Rewrite = { name: string; apply(patterns: Pattern[], context: GroupContext, options: NormaliseOptions): boolean };

/** In this order: the engine's GRAPH faults, then constants and MINUS first (they change what is required), then the moves, then the order. */
const REWRITES: Rewrite[] = [
  // First: the others then see GRAPH patterns in the forms the engine answers right.
  { name: 'graph-scope', apply: (patterns, _context, options) => (options.graphScope ? graphScope(patterns) : false) },
  { name: 'filter-constants', apply: filterConstants },
  { name: 'not-exists-to-minus', apply: (patterns, context, options) => notExistsToMinus(patterns, context, options.statistics) },
  { name: 'lift-optionals', apply: liftOptionals },
  { name: 'required-first', apply: requiredFirst },
  // After required-first (the required elements it moves are then in the leading run it wraps),
  // before filter-pushdown (which may move a filter into the sub-select) and triple-order.
  { name: 'values-join', apply: (patterns, context, options) => valuesJoin(patterns, context, options.statistics) },
  { name: 'filter-pushdown', apply: filterPushdown },
  { name: 'triple-order', apply: (patterns, context, options) => (options.statistics ? tripleOrder(patterns, context, options.statistics) : false) },
  { name: 'lateral-optional', apply: (patterns, context, options) => (options.lateral ? lateralOptional(patterns, context, options.statistics) : false) },
];

/** Results per parse: the parse cache keeps a parse alive as long as it is reused. */
const memo = new WeakMap<ParsedQuery, { options: NormaliseOptions; result: NormalisedQuery | undefined }>();

/** The rewritten query, or undefined when no rewrite applies (or the normaliser failed). */
export function normaliseQuery(parsed: ParsedQuery, options: NormaliseOptions = {}): NormalisedQuery | undefined {
  if (options.off) return undefined;
  const known = memo.get(parsed);
  if (known && known.options.statistics === options.statistics && known.options.lateral === options.lateral && known.options.graphScope === options.graphScope) return known.result;
  let result: NormalisedQuery | undefined;
  try {
    result = normalise(parsed, options);
  } catch {
    result = undefined;
  }
  memo.set(parsed, { options, result });
  return result;
}

function normalise(parsed: ParsedQuery, options: NormaliseOptions): NormalisedQuery | undefined {
  const ast = parsed.ast;
  if (!ast.where || sharesBlankNodes(ast)) return undefined;
  const query = copyTree(ast);
  const names: Namespaces = parsed.namespaces;
  const rewrites = REWRITES.filter((rewrite) => forEachGroup(query, names, (patterns, context) => rewrite.apply(patterns, context, options))).map((r) => r.name);
  if (rewrites.length === 0) return undefined;
  // The engine would lose a GRAPH's graph in the rewritten form (graphBinding.ts): run the query as written.
  if (hasGraphBlindGroup(query.where)) return undefined;
  // The predeclared prefixes the query uses without declaring them, declared in front (as prepare.ts does).
  const head = Object.entries(names.prefixes)
    .filter(([prefix]) => !parsed.declaredPrefixes.has(prefix))
    .map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>\n`).join('');
  return { text: head + generateQuery(query), rewrites };
}

/**
 * A copy of the syntax tree that the rewrites may change: the parse is cached and
 * shared. Terms, source locations and the prologue are never changed and are
 * shared; so are the rows of VALUES.
 */
function copyTree<T>(node: T): T {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(copyTree) as T;
  const record = node as Record<string, unknown>;
  if (record.type === 'term') return node;
  const copy: Record<string, unknown> = {};
  // Rows of inline data are never changed by a rewrite (and may be thousands): shared.
  for (const [key, value] of Object.entries(record)) {
    copy[key] = key === 'loc' || key === 'context' || (key === 'values' && record.subType === 'values') ? value : copyTree(value);
  }
  return copy as T;
}

/**
 * Whether one blank-node label is written in two basic graph patterns (SPARQL
 * forbids it and the parser refuses it; checked again because merging patterns would
 * join what the query keeps apart): such queries are left alone.
 */
function sharesBlankNodes(ast: Query): boolean {
  const owner = new Map<string, object>();
  let shared = false;
  const visit = (node: unknown, bgp: object | undefined): void => {
    if (shared || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const item of node) visit(item, bgp); return; }
    const record = node as Record<string, unknown>;
    if (record.type === 'term') {
      if (record.subType !== 'blankNode') return;
      const label = String(record.label);
      const first = owner.get(label);
      if (first && first !== bgp) shared = true;
      owner.set(label, bgp ?? record);
      return;
    }
    const inner = record.type === 'pattern' && record.subType === 'bgp' ? record : bgp;
    for (const [key, value] of Object.entries(record)) if (key !== 'loc' && key !== 'context' && key !== 'template') visit(value, inner);
  };
  visit(ast.where, undefined);
  return shared;
}
