// The request mix used by the load test and the benchmark: entity lookups, the
// competency-question queries, and entity pages.

import { loadExamples } from '../../src/http/examples.js';
import { projectPath } from '../../src/model/paths.js';
import { type LoadRequest } from './load.js';

export const LOOKUP_PEOPLE = ['maiskii', 'halifax', 'butler', 'cadogan', 'molotov', 'churchill', 'eden', 'seeds', 'cripps', 'stanley', 'sargent', 'collier', 'vansittart', 'elliot', 'lloyd-george'];

/** A lookup: the labels and types of one entity, by IRI (what a client does most). */
export function lookupQuery(id: string, base = 'https://w3id.org/delicacy/'): string {
  return `SELECT ?p ?o WHERE { <${base}id/person/${id}> ?p ?o } LIMIT 100`;
}

export function cqQueries(): { id: string; query: string }[] {
  return loadExamples(projectPath('queries', 'cq')).map((e) => ({ id: e.id, query: e.query }));
}

export function sparqlGet(query: string, label: string, accept = 'application/sparql-results+json'): LoadRequest {
  return { path: `/sparql?${new URLSearchParams({ query })}`, headers: { Accept: accept }, label };
}

/** The mixed workload: lookups, CQ queries and entity pages in turn. */
export function mixedWorkload(): (i: number) => LoadRequest {
  const cq = cqQueries();
  return (i) => {
    const kind = i % 3;
    if (kind === 0) return sparqlGet(lookupQuery(LOOKUP_PEOPLE[i % LOOKUP_PEOPLE.length]), 'lookup');
    if (kind === 1) { const q = cq[i % cq.length]; return sparqlGet(q.query, 'cq'); }
    return { path: `/id/person/${LOOKUP_PEOPLE[i % LOOKUP_PEOPLE.length]}`, headers: { Accept: i % 2 ? 'text/html' : 'text/turtle' }, label: 'page' };
  };
}

/** Rows of a SELECT result; for ASK, 1 for true and 0 for false; -1 when not a result. */
export function resultRows(body: string): number {
  try {
    const json = JSON.parse(body) as { boolean?: boolean; results?: { bindings?: unknown[] } };
    if (typeof json.boolean === 'boolean') return json.boolean ? 1 : 0;
    return json.results?.bindings?.length ?? -1;
  } catch { return -1; }
}
