// Rewrite (with the dataset's statistics): a group that joins inline data
// (VALUES) with triple patterns, where starting from the VALUES rows is estimated
// to cost far more than evaluating the triple patterns on their own, gets its
// triple patterns (and its other VALUES) wrapped in a sub-select that projects all
// their variables; the VALUES then joins with the sub-select's solutions. The
// shape people write:
//   VALUES ?p { …paragraphs… } ?x dly:passage/oa:hasSource ?p . ?x a ?type .
//   VALUES (?type ?kind) { (dly:Claim "claims") (dly:Meeting "meetings") … }
// Oxigraph (0.5) starts such a join from the VALUES rows and looks up the pattern
// that uses their variable, here every member of each class (and it flattens a
// nested group into the same join, so only a sub-select changes its plan): 11.8 s
// at 100 articles, 0.1 s as rewritten. The decision is by the statistics: the
// cost of starting from each VALUES row (the patterns sharing its variables
// first, with the row's constants put in: a class's members, a subject's
// triples) against the cost of the other elements alone plus the join. VALUES of a
// few subjects joined with `?s ?p ?o` is the selective start and stays as written.
//
// Why the answers stay the same. Only the group's leading run of basic graph
// patterns, VALUES and filters (before any OPTIONAL, MINUS, BIND, nested group,
// UNION, sub-select or other element) is touched. A group's algebra folds its
// elements left to right, joining the required ones; over that run the result is
// Join(E1, …, En), and the filters apply to the whole group wherever they stand.
// Join is commutative and associative on bags, so Join(V, Join(rest)) is the same
// bag; and a sub-select `SELECT ?v1 … ?vk WHERE { rest }` projecting every variable
// the rest may bind (its in-scope variables) is exactly Join(rest): projecting
// all of them drops nothing, and a sub-select without modifiers neither
// deduplicates nor orders. The elements after the run (OPTIONAL, MINUS, BIND …)
// follow the same joined solutions as before. The filters stay in the group, so
// a filter on a variable only the VALUES binds still sees it (filterPushdown may
// then move a filter on the sub-select's variables into it, by its own argument).
// UNDEF in a VALUES row leaves that variable unbound in the row; the join with
// the sub-select's solutions is the same compatibility test either way, so rows
// with UNDEF are handled like any other (and no FILTER is derived from the
// VALUES: Oxigraph needs none once the sub-select is its own plan, and one would
// have to treat UNDEF apart). Blank nodes stay in their basic graph pattern,
// which moves whole. Not in a group evaluated with variables already bound (an
// OPTIONAL's after required elements: the sub-select would be planned without
// them) nor inside GRAPH (a sub-select there is evaluated on the named graph, as
// the group is, but engines have differed). The query-level VALUES (after the
// WHERE clause) is left alone: it is joined with the whole WHERE clause, which
// Oxigraph evaluates first.

import { factory as F, isVariable, kindOf, type Pattern, type PatternBgp, type PatternValues, type Triple } from '../syntax.js';
import { elementBindings } from './scope.js';
import { estimateBgp, estimateTriple, greedySteps, tripleVariables } from './cardinality.js';
import { type DatasetStatistics } from './statistics.js';
import { type GroupContext } from './groups.js';

/** Starting from the VALUES must be estimated this many times dearer than the other way. */
const FACTOR = 4;
/** The rows of a VALUES estimated one by one; beyond, a sample of them, scaled. */
const SAMPLE = 256;

const RUN = new Set(['bgp', 'values', 'filter']);

export function valuesJoin(patterns: Pattern[], context: GroupContext, stats?: DatasetStatistics): boolean {
  if (!stats || context.outerBound.size > 0 || context.inGraph) return false;
  let end = 0;
  while (end < patterns.length && RUN.has(kindOf(patterns[end]))) end++;
  const run = patterns.slice(0, end);
  const values = run.filter((p) => kindOf(p) === 'values') as PatternValues[];
  const bgps = run.filter((p) => kindOf(p) === 'bgp') as PatternBgp[];
  if (values.length === 0 || bgps.length === 0) return false;
  const triples = bgps.flatMap((bgp) => bgp.triples);
  const tripleVars = new Set(triples.flatMap((t) => [...tripleVariables(t)]));
  const names = context.namespaces;

  let best: { values: PatternValues; gain: number } | undefined;
  for (const candidate of values) {
    const columns = candidate.variables.map((v) => v.value);
    if (!columns.some((v) => tripleVars.has(v))) continue; // a product: nothing to gain
    const others = values.filter((v) => v !== candidate);
    // Oxigraph joins the group's VALUES first (their product), then looks the patterns up for each row.
    const fromValues = costFromValues(candidate, triples, stats, names) * others.reduce((product, v) => product * Math.max(1, v.values.length), 1);
    const alone = planCost(others, triples, stats, names) + candidate.values.length;
    const gain = fromValues / Math.max(1, alone);
    if (gain > FACTOR && (!best || gain > best.gain)) best = { values: candidate, gain };
  }
  if (!best) return false;

  const rest = run.filter((p) => kindOf(p) === 'bgp' || (kindOf(p) === 'values' && p !== best!.values));
  const projected = new Set<string>();
  for (const p of rest) for (const v of elementBindings(p).maybe) projected.add(v);
  const subSelect = F.querySelect({
    where: F.patternGroup(rest, F.gen()),
    datasets: { type: 'datasetClauses', clauses: [], loc: F.gen() },
    context: [],
    solutionModifiers: {},
    variables: [...projected].map((v) => F.termVariable(v, F.gen())),
  } as never, F.gen());
  const filters = run.filter((p) => kindOf(p) === 'filter');
  patterns.splice(0, end, F.patternGroup([subSelect], F.gen()), best.values, ...filters);
  return true;
}

/**
 * The cost of Oxigraph's plan from the VALUES rows: for each row, the patterns
 * joined to its variables first (with the row's constants put in), then the rest
 * in the greedy order; the rows produced along the way, summed over the rows.
 */
function costFromValues(values: PatternValues, triples: readonly Triple[], stats: DatasetStatistics, names: GroupContext['namespaces']): number {
  const rows = values.values;
  const step = Math.max(1, Math.ceil(rows.length / SAMPLE));
  let total = 0;
  let counted = 0;
  for (let i = 0; i < rows.length; i += step) {
    const row = rows[i] as Record<string, unknown>;
    const bound = new Set(Object.keys(row).filter((name) => row[name] !== undefined));
    // The order: from the row's variables (as bound), as the engine joins them.
    const order = greedySteps(triples, bound, stats, names).map((s) => s.triple);
    const placed = new Set<string>();
    let produced = 1;
    let cost = 0;
    for (const triple of order) {
      produced *= estimateTriple(substitute(triple, row), placed, stats, names);
      cost += produced;
      for (const v of tripleVariables(triple)) placed.add(v);
    }
    total += cost;
    counted++;
  }
  return counted === 0 ? 0 : total * (rows.length / counted);
}

/** The cost of the other elements alone: from their cheapest VALUES, or the triple patterns in the greedy order. */
function planCost(values: readonly PatternValues[], triples: readonly Triple[], stats: DatasetStatistics, names: GroupContext['namespaces']): number {
  const bare = estimateBgp(triples, new Set(), stats, names);
  const starts = values.map((v) => costFromValues(v, triples, stats, names) + values.reduce((sum, w) => sum + (w === v ? 0 : w.values.length), 0));
  return Math.min(bare.cost + bare.rows, ...starts);
}

/** A triple pattern with a VALUES row's constants in place of its variables (collections as they are). */
function substitute(triple: Triple, row: Record<string, unknown>): Triple {
  if (triple.type !== 'triple') return triple;
  const put = <T>(term: T): T => (isVariable(term) && row[term.value] !== undefined ? row[term.value] as T : term);
  return { ...triple, subject: put(triple.subject), predicate: put(triple.predicate), object: put(triple.object) };
}
