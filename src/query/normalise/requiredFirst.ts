// Rewrite: in a group, required patterns written after an OPTIONAL, MINUS or BIND
// are moved before it, when that cannot change the answers; adjacent basic graph
// patterns are then merged. Engines (Oxigraph among them) plan `A OPTIONAL {B} C`
// as (A ⟕ B) ⋈ C and evaluate C on its own; `A C OPTIONAL {B}` is A ⋈ C, planned
// as one join, and then the optional part.
//
// Why the answers stay the same (bag semantics, as in the SPARQL 1.1 algebra).
// Let G be the elements before the one passed, C the moving element, and write
// dom(μ) for the variables a solution binds. C is evaluated on its own in both
// orders, so only the operator passed matters:
// - OPTIONAL: (G ⟕_F B) ⋈ C = (G ⋈ C) ⟕_F B when every variable of B (its filter F
//   included) that C may bind is certainly bound by G. Then a solution of B and
//   one of C agree wherever both bind (both agree with G there), so joining C
//   before or after B pairs the same solutions, F sees the same values, and a
//   solution of G that finds no partner in B still finds none with C joined.
//   This is the well-designed condition of Pérez, Arenas and Gutierrez (2009).
// - MINUS: (G − M) ⋈ C = (G ⋈ C) − M under the same condition on M: compatibility
//   with a solution of M, and sharing a variable with it, are decided by G's part.
// - BIND(e AS x): Extend(G, x, e) ⋈ C = Extend(G ⋈ C, x, e) when C does not mention
//   x, e's variables that C may bind are certainly bound by G (e gives the same
//   value), and e is deterministic (no RAND, BNODE, UUID, STRUUID).
// - FILTER: filters apply to the whole group wherever they are written.
// Moving a required element past another required element is join commutativity.

import { factory as F, kindOf, type Pattern, type PatternBgp } from '../syntax.js';
import { elementBindings, groupBindings, isNondeterministic, mentionedVariables, REQUIRED } from './scope.js';

const PASSABLE = new Set(['optional', 'minus', 'bind', 'filter']);

export function requiredFirst(patterns: Pattern[]): boolean {
  let changed = false;
  for (let i = 1; i < patterns.length; i++) {
    const moving = patterns[i];
    if (!REQUIRED.has(kindOf(moving))) continue;
    // The leftmost place the element may go: past passable elements only, and
    // past at least one that is not a filter (moving past filters alone gains nothing).
    let scan = i;
    let place = i;
    while (scan > 0 && PASSABLE.has(kindOf(patterns[scan - 1])) && canPass(patterns[scan - 1], moving, patterns.slice(0, scan - 1))) {
      scan--;
      if (kindOf(patterns[scan]) !== 'filter') place = scan;
    }
    if (place === i) continue;
    patterns.splice(i, 1);
    patterns.splice(place, 0, moving);
    changed = true;
  }
  if (changed) mergeAdjacentBgps(patterns);
  return changed;
}

function canPass(passed: Pattern, moving: Pattern, before: Pattern[]): boolean {
  if (passed.type === 'query') return false;
  if (passed.subType === 'filter') return true;
  const certainBefore = groupBindings(before).certain;
  const movingMaybe = elementBindings(moving).maybe;
  const sharedUnbound = (variables: Set<string>) => [...variables].some((v) => movingMaybe.has(v) && !certainBefore.has(v));
  if (passed.subType === 'optional' || passed.subType === 'minus') return !sharedUnbound(mentionedVariables(passed.patterns));
  if (passed.subType === 'bind') {
    if (mentionedVariables(moving).has(passed.variable.value)) return false;
    if (isNondeterministic(passed.expression)) return false;
    return !sharedUnbound(mentionedVariables(passed.expression));
  }
  return false;
}

/** Joins basic graph patterns that have come to stand next to each other. */
function mergeAdjacentBgps(patterns: Pattern[]): void {
  for (let i = patterns.length - 1; i > 0; i--) {
    const [a, b] = [patterns[i - 1], patterns[i]];
    if (kindOf(a) === 'bgp' && kindOf(b) === 'bgp') {
      patterns[i - 1] = F.patternBgp([...(a as PatternBgp).triples, ...(b as PatternBgp).triples], F.gen());
      patterns.splice(i, 1);
    }
  }
}
