// How many solutions a triple pattern has, estimated from the dataset's
// statistics, given which of its variables are already bound: the predicate's
// triples, divided by its distinct subjects or objects when one end is bound;
// a class's members for `?x a <Class>`. Property paths are estimated from their
// steps. Only the order of the estimates matters to the caller.

import { type Triple } from 'sparqljs';
import { type DatasetStatistics } from './statistics.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
/** A closure (p*, p+) is assumed to reach this many nodes from one. */
const CLOSURE_FANOUT = 10;

interface TermLike { termType: string; value: string }
interface PathLike { type: 'path'; pathType: string; items: (PathLike | TermLike)[] }

/** Whether a term is known when the pattern is evaluated (a constant, or a variable already bound). */
function known(term: unknown, bound: ReadonlySet<string>): boolean {
  const t = term as TermLike;
  if (t.termType === 'Variable') return bound.has(t.value);
  if (t.termType === 'BlankNode') return bound.has(`_:${t.value}`);
  return true;
}

export function estimateTriple(triple: Triple, bound: ReadonlySet<string>, stats: DatasetStatistics): number {
  const subjectKnown = known(triple.subject, bound);
  const objectKnown = known(triple.object, bound);
  const predicate = triple.predicate as unknown as PathLike | TermLike;
  if ('type' in predicate && predicate.type === 'path') return estimatePath(predicate, subjectKnown, objectKnown, stats);
  const term = predicate as TermLike;
  if (term.termType === 'NamedNode') {
    if (term.value === RDF_TYPE && (triple.object as TermLike).termType === 'NamedNode' && !subjectKnown) return stats.classes[triple.object.value] ?? 0;
    return estimatePredicate(term.value, subjectKnown, objectKnown, stats);
  }
  // A variable predicate: the whole dataset, divided as for one predicate.
  const all = { triples: stats.triples, subjects: stats.subjects, objects: stats.objects };
  const size = sized(all, subjectKnown, objectKnown);
  return known(term, bound) ? size / Math.max(1, Object.keys(stats.predicates).length) : size;
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

function estimatePath(path: PathLike | TermLike, startKnown: boolean, endKnown: boolean, stats: DatasetStatistics): number {
  if (!('type' in path)) return (path as TermLike).termType === 'NamedNode' ? estimatePredicate(path.value, startKnown, endKnown, stats) : stats.triples;
  const items = path.items;
  switch (path.pathType) {
    case '^':
      return estimatePath(items[0], endKnown, startKnown, stats);
    case '|':
      return items.reduce((sum, item) => sum + estimatePath(item, startKnown, endKnown, stats), 0);
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
        size *= forward ? estimatePath(step, fromKnown, toKnown, stats) : estimatePath(step, toKnown, fromKnown, stats);
      });
      return size;
    }
    case '?':
      return estimatePath(items[0], startKnown, endKnown, stats) + (startKnown || endKnown ? 1 : stats.subjects);
    case '*':
    case '+':
      if (startKnown && endKnown) return 1;
      return estimatePath(items[0], startKnown, endKnown, stats) * CLOSURE_FANOUT + (path.pathType === '*' && !(startKnown || endKnown) ? stats.subjects : 0);
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
export function greedySteps(triples: readonly Triple[], initiallyBound: ReadonlySet<string>, stats: DatasetStatistics): { triple: Triple; size: number }[] {
  const bound = new Set(initiallyBound);
  const remaining = triples.map((triple) => ({ triple, vars: tripleVariables(triple) }));
  const steps: { triple: Triple; size: number }[] = [];
  while (remaining.length > 0) {
    const connected = remaining.filter((r) => [...r.vars].some((v) => bound.has(v)));
    const candidates = connected.length > 0 ? connected : remaining;
    let best = candidates[0];
    let bestSize = estimateTriple(best.triple, bound, stats);
    for (const candidate of candidates.slice(1)) {
      const size = estimateTriple(candidate.triple, bound, stats);
      if (size < bestSize) { best = candidate; bestSize = size; }
    }
    steps.push({ triple: best.triple, size: bestSize });
    for (const v of best.vars) bound.add(v);
    remaining.splice(remaining.indexOf(best), 1);
  }
  return steps;
}

/**
 * A basic graph pattern evaluated in the greedy order (see tripleOrder.ts) from
 * the given bound variables: the rows it yields, and its cost, the rows produced
 * along the way (each step looks up every row of the step before).
 */
export function estimateBgp(triples: readonly Triple[], initiallyBound: ReadonlySet<string>, stats: DatasetStatistics): { rows: number; cost: number } {
  let rows = 1;
  let cost = 0;
  for (const { size } of greedySteps(triples, initiallyBound, stats)) {
    rows *= size;
    cost += rows;
  }
  return { rows, cost };
}

/** The variables of a triple pattern, its blank nodes as `_:label` (they join within the pattern). */
export function tripleVariables(triple: Triple): Set<string> {
  const vars = new Set<string>();
  for (const term of [triple.subject, triple.predicate, triple.object]) {
    const t = term as { termType?: string; value?: string };
    if (t.termType === 'Variable') vars.add(t.value!);
    else if (t.termType === 'BlankNode') vars.add(`_:${t.value}`);
    else if (t.termType === 'Quad') termVariablesDeep(t, vars);
  }
  return vars;
}

function termVariablesDeep(term: unknown, into: Set<string>): void {
  const t = term as { termType?: string; value?: string; subject?: unknown; predicate?: unknown; object?: unknown };
  if (t?.termType === 'Variable') into.add(t.value!);
  else if (t?.termType === 'Quad') for (const part of [t.subject, t.predicate, t.object]) termVariablesDeep(part, into);
}
