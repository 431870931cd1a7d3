// Statistics of a dataset for ordering triple patterns: how many triples each
// predicate has, with how many distinct subjects and objects, and how many
// members each class has. Computed once at build time from the quads
// (query-statistics.json in dist/) and read by each query worker; a dataset
// without the file is queried without them (patterns keep their order).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STATISTICS_FILE = 'query-statistics.json';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export interface PredicateStatistics { triples: number; subjects: number; objects: number }

export interface DatasetStatistics {
  /** Distinct triples of the union of all graphs (what the default graph holds). */
  triples: number;
  subjects: number;
  objects: number;
  predicates: Record<string, PredicateStatistics>;
  /** Members of each class (distinct subjects of rdf:type). */
  classes: Record<string, number>;
}

interface TermLike { termType: string; value: string; language?: string; datatype?: { value: string } }
interface QuadLike { subject: TermLike; predicate: TermLike; object: TermLike }

function key(term: TermLike): string {
  if (term.termType === 'Literal') return `"${term.value}"@${term.language ?? ''}^^${term.datatype?.value ?? ''}`;
  return `${term.termType[0]}${term.value}`;
}

/** Statistics of the union of the quads' graphs (a triple in two graphs counts once). */
export function computeStatistics(quads: Iterable<QuadLike>): DatasetStatistics {
  const seen = new Set<string>();
  const subjects = new Set<string>();
  const objects = new Set<string>();
  const perPredicate = new Map<string, { triples: number; subjects: Set<string>; objects: Set<string> }>();
  const classes = new Map<string, number>();
  for (const quad of quads) {
    const s = key(quad.subject);
    const o = key(quad.object);
    const triple = `${s} ${quad.predicate.value} ${o}`;
    if (seen.has(triple)) continue;
    seen.add(triple);
    subjects.add(s);
    objects.add(o);
    let entry = perPredicate.get(quad.predicate.value);
    if (!entry) perPredicate.set(quad.predicate.value, entry = { triples: 0, subjects: new Set(), objects: new Set() });
    entry.triples++;
    entry.subjects.add(s);
    entry.objects.add(o);
    if (quad.predicate.value === RDF_TYPE && quad.object.termType === 'NamedNode') classes.set(quad.object.value, (classes.get(quad.object.value) ?? 0) + 1);
  }
  const predicates: Record<string, PredicateStatistics> = {};
  for (const [iri, entry] of [...perPredicate].sort(([a], [b]) => a.localeCompare(b))) {
    predicates[iri] = { triples: entry.triples, subjects: entry.subjects.size, objects: entry.objects.size };
  }
  return {
    triples: seen.size, subjects: subjects.size, objects: objects.size, predicates,
    classes: Object.fromEntries([...classes].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The statistics written with a build, or undefined when the folder has none (or they cannot be read). */
export function readStatistics(distDir: string): DatasetStatistics | undefined {
  const path = join(distDir, STATISTICS_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as DatasetStatistics;
    return typeof parsed.triples === 'number' && parsed.predicates && parsed.classes ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The statistics of k copies of a dataset under distinct IRIs (a synthetic
 * corpus): every count k-fold. An estimate: the graphs the copies share (the
 * ontology, the concept schemes) are counted k times, which overstates only
 * patterns on vocabulary, and a literal shared by two copies is one object, not
 * two. The normaliser's choices compare costs against constant sizes (a VALUES
 * block's rows), so counts of one article would misjudge a corpus of a hundred.
 */
export function scaledStatistics(statistics: DatasetStatistics, k: number): DatasetStatistics {
  const scale = (n: number) => n * k;
  return {
    triples: scale(statistics.triples), subjects: scale(statistics.subjects), objects: scale(statistics.objects),
    predicates: Object.fromEntries(Object.entries(statistics.predicates).map(([iri, p]) => [iri, { triples: scale(p.triples), subjects: scale(p.subjects), objects: scale(p.objects) }])),
    classes: Object.fromEntries(Object.entries(statistics.classes).map(([iri, n]) => [iri, scale(n)])),
  };
}
