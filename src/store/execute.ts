// Runs one prepared SPARQL query against an Oxigraph store and returns the
// serialised result in the negotiated format, cut at the row limit and at the byte
// limit with the cut reported. Oxigraph serialises (its writers follow the W3C
// result formats); this module only counts, trims and, for graphs, re-serialises
// with our prefixes and context.

import oxigraph from 'oxigraph';
import { Parser } from 'n3';
import { serialiseTriples } from './serialise.js';
import { type PreparedQuery, type QueryDataset } from '../query/prepare.js';
import { QueryRefusedError } from '../query/errors.js';
import { QueryFailedError } from '../engine/errors.js';
import { type EngineResult } from '../engine/engine.js';

export interface ResultOptions {
  /** Media type for SELECT and ASK results, and for CONSTRUCT and DESCRIBE. */
  resultSetType: string;
  graphType: string;
  maxResults: number;
  maxResultBytes: number;
}

export const RESULT_SET_TYPES = {
  'application/sparql-results+json': 'json',
  'application/sparql-results+xml': 'xml',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
} as const;

export const GRAPH_TYPES = [
  'text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig', 'application/ld+json', 'application/rdf+xml',
] as const;

type ResultFormat = 'json' | 'xml' | 'csv' | 'tsv';

export function datasetOptions(dataset: QueryDataset): Record<string, unknown> {
  if (dataset === 'union') return { use_default_graph_as_union: true };
  return {
    default_graph: dataset.defaultGraphs.map((iri) => oxigraph.namedNode(iri)),
    named_graphs: dataset.namedGraphs.map((iri) => oxigraph.namedNode(iri)),
  };
}

function run(store: oxigraph.Store, prepared: PreparedQuery, resultsFormat: string): string {
  try {
    return store.query(prepared.text, { ...datasetOptions(prepared.dataset), results_format: resultsFormat }) as string;
  } catch (error) {
    // A trap in WebAssembly is an engine fault, not a query error: the caller must discard the store.
    if ((error as Error)?.name === 'RuntimeError' || error instanceof RangeError) throw error;
    // The normaliser never makes a query fail: if the engine refuses the rewrite, it runs the client's text.
    if (prepared.fallback) return run(store, { ...prepared, ...prepared.fallback, fallback: undefined }, resultsFormat);
    throw new QueryFailedError(correctPositions(String((error as Error).message ?? error), prepared.offset));
  }
}

/** Moves "1:COL" positions in engine messages back to the client's own text. */
function correctPositions(message: string, offset: number): string {
  if (offset === 0) return message;
  return message.replace(/\b1:(\d+)/g, (_m, col) => `1:${Math.max(1, Number(col) - offset)}`);
}

export function executeQuery(store: oxigraph.Store, prepared: PreparedQuery, options: ResultOptions): EngineResult {
  if (prepared.form === 'CONSTRUCT' || prepared.form === 'DESCRIBE') return executeGraphQuery(store, prepared, options);
  const mediaType = options.resultSetType;
  const format: ResultFormat = RESULT_SET_TYPES[mediaType as keyof typeof RESULT_SET_TYPES] ?? 'json';
  const body = run(store, prepared, format);
  if (prepared.form === 'ASK') return { body, mediaType, form: prepared.form, count: 1, truncated: false };
  return capResultSet(body, format, options, prepared.form);
}

/** Cuts a serialised SELECT result after `maxResults` rows, or before `maxResultBytes`. */
export function capResultSet(body: string, format: ResultFormat, options: Pick<ResultOptions, 'maxResults' | 'maxResultBytes' | 'resultSetType'>, form = 'SELECT'): EngineResult {
  const mediaType = options.resultSetType;
  const { maxResults: max, maxResultBytes: maxBytes } = options;
  // Rows of every format end at a known boundary: find them, keep as many as both limits allow.
  const { head, rowEnds, tail } = rowBoundaries(body, format);
  const rows = rowEnds.length;
  let keep = Math.min(rows, max);
  while (keep > 0 && rowEnds[keep - 1] + tail.length > maxBytes) keep--;
  if (keep === rows) return { body, mediaType, form, count: rows, truncated: false };
  if (keep === 0 && rows > 0 && max > 0) throw tooLarge(maxBytes);
  const truncated = keep < Math.min(rows, max) ? 'bytes' : 'rows';
  const cut = keep === 0 ? body.slice(0, head) : body.slice(0, rowEnds[keep - 1]);
  if (format === 'json') {
    const limit = truncated === 'rows' ? max : maxBytes;
    return { body: `${cut}\n]},"truncated":true,"limit":${limit}}`, mediaType, form, count: keep, truncated };
  }
  return { body: cut + tail, mediaType, form, count: keep, truncated };
}

function tooLarge(maxBytes: number): QueryRefusedError {
  return new QueryRefusedError(422, `A single result row is larger than the limit of ${maxBytes} bytes per response (setting MAX_RESULT_BYTES); select fewer or shorter values.`, 'result-bytes');
}

/**
 * Where the rows of a serialised result end (offsets just after each row), the
 * length of the header, and the text that closes the document.
 */
function rowBoundaries(body: string, format: ResultFormat): { head: number; rowEnds: number[]; tail: string } {
  if (format === 'json') {
    // Oxigraph writes one binding object per row inside "bindings":[ … ] with no nested arrays.
    const start = body.indexOf('"bindings":[');
    if (start === -1) return { head: body.length, rowEnds: [], tail: '' };
    const rowEnds: number[] = [];
    let depth = 0;
    let quoted = false;
    for (let i = start + '"bindings":['.length; i < body.length; i++) {
      const c = body[i];
      if (quoted) { if (c === '\\') i++; else if (c === '"') quoted = false; continue; }
      if (c === '"') quoted = true;
      else if (c === '{') depth++;
      else if (c === '}') { depth--; if (depth === 0) rowEnds.push(i + 1); }
      else if (c === ']' && depth === 0) break;
    }
    return { head: start + '"bindings":['.length, rowEnds, tail: '' };
  }
  if (format === 'xml') {
    const rowEnds: number[] = [];
    for (let i = body.indexOf('</result>'); i !== -1; i = body.indexOf('</result>', i + 1)) rowEnds.push(i + '</result>'.length);
    const head = body.indexOf('<results>');
    return { head: head === -1 ? body.length : head + '<results>'.length, rowEnds, tail: '</results></sparql>' };
  }
  // CSV rows end at a line break outside quotes; TSV escapes line breaks, so rows are lines.
  const ends: number[] = [];
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (format === 'csv' && c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) ends.push(i + 1);
  }
  if (ends.length === 0) return { head: body.length, rowEnds: [], tail: '' };
  return { head: ends[0], rowEnds: ends.slice(1), tail: '' };
}

function executeGraphQuery(store: oxigraph.Store, prepared: PreparedQuery, options: ResultOptions): EngineResult {
  return graphResult(run(store, prepared, 'application/n-triples'), prepared.form, options);
}

/**
 * A CONSTRUCT or DESCRIBE result from its N-Triples, cut at the row and byte
 * limits and written in the negotiated type. `canonical` says the text is
 * already one triple per line as our writer puts it (Oxigraph's is), so that it
 * can be sent as it is for N-Triples.
 */
export function graphResult(ntriples: string, form: string, options: ResultOptions, canonical = true): EngineResult {
  const lines = ntriples.length === 0 ? [] : ntriples.split('\n').filter((line) => line.trim().length > 0);
  let keep = Math.min(lines.length, options.maxResults);
  let bytes = 0;
  for (let i = 0; i < keep; i++) {
    bytes += lines[i].length + 1;
    if (bytes > options.maxResultBytes) { if (i === 0) throw tooLarge(options.maxResultBytes); keep = i; break; }
  }
  const truncated = keep === lines.length ? false : keep < Math.min(lines.length, options.maxResults) ? 'bytes' : 'rows';
  const kept = keep === lines.length ? lines : lines.slice(0, keep);
  const text = kept.length ? `${kept.join('\n')}\n` : '';
  const mediaType = options.graphType;
  const body = canonical && (mediaType === 'application/n-triples' || mediaType === 'application/n-quads')
    ? text : serialiseTriples(new Parser({ format: 'N-Triples' }).parse(text), mediaType);
  return { body, mediaType, form, count: kept.length, truncated };
}
