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

import { factory as F, kindOf, type Expression, type Pattern, type QuerySelect } from '../syntax.js';
import { elementBindings, groupBindings, hasExists, isNondeterministic, mentionedVariables } from './scope.js';
import { takeConjuncts } from './conjuncts.js';

export function filterPushdown(patterns: Pattern[]): boolean {
  const own = groupBindings(patterns.filter((p) => kindOf(p) === 'bgp' || kindOf(p) === 'values')).certain;
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
function subSelectOf(pattern: Pattern): QuerySelect | undefined {
  if (pattern.type === 'query') return pattern;
  if (pattern.subType === 'group' && pattern.patterns.length === 1 && pattern.patterns[0].type === 'query') return pattern.patterns[0];
  return undefined;
}

function accepts(pattern: Pattern, variables: Set<string>): boolean {
  const subSelect = subSelectOf(pattern);
  if (subSelect) {
    const modifiers = subSelect.solutionModifiers ?? {};
    if (modifiers.limitOffset?.limit !== undefined || modifiers.limitOffset?.offset !== undefined || modifiers.group || modifiers.having) return false;
    // elementBindings counts a projected variable as certain only when it is
    // projected as itself and the sub-select does not aggregate.
    return within(variables, elementBindings(subSelect).certain);
  }
  if (pattern.type === 'query') return false;
  switch (pattern.subType) {
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
  const filter = F.patternFilter(expression, F.gen());
  const subSelect = subSelectOf(pattern);
  if (subSelect) subSelect.where.patterns.push(filter);
  else if (pattern.type === 'query') return;
  else if (pattern.subType === 'group' || pattern.subType === 'graph') pattern.patterns.push(filter);
  else if (pattern.subType === 'union') for (const branch of pattern.patterns) pushInto(branch, expression);
}
