// Rewrite: FILTER (?x = <iri>), sameTerm(?x, c) and ?x IN (<a>, <b>) become
// VALUES ?x { … } at the start of the group, when the group certainly binds ?x.
// A planner that sizes patterns without statistics sees a one-row VALUES and
// starts from it, instead of scanning and filtering at the end. Only in groups
// evaluated on their own (the WHERE clause, a sub-select, MINUS): in a group
// evaluated for each solution of what precedes it (an OPTIONAL's), the planner
// does not know what is bound already and would start from the VALUES even when
// a bound variable is the better start.
//
// Why the answers stay the same. Filtering the group's solutions on ?x = c keeps
// those whose ?x is c; joining them with the one row ?x = c keeps the same ones,
// each once, provided ?x is bound in every solution (an unbound ?x fails the
// filter but would join). `=` is the same as sameTerm only where value equality
// is term equality: for IRIs, plain strings and language-tagged strings (a number
// or a date may equal a differently written one, so those filters stay). IN is a
// disjunction of `=`; its list is deduplicated so that no solution is repeated.

import { type Expression, type Pattern, type Term, type ValuesPattern } from 'sparqljs';
import { groupBindings } from './scope.js';
import { takeConjuncts } from './conjuncts.js';
import { type GroupContext } from './groups.js';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

interface Constraint { variable: string; terms: Term[] }

export function filterConstants(patterns: Pattern[], context: GroupContext): boolean {
  if (context.outerBound.size > 0) return false;
  const certain = groupBindings(patterns).certain;
  const values: ValuesPattern[] = [];
  const changed = takeConjuncts(patterns, (conjunct) => {
    const constraint = constraintOf(conjunct);
    if (!constraint || !certain.has(constraint.variable)) return false;
    values.push({ type: 'values', values: constraint.terms.map((term) => ({ [`?${constraint.variable}`]: term })) } as ValuesPattern);
    return true;
  });
  patterns.unshift(...values);
  return changed;
}

function constraintOf(expression: Expression): Constraint | undefined {
  const e = expression as { type?: string; operator?: string; args?: unknown[] };
  if (e.type !== 'operation' || !e.args) return undefined;
  const operator = String(e.operator).toLowerCase();
  if ((operator === '=' || operator === 'sameterm') && e.args.length === 2) {
    const [a, b] = e.args as Term[];
    const [variable, constant] = isVariable(a) ? [a, b] : [b, a];
    if (!isVariable(variable)) return undefined;
    const eligible = operator === '=' ? equalIsSameTerm(constant) : isConstant(constant);
    return eligible ? { variable: variable.value, terms: [constant] } : undefined;
  }
  if (operator === 'in' && e.args.length === 2 && isVariable(e.args[0] as Term) && Array.isArray(e.args[1])) {
    const list = e.args[1] as Term[];
    if (list.length === 0 || !list.every(equalIsSameTerm)) return undefined;
    const unique = new Map(list.map((term) => [termKey(term), term]));
    return { variable: (e.args[0] as Term).value, terms: [...unique.values()] };
  }
  return undefined;
}

function isVariable(term: unknown): term is Term {
  return (term as Term)?.termType === 'Variable';
}

function isConstant(term: unknown): boolean {
  const t = term as Term;
  return t?.termType === 'NamedNode' || t?.termType === 'Literal';
}

/** Constants for which `?x = c` holds exactly when ?x is the term c. */
function equalIsSameTerm(term: unknown): boolean {
  const t = term as { termType?: string; language?: string; datatype?: { value: string } };
  if (t?.termType === 'NamedNode') return true;
  if (t?.termType !== 'Literal') return false;
  return Boolean(t.language) || !t.datatype || t.datatype.value === XSD_STRING;
}

function termKey(term: Term): string {
  const t = term as { termType: string; value: string; language?: string; datatype?: { value: string } };
  return `${t.termType}|${t.value}|${t.language?.toLowerCase() ?? ''}|${t.datatype?.value ?? ''}`;
}
