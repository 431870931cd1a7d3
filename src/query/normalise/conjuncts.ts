// A filter's expression as the list of its && operands, and back. Splitting is
// safe: FILTER(a && b) keeps a solution exactly when a and b are both true, which
// is what FILTER(a) FILTER(b) does (an error counts as false in both).

import { type Expression, type FilterPattern } from 'sparqljs';

export function conjuncts(expression: Expression): Expression[] {
  const e = expression as { type?: string; operator?: string; args?: Expression[] };
  if (e.type === 'operation' && e.operator === '&&' && e.args?.length === 2) return [...conjuncts(e.args[0]), ...conjuncts(e.args[1])];
  return [expression];
}

export function conjunction(parts: Expression[]): Expression {
  return parts.reduce((left, right) => ({ type: 'operation', operator: '&&', args: [left, right] }) as Expression);
}

/**
 * Splits each filter of a group and lets `take` claim conjuncts; a filter left
 * with none is removed. True if any conjunct was taken.
 */
export function takeConjuncts(patterns: unknown[], take: (conjunct: Expression, filter: FilterPattern) => boolean): boolean {
  let changed = false;
  for (let i = 0; i < patterns.length; i++) {
    const filter = patterns[i] as FilterPattern;
    if (filter.type !== 'filter') continue;
    const parts = conjuncts(filter.expression);
    const kept = parts.filter((part) => !take(part, filter));
    if (kept.length === parts.length) continue;
    changed = true;
    if (kept.length === 0) patterns.splice(i--, 1);
    else patterns[i] = { type: 'filter', expression: conjunction(kept) };
  }
  return changed;
}
