// Rewrite (conformance): GRAPH patterns the embedded engine answers wrongly
// (Oxigraph 0.5.11, see graphBinding.ts; fixed upstream by oxigraph#1758, not
// yet released) are written in equivalent forms it answers right. Two shapes:
//
// 1. A group that reads no data at all (VALUES, BIND, FILTER without EXISTS,
//    nested groups of those): `GRAPH ?g { VALUES ?c { :x } }` gives one solution
//    without ?g instead of one per named graph. It becomes
//    `{ GRAPH ?g { } { VALUES ?c { :x } } }`.
//    Why the answers stay the same: by the algebra, Graph(g, P) is the union over
//    the named graphs i of eval(P in i) joined with g = i. When P reads no data,
//    eval(P in i) is the same E for every i, so the union is E joined with the
//    union of the g = i, which is Graph(g, the empty pattern). For a graph IRI
//    that is not a named graph, both are empty.
//
// 2. A sub-select that is a GRAPH's whole group, with a variable graph name:
//    the engine evaluates it over every graph at once and leaves ?g unbound
//    (`GRAPH ?g { SELECT (COUNT(*) AS ?n) { ?s ?p ?o } }` gives one total). The
//    GRAPH moves into the sub-select, which projects ?g and, if it groups, groups
//    by ?g too: `{ SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g }`.
//    Why: evaluating Project(P) in each graph i and joining g = i is projecting
//    Graph(g, P) onto the variables and g; DISTINCT and groups are then per
//    graph because g is among their keys; HAVING is evaluated per group as
//    before. Not with LIMIT or OFFSET (they would slice per graph), nor when the
//    sub-select mentions ?g itself (a different variable in its scope) or ends
//    in a VALUES clause. An
//    aggregate without GROUP BY makes one group per graph even when the graph
//    has no solution (COUNT gives 0): those graphs are added by a second branch,
//    `{ GRAPH ?g { } FILTER NOT EXISTS { GRAPH ?g { P } } { SELECT … WHERE { empty } } }`,
//    whose sub-select aggregates no solution, as the spec's empty group does.

import { factory as F, isVariable, kindOf, type Expression, type Pattern, type PatternGraph, type QuerySelect, type TermVariable } from '../syntax.js';
import { hasAggregate, holds, mentionedVariables } from './scope.js';
import { Parser } from '@traqula/parser-sparql-1-1';

export function graphScope(patterns: Pattern[]): boolean {
  let changed = false;
  for (let i = 0; i < patterns.length; i++) {
    const element = patterns[i];
    if (kindOf(element) !== 'graph') continue;
    const graph = element as PatternGraph;
    const replacement = dataFreeGraph(graph) ?? subSelectGraph(graph);
    if (!replacement) continue;
    patterns[i] = replacement;
    changed = true;
  }
  return changed;
}

/** Shape 1: `{ GRAPH name { } { P } }` for a non-empty P that reads no data. */
function dataFreeGraph(graph: PatternGraph): Pattern | undefined {
  if (graph.patterns.length === 0 || !readsNoData(graph.patterns)) return undefined;
  // A group of filters alone is evaluated right (the filter keeps its empty start).
  if (graph.patterns.every((p) => kindOf(p) === 'filter')) return undefined;
  return F.patternGroup([F.patternGraph(graph.name, [], F.gen()), F.patternGroup(graph.patterns, F.gen())], F.gen());
}

/** No triple pattern, path, sub-select, GRAPH, SERVICE or EXISTS anywhere inside. */
function readsNoData(node: unknown): boolean {
  return !holds(node, (record) => record.type === 'query'
    || (record.type === 'pattern' && (record.subType === 'graph' || record.subType === 'service'))
    || (record.type === 'pattern' && record.subType === 'bgp' && (record.triples as unknown[]).length > 0)
    || (record.type === 'expression' && record.subType === 'patternOperation'));
}

/** Shape 2: the GRAPH inside the sub-select, projected (and grouped) by the graph variable. */
function subSelectGraph(graph: PatternGraph): Pattern | undefined {
  if (!isVariable(graph.name) || graph.patterns.length !== 1 || kindOf(graph.patterns[0]) !== 'query') return undefined;
  const sub = graph.patterns[0] as QuerySelect;
  const name = graph.name as TermVariable;
  if (sub.subType !== 'select' || !sub.where) return undefined;
  const modifiers = sub.solutionModifiers ?? {};
  // A trailing VALUES would have to go into the NOT EXISTS of the graphs without solutions too: left alone.
  if (modifiers.limitOffset || (sub as { values?: unknown }).values) return undefined;
  if (mentionedVariables(sub).has(name.value)) return undefined;
  const wildcard = sub.variables.length === 1 && (sub.variables[0] as { type?: string }).type === 'wildcard';
  const variables = wildcard ? sub.variables : [...sub.variables, name];
  const inGraph = F.patternGroup([F.patternGraph(name, sub.where.patterns, F.gen())], F.gen());
  const aggregates = hasAggregate(sub.variables) || Boolean(modifiers.having);
  const grouped = modifiers.group ?? (aggregates ? F.solutionModifierGroup([], F.gen()) : undefined);
  const perGraph = F.querySelect({
    ...sub,
    where: inGraph,
    variables,
    solutionModifiers: { ...modifiers, ...(grouped ? { group: { ...grouped, groupings: [...grouped.groupings, name] } } : {}) },
  } as never, F.gen());
  // In a group of their own: the generator writes the braces of a group, not of a sub-select.
  if (!aggregates || modifiers.group) return F.patternGroup([perGraph], F.gen());
  // An implicit group: the graphs where the pattern has no solution still give their one row.
  const empty = F.querySelect({ ...sub, where: F.patternGroup(emptyPattern(sub), F.gen()) } as never, F.gen());
  // A copy: later rewrites change the sub-select's patterns in place, never those of NOT EXISTS.
  const notExists = F.expressionPatternOperation('notexists', F.patternGroup([F.patternGraph(name, structuredClone(sub.where.patterns), F.gen())], F.gen()), F.gen());
  const withoutSolutions = F.patternGroup([F.patternGraph(name, [], F.gen()), F.patternFilter(notExists as Expression, F.gen()), F.patternGroup([empty], F.gen())], F.gen());
  return F.patternUnion([F.patternGroup([perGraph], F.gen()), withoutSolutions], F.gen());
}

const parser = new Parser();

/**
 * A pattern with no solution that the engine does not see as empty before it
 * aggregates (it drops the row of COUNT over `FILTER (false)` or an empty
 * VALUES, against the spec), on a variable the sub-select does not use.
 */
function emptyPattern(sub: QuerySelect): Pattern[] {
  const used = mentionedVariables(sub);
  let fresh = 'graphScope';
  for (let n = 1; used.has(fresh); n++) fresh = `graphScope${n}`;
  const query = parser.parse(`SELECT * WHERE { BIND (1 AS ?${fresh}) FILTER (?${fresh} = 2) }`) as QuerySelect;
  return query.where!.patterns;
}
