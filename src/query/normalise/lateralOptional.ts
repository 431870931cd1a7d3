// Rewrite (for engines that accept LATERAL, SEP-0006, as Oxigraph does): an
// OPTIONAL whose only link to what precedes it is a variable that may be unbound
// there becomes LATERAL { OPTIONAL { … } }. Typically
//   OPTIONAL { ?x :p ?m } OPTIONAL { ?m rdfs:label ?mLabel }
// Oxigraph joins an OPTIONAL on the variables certainly bound on both sides; with
// none, it compares every solution with every match of the optional part (a
// label for every node in the dataset). LATERAL evaluates the optional part once
// per solution with that solution's values put in: an index lookup when ?m is
// bound, and all matches, as the semantics demands, when it is not.
//
// Why the answers stay the same. For a solution μ, the left join keeps μ ∪ μ′ for
// every solution μ′ of the basic graph pattern B compatible with μ, or μ alone if
// there is none. LATERAL substitutes μ's values into OPTIONAL { B }, which gives the
// solutions of B that agree with μ (restricted to the variables μ leaves open),
// or one empty solution if there are none; joined with μ, that is the same bag.
// Only for an OPTIONAL that is a single basic graph pattern: substitution into
// filters, sub-queries or MINUS differs from the left join.

import { type Pattern } from 'sparqljs';
import { elementBindings, groupBindings } from './scope.js';

export function lateralOptional(patterns: Pattern[]): boolean {
  let changed = false;
  for (let i = 0; i < patterns.length; i++) {
    const optional = patterns[i];
    if (optional.type !== 'optional' || optional.patterns.length !== 1 || optional.patterns[0].type !== 'bgp') continue;
    const before = groupBindings(patterns.slice(0, i));
    const shared = [...elementBindings(optional.patterns[0]).maybe].filter((v) => before.maybe.has(v));
    if (shared.length === 0 || shared.some((v) => before.certain.has(v))) continue;
    patterns[i] = { type: 'lateral', patterns: [optional] } as unknown as Pattern;
    changed = true;
  }
  return changed;
}
