// A filter's expression as the list of its && operands, and back. Splitting is
// safe: FILTER(a && b) keeps a solution exactly when a and b are both true, which
// is what FILTER(a) FILTER(b) does (an error counts as false in both).

import { factory as F, type Expression, type Pattern, type PatternFilter } from '../syntax.js';

export function conjuncts(expression: Expression): Expression[] {
  const e = expression as { type?: string; subType?: string; operator?: string; args?: Expression[] };
  if (e.type === 'expression' && e.subType === 'operation' && e.operator === '&&' && e.args?.length === 2) return [...conjuncts(e.args[0]), ...conjuncts(e.args[1])];
  return [expression];
}

export function conjunction(parts: Expression[]): Expression {
  return parts.reduce((left, right) => F.expressionOperation('&&', [left, right], F.gen()));
}

export const isFilter = (pattern: Pattern): pattern is PatternFilter => pattern.type === 'pattern' && pattern.subType === 'filter';

/**
 * Splits each filter of a group and lets `take` claim conjuncts; a filter left
 * with none is removed. True if any conjunct was taken.
 */
export function takeConjuncts(patterns: Pattern[], take: (conjunct: Expression, filter: PatternFilter) => boolean): boolean {
  let changed = false;
  for (let i = 0; i < patterns.length; i++) {
    const filter = patterns[i];
    if (!isFilter(filter)) continue;
    const parts = conjuncts(filter.expression);
    const kept = parts.filter((part) => !take(part, filter));
    if (kept.length === parts.length) continue;
    changed = true;
    if (kept.length === 0) patterns.splice(i--, 1);
    else patterns[i] = F.patternFilter(conjunction(kept), F.gen());
  }
  return changed;
}
