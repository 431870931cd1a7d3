// A SELECT against an in-process store, returning plain rows. Used for the
// small, bounded lookups behind entity pages; user queries go to the worker pool.

import type oxigraph from 'oxigraph';
import { PREFIXES } from '../model/namespaces.js';

export type Row = Record<string, string | undefined>;

const PROLOGUE = Object.entries(PREFIXES).map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join('\n');

export function select(store: oxigraph.Store, query: string): Row[] {
  const json = JSON.parse(store.query(`${PROLOGUE}\n${query}`, { use_default_graph_as_union: true, results_format: 'json' }) as string);
  return (json.results.bindings as Record<string, { value: string }>[]).map((binding) =>
    Object.fromEntries(Object.entries(binding).map(([name, term]) => [name, term.value])));
}

/** An IRI as a SPARQL term (IRIs here come from our own data or are validated first). */
export function iriTerm(iri: string): string {
  if (/[<>"{}|^`\\\s]/.test(iri)) throw new Error(`not an IRI: ${iri}`);
  return `<${iri}>`;
}
