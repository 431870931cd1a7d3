// How many solutions a triple pattern has, estimated from the dataset's
// statistics, given which of its variables are already bound: the predicate's
// triples, divided by its distinct subjects or objects when one end is bound;
// a class's members for `?x a <Class>`. Property paths are estimated from their
// steps. Only the order of the estimates matters to the caller.

import { iriOf, isBlank, isCollection, isIri, isVariable, kindOf, type Namespaces, type Pattern, type PatternBgp, type Triple } from '../syntax.js';
import { elementBindings, termVariables } from './scope.js';
import { type DatasetStatistics } from './statistics.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
/** A closure (p*, p+) is assumed to reach this many nodes from one. */
const CLOSURE_FANOUT = 10;

interface PathLike { type: 'path'; subType: string; items: unknown[] }

/** The key under which a term counts as bound: a variable's name, a blank node's (or collection's) label as `_:label`. */
function boundKey(term: unknown): string | undefined {
  if (isVariable(term)) return term.value;
  if (isBlank(term)) return `_:${term.label}`;
  if (isCollection(term)) return `_:${term.identifier.subType === 'blankNode' ? term.identifier.label : ''}`;
  return undefined;
}

/** Whether a term is known when the pattern is evaluated (a constant, or a variable already bound). */
function known(term: unknown, bound: ReadonlySet<string>): boolean {
  const key = boundKey(term);
  return key === undefined ? true : bound.has(key);
}

/**
 * The estimate of one item of a basic graph pattern. A collection ([ … ], ( … ))
 * counts as the blank node it stands for; its own triples go with it.
 */
export function estimateTriple(item: Triple, bound: ReadonlySet<string>, stats: DatasetStatistics, names: Namespaces): number {
  if (item.type !== 'triple') return stats.triples;
  const subjectKnown = known(item.subject, bound);
  const objectKnown = known(item.object, bound);
  const predicate = item.predicate as unknown;
  if ((predicate as PathLike).type === 'path') return estimatePath(predicate, subjectKnown, objectKnown, stats, names);
  if (isIri(predicate)) {
    const iri = iriOf(predicate, names);
    if (iri === RDF_TYPE && isIri(item.object) && !subjectKnown) return stats.classes[iriOf(item.object, names)] ?? 0;
    return estimatePredicate(iri, subjectKnown, objectKnown, stats);
  }
  // A variable predicate: the whole dataset, divided as for one predicate.
  const all = { triples: stats.triples, subjects: stats.subjects, objects: stats.objects };
  const size = sized(all, subjectKnown, objectKnown);
  return known(predicate, bound) ? size / Math.max(1, Object.keys(stats.predicates).length) : size;
}

function sized(p: { triples: number; subjects: number; objects: number }, subjectKnown: boolean, objectKnown: boolean): number {
  if (subjectKnown && objectKnown) return p.triples / Math.max(1, p.subjects) / Math.max(1, p.objects);
  if (subjectKnown) return p.triples / Math.max(1, p.subjects);
  if (objectKnown) return p.triples / Math.max(1, p.objects);
  return p.triples;
}

function estimatePredicate(iri: string, subjectKnown: boolean, objectKnown: boolean, stats: DatasetStatistics): number {
  const p = stats.predicates[iri];
  return p ? sized(p, subjectKnown, objectKnown) : 0;
}

function estimatePath(node: unknown, startKnown: boolean, endKnown: boolean, stats: DatasetStatistics, names: Namespaces): number {
  if (isIri(node)) return estimatePredicate(iriOf(node, names), startKnown, endKnown, stats);
  const path = node as PathLike;
  if (path?.type !== 'path') return stats.triples;
  const items = path.items;
  const estimate = (item: unknown, start: boolean, end: boolean) => estimatePath(item, start, end, stats, names);
  switch (path.subType) {
    case '^':
      return estimate(items[0], endKnown, startKnown);
    case '|':
      return items.reduce((sum: number, item) => sum + estimate(item, startKnown, endKnown), 0);
    case '/': {
      // Walk from the known end: each further step multiplies by its fan-out.
      const steps = endKnown && !startKnown ? [...items].reverse() : items;
      const forward = !(endKnown && !startKnown);
      let size = 1;
      steps.forEach((step, i) => {
        const first = i === 0;
        const fromKnown = first ? (forward ? startKnown : endKnown) : true;
        const last = i === steps.length - 1;
        const toKnown = last ? (forward ? endKnown : startKnown) : false;
        size *= forward ? estimate(step, fromKnown, toKnown) : estimate(step, toKnown, fromKnown);
      });
      return size;
    }
    case '?':
      return estimate(items[0], startKnown, endKnown) + (startKnown || endKnown ? 1 : stats.subjects);
    case '*':
    case '+':
      if (startKnown && endKnown) return 1;
      return estimate(items[0], startKnown, endKnown) * CLOSURE_FANOUT + (path.subType === '*' && !(startKnown || endKnown) ? stats.subjects : 0);
    default:
      // A negated property set: nearly every predicate.
      return sized({ triples: stats.triples, subjects: stats.subjects, objects: stats.objects }, startKnown, endKnown);
  }
}

/**
 * The greedy order of a basic graph pattern from the given bound variables: at
 * each step the pattern, among those joined to what is bound (or any, if none
 * is), with the fewest estimated matches; each with that estimate.
 */
export function greedySteps(triples: readonly Triple[], initiallyBound: ReadonlySet<string>, stats: DatasetStatistics, names: Namespaces): { triple: Triple; size: number }[] {
  const bound = new Set(initiallyBound);
  const remaining = triples.map((triple) => ({ triple, vars: tripleVariables(triple) }));
  const steps: { triple: Triple; size: number }[] = [];
  while (remaining.length > 0) {
    const connected = remaining.filter((r) => [...r.vars].some((v) => bound.has(v)));
    const candidates = connected.length > 0 ? connected : remaining;
    let best = candidates[0];
    let bestSize = estimateTriple(best.triple, bound, stats, names);
    for (const candidate of candidates.slice(1)) {
      const size = estimateTriple(candidate.triple, bound, stats, names);
      if (size < bestSize) { best = candidate; bestSize = size; }
    }
    steps.push({ triple: best.triple, size: bestSize });
    for (const v of best.vars) bound.add(v);
    remaining.splice(remaining.indexOf(best), 1);
  }
  return steps;
}

/**
 * A basic graph pattern evaluated from the given bound variables, in the greedy
 * order (see tripleOrder.ts) or in the order written (how an engine that does not
 * reorder evaluates it): the rows it yields, and its cost, the rows produced along
 * the way (each step looks up every row of the step before).
 */
export function estimateBgp(triples: readonly Triple[], initiallyBound: ReadonlySet<string>, stats: DatasetStatistics, names: Namespaces, order: 'greedy' | 'written' = 'greedy'): { rows: number; cost: number } {
  const sizes = order === 'greedy' ? greedySteps(triples, initiallyBound, stats, names).map((step) => step.size) : writtenSteps(triples, initiallyBound, stats, names);
  let rows = 1;
  let cost = 0;
  for (const size of sizes) {
    rows *= size;
    cost += rows;
  }
  return { rows, cost };
}

function writtenSteps(triples: readonly Triple[], initiallyBound: ReadonlySet<string>, stats: DatasetStatistics, names: Namespaces): number[] {
  const bound = new Set(initiallyBound);
  return triples.map((triple) => {
    const size = estimateTriple(triple, bound, stats, names);
    for (const v of tripleVariables(triple)) bound.add(v);
    return size;
  });
}

/**
 * The solutions of a group's leading elements (basic graph patterns and VALUES;
 * OPTIONAL, FILTER, BIND and MINUS do not add rows here), with the variables they
 * certainly bind; undefined when an element's size is not known (a nested group,
 * a union, a sub-select).
 */
export function estimateSolutions(patterns: readonly Pattern[], outerBound: ReadonlySet<string>, stats: DatasetStatistics, names: Namespaces): { rows: number; bound: Set<string> } | undefined {
  const bound = new Set(outerBound);
  let rows = 1;
  for (const pattern of patterns) {
    const kind = kindOf(pattern);
    if (kind === 'bgp') {
      rows *= estimateBgp((pattern as PatternBgp).triples, bound, stats, names).rows;
      for (const v of elementBindings(pattern).certain) bound.add(v);
    } else if (kind === 'values') {
      rows *= Math.max(1, (pattern as { values: unknown[] }).values.length);
      for (const v of elementBindings(pattern).certain) bound.add(v);
    } else if (kind !== 'optional' && kind !== 'filter' && kind !== 'bind' && kind !== 'minus' && kind !== 'lateral') {
      return undefined;
    }
  }
  return { rows, bound };
}

/**
 * The variables of an item of a basic graph pattern, with its blank nodes as
 * `_:label` (they join within the pattern) and the variables of its collections.
 */
export function tripleVariables(item: Triple): Set<string> {
  const vars = new Set<string>();
  termVariables(item, vars);
  const parts = item.type === 'triple' ? [item.subject, item.object] : [item];
  for (const part of parts) {
    const key = boundKey(part);
    if (key?.startsWith('_:')) vars.add(key);
  }
  return vars;
}
