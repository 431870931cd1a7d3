// Turns a query as the client sent it into what an engine runs: parsed once,
// checked against the limits and rules (read-only, nesting depth, SERVICE),
// given the dataset's predeclared prefixes and the dataset it asks for.
// Then the normaliser rewrites it, where it safely can, into a form the engine
// plans well. Pure and synchronous; it runs where the query runs (a query
// worker), so that a pathological text costs its own client's time and never the
// main thread's.

import { parseQuery, type ParsedQuery, type QueryForm } from './parse.js';
import { declaredDataset, nestingDepth, usesGraphVariable, serviceTargets, type ServiceTarget } from './inspect.js';
import { QueryRefusedError } from './errors.js';
import { bracketDepth } from './bracketDepth.js';
import { longestValueBytes } from './expansion.js';
import { normaliseQuery, type NormaliseOptions } from './normalise/index.js';
import { generateQuery } from './normalise/generate.js';

export interface PrepareOptions {
  /** Prefixes a query may use without declaring them. */
  prefixes: Readonly<Record<string, string>>;
  /** Deepest nesting accepted (see nestingDepth). */
  maxDepth: number;
  /** Hosts SERVICE may name. */
  serviceAllowlist: readonly string[];
  /** Whether the engine can run SERVICE at all. */
  canFederate: boolean;
  /** Longest value a query may build (its response could not hold more), in bytes; 0: not checked. */
  maxValueBytes?: number;
  /** Longest value in the data, in bytes (for that check). */
  dataValueBytes?: number;
  /** The dataset given by the protocol (default-graph-uri, named-graph-uri). */
  defaultGraphs?: readonly string[];
  namedGraphs?: readonly string[];
  /** What the normaliser may use (statistics, engine features); without it, it still applies the rewrites that need neither. */
  normaliser?: NormaliseOptions;
}

/** The dataset a query runs on: explicit graphs, or the union of all graphs as its default graph. */
export type QueryDataset = { defaultGraphs: string[]; namedGraphs: string[] } | 'union';

export interface PreparedQuery {
  /** The text the engine parses. */
  text: string;
  /** Characters put in front of the client's text (to correct positions in engine messages). */
  offset: number;
  form: QueryForm;
  dataset: QueryDataset;
  /** The query has a GRAPH ?g pattern: it ranges over the dataset's named graphs. */
  rangesOverGraphs: boolean;
  parsed: ParsedQuery;
  /** When the normaliser rewrote the query: the query as the client wrote it, to run if the engine refuses the rewrite. */
  fallback?: { text: string; offset: number };
  /** The normaliser's rewrites that applied. */
  rewrites?: string[];
}

/** What is read off a parse once: a repeated query (the parse is cached) is not walked again. */
type Facts = { depth: number; services: ServiceTarget[]; graphs: boolean; longestValue?: number };
const facts = new WeakMap<ParsedQuery, Facts>();

export function prepareQuery(text: string, options: PrepareOptions): PreparedQuery {
  // Refused before parsing: the parser's time grows with the square of the nesting.
  if (bracketDepth(text) > options.maxDepth) throw tooDeep(options.maxDepth);
  let parsed: ParsedQuery;
  let known: Facts | undefined;
  try {
    parsed = parseQuery(text, options.prefixes);
    known = facts.get(parsed);
    if (!known) facts.set(parsed, known = { depth: nestingDepth(parsed.ast), services: serviceTargets(parsed.ast, parsed.namespaces), graphs: usesGraphVariable(parsed.ast) });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(options.maxDepth);
    throw error;
  }
  if (known.depth > options.maxDepth) throw tooDeep(options.maxDepth, known.depth);
  checkServices(parsed, known.services, options);
  if (options.maxValueBytes) {
    known.longestValue ??= longestValueBytes(parsed.ast, options.dataValueBytes ?? 65_536);
    if (known.longestValue > options.maxValueBytes) {
      throw new QueryRefusedError(422, `The query can build a value of up to ${known.longestValue} bytes (for instance by repeated CONCAT), more than a response may hold: the limit is ${options.maxValueBytes} bytes (setting MAX_RESULT_BYTES).`, 'result-bytes');
    }
  }

  const head = Object.entries(options.prefixes)
    .filter(([prefix]) => !parsed.declaredPrefixes.has(prefix))
    .map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}> `).join('');
  const dataset = datasetOf(parsed, options);
  const rangesOverGraphs = known.graphs;
  if (protocolOverrides(parsed, options)) return { text: head + withoutDatasetClauses(parsed), offset: 0, form: parsed.form, dataset, rangesOverGraphs, parsed };
  const prepared: PreparedQuery = { text: head + text, offset: head.length, form: parsed.form, dataset, rangesOverGraphs, parsed };
  const normalised = normaliseQuery(parsed, options.normaliser);
  return normalised ? { ...prepared, text: normalised.text, offset: 0, fallback: { text: prepared.text, offset: prepared.offset }, rewrites: normalised.rewrites } : prepared;
}

function tooDeep(limit: number, depth?: number): QueryRefusedError {
  return new QueryRefusedError(400, `The query nests ${depth === undefined ? 'too deeply' : `${depth} levels deep`}; the limit is ${limit} (setting MAX_QUERY_DEPTH). Flatten it, or use VALUES instead of long chains of || or UNION.`, 'depth');
}

/** Whether the protocol gives a dataset and the query declares one of its own, which the protocol's replaces. */
function protocolOverrides(parsed: ParsedQuery, options: PrepareOptions): boolean {
  return Boolean((options.defaultGraphs?.length || options.namedGraphs?.length) && parsed.ast.datasets?.clauses.length);
}

/**
 * The query without its FROM and FROM NAMED, for when the protocol's dataset
 * replaces them (SPARQL 1.1 Protocol, 2.1.4): an engine that reads both — as
 * Virtuoso does, which merges them — must not see the query's.
 */
function withoutDatasetClauses(parsed: ParsedQuery): string {
  return generateQuery({ ...parsed.ast, datasets: { ...parsed.ast.datasets!, clauses: [] } } as typeof parsed.ast);
}

/** The protocol's dataset wins; then the query's FROM / FROM NAMED; else the union of all graphs. */
function datasetOf(parsed: ParsedQuery, options: PrepareOptions): QueryDataset {
  if (options.defaultGraphs?.length || options.namedGraphs?.length) {
    return { defaultGraphs: [...(options.defaultGraphs ?? [])], namedGraphs: [...(options.namedGraphs ?? [])] };
  }
  return declaredDataset(parsed.ast, parsed.namespaces) ?? 'union';
}

function checkServices(parsed: ParsedQuery, targets: ServiceTarget[], options: PrepareOptions): void {
  const allowed = options.serviceAllowlist;
  const list = allowed.length ? allowed.join(', ') : 'empty';
  for (const target of targets) {
    if (target.variable !== undefined) {
      throw new QueryRefusedError(403, `SERVICE ?${target.variable} is refused: a SERVICE must name its endpoint, and this endpoint connects only to hosts on its allowlist (currently ${list}).`, 'service');
    }
    // A relative IRI resolved against BASE is read differently by different parsers; refuse the ambiguity.
    if (parsed.namespaces.base !== undefined) {
      throw new QueryRefusedError(403, 'SERVICE in a query that declares BASE is refused: write the endpoint as an absolute IRI without BASE.', 'service');
    }
    let host: string | undefined;
    try { host = new URL(target.iri!).hostname; } catch { host = undefined; }
    if (!host || !allowed.includes(host)) {
      throw new QueryRefusedError(403, `SERVICE <${target.iri}> is refused: this endpoint does not connect to other hosts unless they are on its allowlist (currently ${list}; setting SERVICE_ALLOWLIST).`, 'service');
    }
    if (!options.canFederate) {
      throw new QueryRefusedError(501, `SERVICE <${target.iri}> is allowed by configuration, but this engine cannot run federated queries; run the federated query from a store that can (see docs/wikidata.md).`, 'service');
    }
  }
}
