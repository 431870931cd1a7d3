// Rewrite: a FILTER (or one && operand of it) moves into the smallest group that
// certainly binds all its variables: a nested group, every branch of a UNION, a
// GRAPH pattern, or a sub-select that projects them unchanged. It stays where it
// is when a basic graph pattern of its own group binds them (that group is the
// smallest), when it uses EXISTS (evaluated with the whole solution substituted),
// or when it is not deterministic.
//
// Why the answers stay the same. A group's filter applies to its joined solutions
// μ = μ₁ ∪ μ₂ ∪ …; if every variable of the filter is bound in every solution μ₂ of
// one required part P₂, its value in μ is μ₂'s (compatible solutions agree), so
// the filter keeps the same joined solutions whether it is applied to μ or to μ₂
// inside P₂. Inside an OPTIONAL's group, where a top-level filter is the
// condition of the left join, the same holds: the condition is decided by the
// optional side's values alone. A UNION distributes a filter over its branches;
// a sub-select without LIMIT, OFFSET or aggregation commutes with a filter on
// variables it projects.

import { type Expression, type Pattern, type SelectQuery } from 'sparqljs';
import { elementBindings, groupBindings, hasExists, isNondeterministic, mentionedVariables } from './scope.js';
import { takeConjuncts } from './conjuncts.js';

export function filterPushdown(patterns: Pattern[]): boolean {
  const own = groupBindings(patterns.filter((p) => p.type === 'bgp' || p.type === 'values')).certain;
  return takeConjuncts(patterns, (conjunct) => {
    if (hasExists(conjunct) || isNondeterministic(conjunct)) return false;
    const variables = mentionedVariables(conjunct);
    if (variables.size === 0 || [...variables].every((v) => own.has(v))) return false;
    const target = patterns.find((p) => accepts(p, variables));
    if (!target) return false;
    pushInto(target, conjunct);
    return true;
  });
}

const within = (variables: Set<string>, certain: Set<string>) => [...variables].every((v) => certain.has(v));

/** A group holding only a sub-select stands for the sub-select (nothing else may be written in its braces). */
function subSelectOf(pattern: Pattern): SelectQuery | undefined {
  if (pattern.type === 'query') return pattern as SelectQuery;
  if (pattern.type === 'group' && pattern.patterns.length === 1 && pattern.patterns[0].type === 'query') return pattern.patterns[0] as SelectQuery;
  return undefined;
}

function accepts(pattern: Pattern, variables: Set<string>): boolean {
  const subSelect = subSelectOf(pattern);
  if (subSelect) {
    if (subSelect.limit !== undefined || subSelect.offset !== undefined || subSelect.group || subSelect.having) return false;
    // elementBindings counts a projected variable as certain only when it is
    // projected as itself and the sub-select does not aggregate.
    return within(variables, elementBindings(subSelect).certain);
  }
  switch (pattern.type) {
    case 'group':
    case 'graph':
      return within(variables, groupBindings(pattern.patterns).certain);
    case 'union':
      return pattern.patterns.every((branch) => accepts(branch, variables));
    default:
      return false;
  }
}

function pushInto(pattern: Pattern, expression: Expression): void {
  const filter = { type: 'filter', expression } as Pattern;
  const subSelect = subSelectOf(pattern);
  if (subSelect) (subSelect.where ??= []).push(filter);
  else if (pattern.type === 'group' || pattern.type === 'graph') pattern.patterns.push(filter);
  else if (pattern.type === 'union') for (const branch of pattern.patterns) pushInto(branch, expression);
}
