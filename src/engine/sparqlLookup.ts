// Lookups (see lookup.ts) answered with SPARQL by whatever runs queries: the
// remote store over HTTP, or the embedded engine's workers. The description of
// an IRI is the same as the embedded EntityDescriber gives — own triples and
// those of its hash-IRI parts, what points to it with the full description of
// the claims and comparisons about it, and the labels of everything mentioned —
// gathered in a few set-at-a-time queries (VALUES) rather than one per node.

import { DataFactory, type Quad, type Quad_Object, type Quad_Subject, type Term as N3Term } from 'n3';
import pMap from 'p-map';
import { type Lookup } from './lookup.js';
import { type Row } from '../store/select.js';
import { PREFIXES } from '../model/namespaces.js';
import { ns } from '../model/namespaces.js';
import { type Binding, type Term } from './remote/results.js';
import { LruCache } from '../store/lruCache.js';

/** Runs a SELECT (with our prefixes predeclared, over the union of the release's graphs) and returns its bindings. */
export type SelectSource = (query: string) => Promise<Binding[]>;
/**
 * A source for one lookup: all its queries see the same release, even if the
 * store switches meanwhile; `release` names that release (for the cache).
 */
export type SourceSession = () => { release: string; select: SelectSource };

interface CachedDescription { quads: Quad[] | undefined; length: number }
/** Descriptions kept per release: a page asked in several formats, or exists() then describe(), costs one set of queries. */
const CACHE_BYTES = 32 * 1024 * 1024;

const PROLOGUE = Object.entries(PREFIXES).map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join('\n');
const LABEL = ns.rdfs('label');
const TYPE = ns.rdf('type');
const PROVENANCE_CLASSES = [ns.dly('Claim'), ns.dly('AccountComparison')];
/** Incoming links followed in full: the claims and comparisons about the entity (as EntityDescriber). */
const MAX_INCOMING = 5000;
/** IRIs per VALUES block, to keep each query small. */
const BATCH = 200;

function iri(value: string): string {
  if (/[<>"{}|^`\\\s]/.test(value)) throw new Error(`not an IRI: ${value}`);
  return `<${value}>`;
}

function toN3(term: Term): N3Term {
  if (term.type === 'uri') return DataFactory.namedNode(term.value as string);
  if (term.type === 'bnode') return DataFactory.blankNode(term.value as string);
  if (term.type === 'triple') {
    const t = term.value as { subject: Term; predicate: Term; object: Term };
    return DataFactory.quad(toN3(t.subject) as Quad_Subject, toN3(t.predicate) as never, toN3(t.object) as Quad_Object) as unknown as N3Term;
  }
  const value = term.value as string;
  if (term['xml:lang']) return DataFactory.literal(value, term['xml:lang']);
  return DataFactory.literal(value, term.datatype ? DataFactory.namedNode(term.datatype) : undefined);
}

function key(q: Quad): string {
  const o = q.object;
  return `${q.subject.value}\u0000${q.predicate.value}\u0000${o.termType}\u0000${o.value}\u0000${o.termType === 'Literal' ? `${o.language}\u0000${o.datatype.value}` : ''}`;
}

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/** Batches sent at once: a hub entity's description takes a dozen batches, which one after another cost a dozen round trips. */
const PARALLEL_BATCHES = 4;

/** `read` of every batch, PARALLEL_BATCHES at a time; the answers in the batches' order (so a description is always built in one order). */
function eachBatch<T, R>(items: T[], read: (batch: T[]) => Promise<R>): Promise<R[]> {
  return pMap(batches(items), read, { concurrency: PARALLEL_BATCHES });
}

export class SparqlLookup implements Lookup {
  private readonly cache = new LruCache<CachedDescription>(CACHE_BYTES);

  constructor(private readonly session: SourceSession) {}

  private static run(source: SelectSource, query: string): Promise<Binding[]> {
    return source(`${PROLOGUE}\n${query}`);
  }

  release(): string {
    return this.session().release;
  }

  async select(query: string): Promise<Row[]> {
    const bindings = await SparqlLookup.run(this.session().select, query);
    return bindings.map((binding) => Object.fromEntries(Object.entries(binding).map(([name, term]) => [name, typeof term.value === 'string' ? term.value : undefined])));
  }

  async exists(subject: string): Promise<boolean> {
    const { release, select } = this.session();
    const cached = this.cache.get(`${release}\u0000${subject}`);
    if (cached) return cached.quads !== undefined;
    return (await SparqlLookup.run(select, `SELECT ?p WHERE { ${iri(subject)} ?p ?o } LIMIT 1`)).length > 0;
  }

  /** Own triples of the given nodes and of their hash-IRI parts, found by following links from them. */
  private async own(source: SelectSource, roots: string[], into: Map<string, Quad>): Promise<void> {
    const seen = new Set(roots);
    let frontier = roots.map((root) => ({ node: root, root }));
    while (frontier.length > 0) {
      const next: { node: string; root: string }[] = [];
      const answers = await eachBatch(frontier, (batch) => SparqlLookup.run(source, `SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?s { ${batch.map((item) => iri(item.node)).join(' ')} } ?s ?p ?o }`));
      for (const [index, batch] of batches(frontier).entries()) {
        const rootOf = new Map(batch.map((item) => [item.node, item.root]));
        for (const row of answers[index]) {
          const quad = DataFactory.quad(toN3(row.s) as Quad_Subject, toN3(row.p) as never, toN3(row.o) as Quad_Object);
          into.set(key(quad), quad);
          const root = rootOf.get(row.s.value as string)!;
          const object = row.o.value as string;
          if (row.o.type === 'uri' && object.startsWith(`${root}#`) && !seen.has(object)) {
            seen.add(object);
            next.push({ node: object, root });
          }
        }
      }
      frontier = next;
    }
  }

  async describe(subject: string): Promise<Quad[] | undefined> {
    const { release, select } = this.session();
    const key = `${release}\u0000${subject}`;
    const cached = this.cache.get(key);
    if (cached) return cached.quads;
    const quads = await this.gather(select, subject);
    this.cache.set(key, { quads, length: 256 + (quads?.length ?? 0) * 256 });
    return quads;
  }

  private async gather(source: SelectSource, subject: string): Promise<Quad[] | undefined> {
    const out = new Map<string, Quad>();
    await this.own(source, [subject], out);
    if (out.size === 0) return undefined;
    const incoming = await SparqlLookup.run(source, `SELECT DISTINCT ?s ?p WHERE { ?s ?p ${iri(subject)} } LIMIT ${MAX_INCOMING}`);
    const parents = new Set<string>();
    for (const row of incoming) {
      const quad = DataFactory.quad(toN3(row.s) as Quad_Subject, toN3(row.p) as never, DataFactory.namedNode(subject));
      out.set(key(quad), quad);
      if (row.s.type === 'uri') parents.add((row.s.value as string).split('#')[0]);
    }
    const provenance = (await eachBatch([...parents], (batch) => SparqlLookup.run(source, `SELECT DISTINCT ?x WHERE { VALUES ?x { ${batch.map(iri).join(' ')} } VALUES ?c { ${PROVENANCE_CLASSES.map(iri).join(' ')} } ?x ${iri(TYPE)} ?c }`)))
      .flat().map((row) => row.x.value as string);
    if (provenance.length) await this.own(source, provenance, out);
    // Labels of everything mentioned, so the description reads on its own.
    const mentioned = new Set<string>();
    for (const quad of out.values()) for (const term of [quad.subject, quad.object]) if (term.termType === 'NamedNode') mentioned.add(term.value);
    const labelled = await eachBatch([...mentioned].filter((m) => !/[<>"{}|^`\\\s]/.test(m)), (batch) => SparqlLookup.run(source, `SELECT DISTINCT ?x ?l WHERE { VALUES ?x { ${batch.map(iri).join(' ')} } ?x ${iri(LABEL)} ?l }`));
    for (const rows of labelled) {
      for (const row of rows) {
        const quad = DataFactory.quad(toN3(row.x) as Quad_Subject, DataFactory.namedNode(LABEL), toN3(row.l) as Quad_Object);
        out.set(key(quad), quad);
      }
    }
    return [...out.values()];
  }
}
