// Formats query results for the command line: an aligned table with prefixed
// names for people, or any of the standard serialisations for scripts.

import type oxigraph from 'oxigraph';
import { prepareQuery } from '../query/prepare.js';
import { datasetOptions } from './execute.js';
import { datasetPrefixes } from '../model/iri.js';
import { compactor } from '../build/dumps/jsonld.js';

export type OutputFormat = 'table' | 'json' | 'csv' | 'tsv' | 'turtle';

interface JsonTerm { type: string; value: string; datatype?: string; 'xml:lang'?: string }

export function formatResults(store: oxigraph.Store, original: string, format: OutputFormat): string {
  const prepared = prepareQuery(original, { prefixes: datasetPrefixes(), maxDepth: 100, serviceAllowlist: [], canFederate: false });
  const { form } = prepared;
  const options = datasetOptions(prepared.dataset);
  // The normaliser never makes a query fail: if the engine refuses the rewrite, the query runs as written.
  const run = (format: Record<string, unknown>): string => {
    try {
      return store.query(prepared.text, { ...options, ...format }) as string;
    } catch (error) {
      if (!prepared.fallback) throw error;
      return store.query(prepared.fallback.text, { ...options, ...format }) as string;
    }
  };
  if (form === 'CONSTRUCT' || form === 'DESCRIBE') {
    const mediaType = format === 'json' ? 'application/ld+json' : format === 'table' || format === 'turtle' ? 'text/turtle' : 'application/n-triples';
    return run({ results_format: mediaType });
  }
  if (format !== 'table') {
    const mediaType = { json: 'application/sparql-results+json', csv: 'text/csv', tsv: 'text/tab-separated-values', turtle: 'application/sparql-results+json' }[format];
    return `${run({ results_format: mediaType })}\n`;
  }
  const results = JSON.parse(run({ results_format: 'json' }));
  if (typeof results.boolean === 'boolean') return `${results.boolean}\n`;
  const compact = compactor(datasetPrefixes());
  const show = (term?: JsonTerm) => (!term ? '' : term.type === 'uri' ? compact(term.value) : term.type === 'bnode' ? `_:${term.value}` : term.value);
  const vars: string[] = results.head.vars;
  const rows: string[][] = results.results.bindings.map((b: Record<string, JsonTerm>) => vars.map((v) => show(b[v])));
  const widths = vars.map((v, i) => Math.min(80, Math.max(v.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join(' | ').trimEnd();
  return [line(vars), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`, ''].join('\n');
}
