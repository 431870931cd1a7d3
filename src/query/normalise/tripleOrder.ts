// Rewrite: the triple patterns of each basic graph pattern are put in the order
// of a greedy plan by the dataset's statistics: the pattern with the fewest
// matches first, then always the cheapest pattern that shares a variable with
// those already placed (given what they bind), so that no cartesian product is
// written where a join exists. Variables bound by required elements before the
// pattern in its group (a VALUES, for instance) count as bound. Engines whose own
// estimates cannot tell two patterns apart keep the written order, and the
// written order is now the selective one. Variables bound outside the group (in
// the enclosing group before an OPTIONAL, say) count as bound too.
//
// Why the answers stay the same: a basic graph pattern is a set of triple
// patterns; its solutions do not depend on the order in which they are written
// (its blank nodes are scoped to it and stay in it).

import { factory as F, kindOf, type Pattern } from '../syntax.js';
import { elementBindings, REQUIRED } from './scope.js';
import { greedySteps } from './cardinality.js';
import { type DatasetStatistics } from './statistics.js';
import { type GroupContext } from './groups.js';


export function tripleOrder(patterns: Pattern[], context: GroupContext, stats: DatasetStatistics): boolean {
  let changed = false;
  const bound = new Set<string>(context.outerBound);
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i];
    if (pattern.type === 'pattern' && pattern.subType === 'bgp' && pattern.triples.length > 1) {
      const ordered = greedySteps(pattern.triples, bound, stats, context.namespaces).map((step) => step.triple);
      if (ordered.some((triple, j) => triple !== pattern.triples[j])) {
        patterns[i] = F.patternBgp(ordered, F.gen());
        changed = true;
      }
    }
    if (REQUIRED.has(kindOf(pattern))) for (const v of elementBindings(pattern).certain) bound.add(v);
  }
  return changed;
}
