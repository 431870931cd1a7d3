// Visits every group graph pattern of a query, outermost first, so that a rewrite
// may move something into an inner group and see it again there. Each visit is
// told which variables are bound when the group is evaluated in the usual plan:
// those certainly bound by the required elements before it in the enclosing
// groups (an OPTIONAL's group is evaluated for each solution of what precedes
// it). A sub-select and a MINUS are evaluated on their own. The patterns of EXISTS
// and NOT EXISTS are left alone (they are evaluated with each solution substituted
// into them, where the reasoning of the rewrites does not apply as stated), and so
// are SERVICE patterns (another engine plans them).

import { kindOf, type Namespaces, type Pattern, type Query } from '../syntax.js';
import { elementBindings, REQUIRED } from './scope.js';

export interface GroupContext {
  /** Variables bound before the group is evaluated, in the usual plan. */
  outerBound: ReadonlySet<string>;
  /**
   * The group of an OPTIONAL: its top-level filters are the condition of the left
   * join and see the solution of what precedes the OPTIONAL too.
   */
  optional: boolean;
  /** The query's prefixes and BASE, to read the IRIs it writes. */
  namespaces: Namespaces;
  /** The group is (inside) a GRAPH pattern's: evaluated against a named graph. */
  inGraph?: boolean;
}

type Visit = (patterns: Pattern[], context: GroupContext) => boolean;


/** Calls `visit` on each group's list of elements; true if any call changed something. */
export function forEachGroup(query: Query, namespaces: Namespaces, visit: Visit): boolean {
  return query.where ? visitGroup(query.where.patterns, { outerBound: new Set(), optional: false, namespaces }, visit) : false;
}

function visitGroup(patterns: Pattern[], context: GroupContext, visit: Visit): boolean {
  let changed = visit(patterns, context);
  const bound = new Set(context.outerBound);
  for (const pattern of patterns) {
    changed = visitElement(pattern, bound, context.namespaces, visit, context.inGraph ?? false) || changed;
    if (REQUIRED.has(kindOf(pattern))) for (const v of elementBindings(pattern).certain) bound.add(v);
  }
  return changed;
}

function visitElement(pattern: Pattern, bound: ReadonlySet<string>, namespaces: Namespaces, visit: Visit, inGraph: boolean): boolean {
  if (pattern.type === 'query') return forEachGroup(pattern, namespaces, visit);
  switch (pattern.subType) {
    case 'group':
      return visitGroup(pattern.patterns, { outerBound: bound, optional: false, namespaces, inGraph }, visit);
    case 'graph':
      return visitGroup(pattern.patterns, { outerBound: bound, optional: false, namespaces, inGraph: true }, visit);
    case 'optional':
      return visitGroup(pattern.patterns, { outerBound: bound, optional: true, namespaces, inGraph }, visit);
    case 'minus':
      return visitGroup(pattern.patterns, { outerBound: new Set(), optional: false, namespaces, inGraph }, visit);
    case 'union': {
      // Every branch is a group.
      let changed = false;
      for (const branch of pattern.patterns) changed = visitElement(branch, bound, namespaces, visit, inGraph) || changed;
      return changed;
    }
    default:
      return false;
  }
}
