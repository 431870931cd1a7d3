// Which variables a part of a query binds, read off the sparqljs syntax tree.
// Every rewrite's safety condition is stated with three sets:
// - certain: bound in every solution of the part (a triple pattern's variables,
//   not an OPTIONAL's, a UNION's only if every branch binds them);
// - maybe: possibly bound in some solution (the part's in-scope variables);
// - mentioned: every variable written anywhere inside the part, in filters,
//   EXISTS and sub-queries too (a superset, for conservative checks).
// Blank nodes of a basic graph pattern join only inside that pattern, so they are
// never counted as variables shared between parts.

import { type Pattern, type Query } from 'sparqljs';

export interface Bindings { certain: Set<string>; maybe: Set<string> }

type Node = Record<string, unknown>;

const empty = (): Bindings => ({ certain: new Set(), maybe: new Set() });

/** The bindings of inline data, by its rows (which the rewrites share, never change, and may be many). */
const valuesBindings = new WeakMap<object, Bindings>();

/** Variables of a term (a quoted triple's too). */
export function termVariables(term: unknown, into: Set<string>): void {
  const t = term as { termType?: string; value?: string; subject?: unknown; predicate?: unknown; object?: unknown; graph?: unknown; type?: string; items?: unknown[] };
  if (!t || typeof t !== 'object') return;
  if (t.termType === 'Variable') into.add(t.value!);
  else if (t.termType === 'Quad') for (const part of [t.subject, t.predicate, t.object, t.graph]) termVariables(part, into);
}

/** Every variable written anywhere inside a node. */
export function mentionedVariables(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (node === null || typeof node !== 'object') return into;
  if (Array.isArray(node)) {
    for (const item of node) mentionedVariables(item, into);
    return into;
  }
  const record = node as Node;
  if (typeof record.termType === 'string') {
    termVariables(record, into);
    return into;
  }
  if (record.type === 'values' && Array.isArray(record.values)) {
    for (const row of record.values as Record<string, unknown>[]) for (const name of Object.keys(row)) into.add(name.slice(1));
  }
  for (const [name, value] of Object.entries(record)) {
    if (name === 'prefixes') continue;
    if (value !== null && typeof value === 'object') mentionedVariables(value, into);
  }
  return into;
}

/** The bindings of a group's elements joined together (filters bind nothing). */
export function groupBindings(patterns: readonly Pattern[]): Bindings {
  const result = empty();
  for (const pattern of patterns) {
    const part = elementBindings(pattern);
    for (const v of part.certain) result.certain.add(v);
    for (const v of part.maybe) result.maybe.add(v);
  }
  return result;
}

export function elementBindings(pattern: Pattern): Bindings {
  const p = pattern as unknown as Node;
  switch (p.type) {
    case 'bgp': {
      const vars = new Set<string>();
      for (const triple of p.triples as Node[]) {
        termVariables(triple.subject, vars);
        termVariables(triple.predicate, vars);
        termVariables(triple.object, vars);
      }
      return { certain: vars, maybe: new Set(vars) };
    }
    case 'group':
      return groupBindings(p.patterns as Pattern[]);
    case 'graph': {
      const inner = groupBindings(p.patterns as Pattern[]);
      const name = p.name as { termType: string; value: string };
      if (name.termType === 'Variable') { inner.certain.add(name.value); inner.maybe.add(name.value); }
      return inner;
    }
    case 'optional':
      return { certain: new Set(), maybe: groupBindings(p.patterns as Pattern[]).maybe };
    case 'union': {
      const branches = (p.patterns as Pattern[]).map(elementBindings);
      const maybe = new Set(branches.flatMap((branch) => [...branch.maybe]));
      const certain = new Set([...(branches[0]?.certain ?? [])].filter((v) => branches.every((branch) => branch.certain.has(v))));
      return { certain, maybe };
    }
    case 'values': {
      const rows = p.values as Record<string, unknown>[];
      const known = valuesBindings.get(rows);
      if (known) return { certain: new Set(known.certain), maybe: new Set(known.maybe) };
      const keys = new Set<string>();
      for (const row of rows) for (const name of Object.keys(row)) keys.add(name);
      const certain = new Set<string>();
      for (const name of keys) if (rows.length > 0 && rows.every((row) => row[name] !== undefined)) certain.add(name.slice(1));
      const bindings = { certain, maybe: new Set([...keys].map((name) => name.slice(1))) };
      valuesBindings.set(rows, bindings);
      return { certain: new Set(certain), maybe: new Set(bindings.maybe) };
    }
    case 'bind':
      // The expression may raise an error, which leaves the variable unbound.
      return { certain: new Set(), maybe: new Set([(p.variable as { value: string }).value]) };
    case 'query':
      return subqueryBindings(p as unknown as Query);
    case 'service':
      // A SERVICE SILENT that fails yields one empty solution: nothing is certain.
      return { certain: new Set(), maybe: mentionedVariables(p.patterns) };
    default:
      // filter, minus: bind nothing.
      return empty();
  }
}

function subqueryBindings(query: Query): Bindings {
  const inner = groupBindings((query.where ?? []) as Pattern[]);
  const variables = (query as { variables?: unknown[] }).variables ?? [];
  if (variables.length === 1 && (variables[0] as { termType?: string }).termType === 'Wildcard') return inner;
  const aggregated = Boolean((query as { group?: unknown }).group) || hasAggregate(variables);
  const result = empty();
  for (const variable of variables) {
    const v = variable as { termType?: string; value?: string; variable?: { value: string } };
    if (v.termType === 'Variable') {
      result.maybe.add(v.value!);
      if (!aggregated && inner.certain.has(v.value!)) result.certain.add(v.value!);
    } else if (v.variable) {
      result.maybe.add(v.variable.value);
    }
  }
  return result;
}

function hasAggregate(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasAggregate);
  const record = node as Node;
  if (record.type === 'aggregate') return true;
  if (typeof record.termType === 'string') return false;
  return Object.values(record).some(hasAggregate);
}

/** Whether an expression contains EXISTS or NOT EXISTS. */
export function hasExists(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasExists);
  const record = node as Node;
  if (record.type === 'operation' && (record.operator === 'exists' || record.operator === 'notexists')) return true;
  if (typeof record.termType === 'string') return false;
  return Object.values(record).some(hasExists);
}

const NONDETERMINISTIC = new Set(['rand', 'bnode', 'uuid', 'struuid']);

/** Whether evaluating an expression twice on the same solution may give different values. */
export function isNondeterministic(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(isNondeterministic);
  const record = node as Node;
  if (record.type === 'operation' && NONDETERMINISTIC.has(String(record.operator).toLowerCase())) return true;
  if (typeof record.termType === 'string') return false;
  return Object.values(record).some(isNondeterministic);
}
