// Rewrite (for engines that accept LATERAL, SEP-0006, as Oxigraph does): an
// OPTIONAL of triple patterns becomes LATERAL { OPTIONAL { … } }, which evaluates
// the optional part once per solution of what precedes it, with that solution's
// values put in (index lookups), instead of on its own and then joined (a hash
// join, Oxigraph's plan for an OPTIONAL of more than one pattern). Two cases:
// - the OPTIONAL's only link to what precedes it is a variable that may be
//   unbound there, typically
//     OPTIONAL { ?x :p ?m } OPTIONAL { ?m rdfs:label ?mLabel }
//   Oxigraph joins an OPTIONAL only on variables certainly bound on both sides;
//   with none it compares every solution with every match of the optional part
//   (a label for every node in the dataset);
// - with the dataset's statistics, when looking the optional part up for each
//   solution is estimated to cost less than evaluating it on its own: few
//   solutions before it, many matches of it alone (labels, footnotes, dates).
//
// Why the answers stay the same. For a solution μ, the left join keeps μ ∪ μ′ for
// every solution μ′ of the basic graph pattern B compatible with μ, or μ alone if
// there is none. LATERAL substitutes μ's values into OPTIONAL { B }, which gives the
// solutions of B that agree with μ (restricted to the variables μ leaves open),
// or one empty solution if there are none; joined with μ, that is the same bag.
// Only for an OPTIONAL that is a single basic graph pattern: substitution into
// filters, sub-queries or MINUS differs from the left join.

import { factory as F, kindOf, type Pattern, type PatternBgp } from '../syntax.js';
import { elementBindings, groupBindings } from './scope.js';
import { estimateBgp, estimateSolutions } from './cardinality.js';
import { type DatasetStatistics } from './statistics.js';
import { type GroupContext } from './groups.js';

/** LATERAL { … } (SEP-0006), a pattern Traqula's SPARQL 1.1 tree does not have: written by generate.ts. */
export interface PatternLateral { type: 'pattern'; subType: 'lateral'; patterns: Pattern[]; loc: ReturnType<typeof F.gen> }

export function lateralOptional(patterns: Pattern[], context: GroupContext, stats?: DatasetStatistics): boolean {
  let changed = false;
  for (let i = 0; i < patterns.length; i++) {
    const optional = patterns[i];
    if (optional.type !== 'pattern' || optional.subType !== 'optional' || optional.patterns.length !== 1 || kindOf(optional.patterns[0]) !== 'bgp') continue;
    const bgp = optional.patterns[0] as PatternBgp;
    const before = groupBindings(patterns.slice(0, i));
    const shared = [...elementBindings(bgp).maybe].filter((v) => before.maybe.has(v));
    if (shared.length === 0) continue;
    const joinedOnCertain = shared.some((v) => before.certain.has(v));
    if (joinedOnCertain && !(stats && bgp.triples.length > 1 && cheaperPerSolution(patterns.slice(0, i), bgp, context, stats))) continue;
    const lateral: PatternLateral = { type: 'pattern', subType: 'lateral', patterns: [optional], loc: F.gen() };
    patterns[i] = lateral as unknown as Pattern;
    changed = true;
  }
  return changed;
}

/** Whether looking B up for each solution of `before` is estimated to cost less than evaluating B alone. */
function cheaperPerSolution(before: Pattern[], bgp: PatternBgp, context: GroupContext, stats: DatasetStatistics): boolean {
  const solutions = estimateSolutions(before, context.outerBound, stats, context.namespaces);
  if (!solutions) return false; // too little known of the size of what precedes
  const perSolution = estimateBgp(bgp.triples, solutions.bound, stats, context.namespaces).cost;
  const alone = estimateBgp(bgp.triples, new Set(), stats, context.namespaces).cost;
  return solutions.rows * Math.max(1, perSolution) < alone + solutions.rows;
}
