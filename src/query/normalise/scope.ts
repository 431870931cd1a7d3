// Which variables a part of a query binds, read off the syntax tree.
// Every rewrite's safety condition is stated with three sets:
// - certain: bound in every solution of the part (a triple pattern's variables,
//   not an OPTIONAL's, a UNION's only if every branch binds them);
// - maybe: possibly bound in some solution (the part's in-scope variables);
// - mentioned: every variable written anywhere inside the part, in filters,
//   EXISTS and sub-queries too (a superset, for conservative checks).
// Blank nodes of a basic graph pattern join only inside that pattern, so they are
// never counted as variables shared between parts.

import { isCollection, isVariable, kindOf, type Pattern, type QuerySelect } from '../syntax.js';

export interface Bindings { certain: Set<string>; maybe: Set<string> }

type Node = Record<string, unknown>;

const empty = (): Bindings => ({ certain: new Set(), maybe: new Set() });

/** The bindings of inline data, by its rows (which the rewrites share, never change, and may be many). */
const valuesBindings = new WeakMap<object, Bindings>();

/**
 * Variables of a term, of a triple pattern, or of a collection ([ … ] or ( … ))
 * and the triples it stands for.
 */
export function termVariables(term: unknown, into: Set<string>): void {
  if (isVariable(term)) into.add(term.value);
  else if (isCollection(term)) for (const triple of term.triples) termVariables(triple, into);
  else if ((term as { type?: string })?.type === 'triple') {
    const triple = term as { subject: unknown; predicate: unknown; object: unknown };
    termVariables(triple.subject, into);
    termVariables(triple.predicate, into);
    termVariables(triple.object, into);
  }
}

/** Every variable written anywhere inside a node. */
/** Elements joined with the rest of their group, whose order in it does not matter (join is commutative). */
export const REQUIRED = new Set(['bgp', 'group', 'union', 'graph', 'values', 'query']);

export function mentionedVariables(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (node === null || typeof node !== 'object') return into;
  if (Array.isArray(node)) {
    for (const item of node) mentionedVariables(item, into);
    return into;
  }
  const record = node as Node;
  if (record.type === 'term') {
    if (record.subType === 'variable') into.add(record.value as string);
    return into;
  }
  if (record.type === 'pattern' && record.subType === 'values') {
    // The rows hold constants only: their variables are the declared ones.
    for (const variable of record.variables as { value: string }[]) into.add(variable.value);
    return into;
  }
  for (const [name, value] of Object.entries(record)) {
    if (name === 'loc' || name === 'context') continue;
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
  switch (kindOf(pattern)) {
    case 'bgp': {
      const vars = new Set<string>();
      for (const triple of p.triples as Node[]) termVariables(triple, vars);
      return { certain: vars, maybe: new Set(vars) };
    }
    case 'group':
      return groupBindings(p.patterns as Pattern[]);
    case 'graph': {
      const inner = groupBindings(p.patterns as Pattern[]);
      if (isVariable(p.name)) { inner.certain.add(p.name.value); inner.maybe.add(p.name.value); }
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
      const names = (p.variables as { value: string }[]).map((v) => v.value);
      const certain = new Set<string>();
      for (const name of names) if (rows.length > 0 && rows.every((row) => row[name] !== undefined)) certain.add(name);
      const bindings = { certain, maybe: new Set(names) };
      valuesBindings.set(rows, bindings);
      return { certain: new Set(certain), maybe: new Set(bindings.maybe) };
    }
    case 'bind':
      // The expression may raise an error, which leaves the variable unbound.
      return { certain: new Set(), maybe: new Set([(p.variable as { value: string }).value]) };
    case 'query':
      return subqueryBindings(pattern as QuerySelect);
    case 'service':
      // A SERVICE SILENT that fails yields one empty solution: nothing is certain.
      return { certain: new Set(), maybe: mentionedVariables(p.patterns) };
    default:
      // filter, minus: bind nothing.
      return empty();
  }
}

function subqueryBindings(query: QuerySelect): Bindings {
  const inner = groupBindings(query.where?.patterns ?? []);
  const variables = query.variables ?? [];
  if (variables.length === 1 && (variables[0] as { type?: string }).type === 'wildcard') return inner;
  const aggregated = Boolean(query.solutionModifiers?.group) || hasAggregate(variables);
  const result = empty();
  for (const variable of variables) {
    if (isVariable(variable)) {
      result.maybe.add(variable.value);
      if (!aggregated && inner.certain.has(variable.value)) result.certain.add(variable.value);
    } else if ((variable as { variable?: { value: string } }).variable) {
      result.maybe.add((variable as { variable: { value: string } }).variable.value);
    }
  }
  return result;
}

/** Whether a node, or any node inside it, passes the test (terms are not tested nor looked into). */
export function holds(node: unknown, test: (record: Node) => boolean): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((item) => holds(item, test));
  const record = node as Node;
  if (record.type === 'term') return false;
  if (test(record)) return true;
  for (const [key, value] of Object.entries(record)) if (key !== 'loc' && holds(value, test)) return true;
  return false;
}

/** Whether a node holds an aggregate (COUNT, SUM, GROUP_CONCAT…). */
export function hasAggregate(node: unknown): boolean {
  return holds(node, (record) => record.type === 'expression' && record.subType === 'aggregate');
}

/** Whether an expression contains EXISTS or NOT EXISTS. */
export function hasExists(node: unknown): boolean {
  return holds(node, (record) => record.type === 'expression' && record.subType === 'patternOperation');
}

const NONDETERMINISTIC = new Set(['rand', 'bnode', 'uuid', 'struuid']);

/** Whether evaluating an expression twice on the same solution may give different values. */
export function isNondeterministic(node: unknown): boolean {
  return holds(node, (record) => record.type === 'expression' && record.subType === 'operation' && NONDETERMINISTIC.has(String(record.operator).toLowerCase()));
}
