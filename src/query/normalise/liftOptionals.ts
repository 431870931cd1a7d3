// Rewrite: the OPTIONALs at the end of a nested group (or of a GRAPH pattern) are
// lifted into the enclosing group, right after it, when that cannot change the
// answers: `{ X { A OPTIONAL {B} } C }` becomes `{ X { A } OPTIONAL {B} C }`, and
// `GRAPH g { A OPTIONAL {B} }` becomes `GRAPH g { A } OPTIONAL { GRAPH g { B } }`.
// The required-first rewrite then moves C before the OPTIONAL. Otherwise the
// nested group is a left join inside a join, which engines plan badly (see
// requiredFirst.ts).
//
// Why the answers stay the same. Let P be what precedes the nested group in the
// enclosing one. The group contributes P ⋈ (A ⟕ B), and join commutes, so this is
// (A ⟕ B) ⋈ P = (A ⋈ P) ⟕ B when every variable of B that P may bind is certainly
// bound by A (the well-designed condition, as in requiredFirst.ts); that is
// exactly what `P { A } OPTIONAL {B}` means. A GRAPH pattern distributes over the
// left join: evaluating A ⟕ B in graph g is (A in g) ⟕ (B in g), and with a
// variable graph name the two sides' solutions join on it. The nested group's
// own filters stay with A; they must use only variables A certainly binds, so
// that they give the same verdict with or without B's values.

import { factory as F, type Pattern, type PatternGraph, type PatternGroup } from '../syntax.js';
import { elementBindings, groupBindings, mentionedVariables } from './scope.js';
import { requiredFirst } from './requiredFirst.js';
import { isFilter } from './conjuncts.js';

export function liftOptionals(patterns: Pattern[]): boolean {
  let changed = false;
  for (let i = 0; i < patterns.length; i++) {
    const nested = patterns[i];
    if (nested.type === 'query' || (nested.subType !== 'group' && nested.subType !== 'graph')) continue;
    // Required patterns first, so that the OPTIONALs end the group; on a copy,
    // kept only if something is lifted (required-first reports its own moves).
    const candidate = { ...nested, patterns: [...nested.patterns] };
    requiredFirst(candidate.patterns);
    const lifted: Pattern[] = [];
    while (canLift(candidate, patterns.slice(0, i))) {
      const optional = candidate.patterns.pop()!;
      lifted.unshift(liftedForm(candidate, optional));
    }
    if (lifted.length === 0) continue;
    patterns[i] = candidate;
    patterns.splice(i + 1, 0, ...lifted);
    i += lifted.length;
    changed = true;
  }
  return changed;
}

function liftedForm(nested: PatternGroup | PatternGraph, optional: Pattern): Pattern {
  if (nested.subType === 'group') return optional;
  const inner = (optional as { patterns: Pattern[] }).patterns;
  return F.patternOptional([F.patternGraph(nested.name, inner, F.gen())], F.gen());
}

function canLift(nested: PatternGroup | PatternGraph, before: Pattern[]): boolean {
  const inner = nested.patterns;
  const last = inner[inner.length - 1];
  if (!last || last.type !== 'pattern' || last.subType !== 'optional') return false;
  const rest = inner.slice(0, -1);
  if (!rest.some((p) => !isFilter(p))) return false;
  const remaining = { ...nested, patterns: rest } as Pattern;
  const certain = elementBindings(remaining).certain;
  // The nested group's filters must be decided by what remains in it.
  for (const filter of rest) if (isFilter(filter) && ![...mentionedVariables(filter)].every((v) => certain.has(v))) return false;
  const maybeBefore = groupBindings(before).maybe;
  const optionalVariables = mentionedVariables(liftedForm(nested, last));
  return [...optionalVariables].every((v) => !maybeBefore.has(v) || certain.has(v));
}
