// Rewrite: FILTER NOT EXISTS { triple patterns } becomes MINUS { the same } at the
// end of the group, when the group certainly binds one of the pattern's
// variables and, with the dataset's statistics, MINUS is estimated to cost less.
// An engine evaluates NOT EXISTS once per solution, its patterns in the order
// written (Oxigraph does not reorder them by what the solution binds), with a
// fixed cost for each evaluation; MINUS evaluates the pattern once and removes
// the matching solutions with a hash lookup. Which is cheaper depends on the
// sizes: many solutions and a small pattern (a label for every entity, minus
// those with a passage) favour MINUS; a few solutions and a pattern that is large
// on its own (the one document's most specific class, against every typed node)
// favour NOT EXISTS. Without statistics, MINUS (the old rule).
//
// Why the answers stay the same. For a solution μ of the group, NOT EXISTS {P}
// substitutes μ's values into P and asks for a match: for a basic graph pattern
// that is "some solution of P is compatible with μ". MINUS {P} removes μ when some
// solution of P is compatible with μ and shares a variable with it. A solution of
// a basic graph pattern binds all its variables, and μ binds the certainly bound
// one, so they always share it: the two remove the same solutions. Filters apply
// to the whole group, so the MINUS goes last. Not in an OPTIONAL's group, whose
// filters also see the solution of what precedes the OPTIONAL.

import { factory as F, type Pattern, type PatternBgp } from '../syntax.js';
import { elementBindings, groupBindings } from './scope.js';
import { takeConjuncts } from './conjuncts.js';
import { estimateBgp, estimateSolutions } from './cardinality.js';
import { type DatasetStatistics } from './statistics.js';
import { type GroupContext } from './groups.js';

/**
 * What one evaluation of NOT EXISTS costs beyond its lookups, in rows produced:
 * Oxigraph spends about 100 µs per solution on a two-pattern NOT EXISTS whose
 * lookups are bound (6,500 labels: 660 ms), against about 1 µs per row of a lookup.
 */
const PER_EVALUATION = 100;

export function notExistsToMinus(patterns: Pattern[], context: GroupContext, stats?: DatasetStatistics): boolean {
  if (context.optional) return false;
  const certain = groupBindings(patterns).certain;
  const solutions = stats && estimateSolutions(patterns, context.outerBound, stats, context.namespaces);
  const minus: Pattern[] = [];
  const changed = takeConjuncts(patterns, (conjunct) => {
    const e = conjunct as { type?: string; subType?: string; operator?: string; args?: unknown };
    if (e.type !== 'expression' || e.subType !== 'patternOperation' || e.operator !== 'notexists') return false;
    const bgp = onlyTriples(e.args);
    if (!bgp || ![...elementBindings(bgp).certain].some((v) => certain.has(v))) return false;
    if (stats && solutions) {
      const perSolution = PER_EVALUATION + estimateBgp(bgp.triples, solutions.bound, stats, context.namespaces, 'written').cost;
      const once = estimateBgp(bgp.triples, new Set(), stats, context.namespaces).cost + solutions.rows;
      if (solutions.rows * perSolution <= once) return false;
    }
    minus.push(F.patternMinus([bgp], F.gen()));
    return true;
  });
  patterns.push(...minus);
  return changed;
}

/** The basic graph pattern a NOT EXISTS group consists of, if it is nothing else. */
function onlyTriples(group: unknown): PatternBgp | undefined {
  const g = group as { type?: string; subType?: string; patterns?: Pattern[] };
  if (g?.type !== 'pattern') return undefined;
  if (g.subType === 'bgp') return g as PatternBgp;
  if (g.subType !== 'group' || g.patterns?.length !== 1) return undefined;
  return onlyTriples(g.patterns[0]);
}
