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
// The group's elements whose place matters (BIND, OPTIONAL, MINUS) must not see ?x
// bound earlier than they did: BIND(STR(?x) AS ?y) written before the pattern that
// binds ?x leaves ?y unbound, and would bind it after a VALUES at the start. So a
// variable such an element reads before the group certainly binds it stays a filter.

import { factory as F, kindOf, iriOf, isIri, isLiteral, isVariable, literalKind, type Expression, type Namespaces, type Pattern, type PatternValues, type Term, type TermVariable } from '../syntax.js';
import { groupBindings, mentionedVariables, REQUIRED } from './scope.js';
import { takeConjuncts } from './conjuncts.js';
import { type GroupContext } from './groups.js';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

interface Constraint { variable: TermVariable; terms: Term[] }

export function filterConstants(patterns: Pattern[], context: GroupContext): boolean {
  if (context.outerBound.size > 0) return false;
  const names = context.namespaces;
  const certain = groupBindings(patterns).certain;
  const readEarly = readBeforeBound(patterns);
  const values: PatternValues[] = [];
  const changed = takeConjuncts(patterns, (conjunct) => {
    const constraint = constraintOf(conjunct, names);
    if (!constraint || !certain.has(constraint.variable.value) || readEarly.has(constraint.variable.value)) return false;
    const name = constraint.variable.value;
    values.push(F.patternValues([constraint.variable], constraint.terms.map((term) => ({ [name]: term as never })), F.gen()));
    return true;
  });
  patterns.unshift(...values);
  return changed;
}

/** Variables an order-sensitive element of the group reads while the elements before it may leave them unbound. */
function readBeforeBound(patterns: Pattern[]): Set<string> {
  const early = new Set<string>();
  patterns.forEach((pattern, i) => {
    const kind = kindOf(pattern);
    if (REQUIRED.has(kind) || kind === 'filter') return;
    const before = groupBindings(patterns.slice(0, i)).certain;
    for (const v of mentionedVariables(pattern)) if (!before.has(v)) early.add(v);
  });
  return early;
}

function constraintOf(expression: Expression, names: Namespaces): Constraint | undefined {
  const e = expression as { type?: string; subType?: string; operator?: string; args?: unknown[] };
  if (e.type !== 'expression' || e.subType !== 'operation' || !Array.isArray(e.args)) return undefined;
  const operator = String(e.operator).toLowerCase();
  if ((operator === '=' || operator === 'sameterm') && e.args.length === 2) {
    const [a, b] = e.args;
    const [variable, constant] = isVariable(a) ? [a, b] : [b, a];
    if (!isVariable(variable)) return undefined;
    const eligible = operator === '=' ? equalIsSameTerm(constant, names) : isConstant(constant);
    return eligible ? { variable, terms: [constant as Term] } : undefined;
  }
  // ?x IN (a, b, …): the variable, then the list.
  if (operator === 'in' && e.args.length >= 2 && isVariable(e.args[0])) {
    const list = e.args.slice(1);
    if (!list.every((term) => equalIsSameTerm(term, names))) return undefined;
    const unique = new Map(list.map((term) => [termKey(term as Term, names), term as Term]));
    return { variable: e.args[0], terms: [...unique.values()] };
  }
  return undefined;
}

function isConstant(term: unknown): boolean {
  return isIri(term) || isLiteral(term);
}

/** Constants for which `?x = c` holds exactly when ?x is the term c. */
function equalIsSameTerm(term: unknown, names: Namespaces): boolean {
  if (isIri(term)) return true;
  if (!isLiteral(term)) return false;
  const { language, datatype } = literalKind(term, names);
  return Boolean(language) || !datatype || datatype === XSD_STRING;
}

/** The term a constant denotes, however it is written (prefixed or not, tag in any case). */
function termKey(term: Term, names: Namespaces): string {
  if (isIri(term)) return `I|${iriOf(term, names)}`;
  if (isLiteral(term)) {
    const { language, datatype } = literalKind(term, names);
    // "a" and "a"^^xsd:string are one term (RDF 1.1).
    return `L|${term.value}|${language ?? ''}|${datatype === XSD_STRING ? '' : datatype ?? ''}`;
  }
  return `${term.subType}|${(term as { value?: string }).value ?? ''}`;
}
