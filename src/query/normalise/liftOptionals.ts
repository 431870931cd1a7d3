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

import { type GraphPattern, type GroupPattern, type Pattern } from 'sparqljs';
import { elementBindings, groupBindings, mentionedVariables } from './scope.js';
import { requiredFirst } from './requiredFirst.js';

export function liftOptionals(patterns: Pattern[]): boolean {
  let changed = false;
  for (let i = 0; i < patterns.length; i++) {
    const nested = patterns[i];
    if (nested.type !== 'group' && nested.type !== 'graph') continue;
    requiredFirst(nested.patterns);
    const lifted: Pattern[] = [];
    while (canLift(nested as GroupPattern | GraphPattern, patterns.slice(0, i))) {
      const optional = nested.patterns.pop()!;
      lifted.unshift(liftedForm(nested as GroupPattern | GraphPattern, optional));
    }
    if (lifted.length === 0) continue;
    patterns.splice(i + 1, 0, ...lifted);
    i += lifted.length;
    changed = true;
  }
  return changed;
}

function liftedForm(nested: GroupPattern | GraphPattern, optional: Pattern): Pattern {
  if (nested.type === 'group') return optional;
  const inner = (optional as { patterns: Pattern[] }).patterns;
  return { type: 'optional', patterns: [{ type: 'graph', name: nested.name, patterns: inner } as GraphPattern] } as Pattern;
}

function canLift(nested: GroupPattern | GraphPattern, before: Pattern[]): boolean {
  const inner = nested.patterns;
  const last = inner[inner.length - 1];
  if (!last || last.type !== 'optional') return false;
  const rest = inner.slice(0, -1);
  if (!rest.some((p) => p.type !== 'filter')) return false;
  const remaining = { ...nested, patterns: rest } as Pattern;
  const certain = elementBindings(remaining).certain;
  // The nested group's filters must be decided by what remains in it.
  for (const filter of rest) if (filter.type === 'filter' && ![...mentionedVariables(filter)].every((v) => certain.has(v))) return false;
  const maybeBefore = groupBindings(before).maybe;
  const optionalVariables = mentionedVariables(liftedForm(nested, last));
  return [...optionalVariables].every((v) => !maybeBefore.has(v) || certain.has(v));
}
