// Browser side: run a query against this server's SPARQL endpoint and get rows
// of plain values; link a view to the query behind it.

export type Row = Record<string, string | undefined>;

export const PREFIXES = `PREFIX dly: <https://w3id.org/delicacy/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
`;

export async function select(query: string): Promise<Row[]> {
  const res = await fetch('/sparql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query }).toString(),
  });
  if (!res.ok) throw new Error(`The query failed (${res.status}): ${await res.text()}`);
  const json = await res.json() as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

/** Links the page's "query behind this view" element to the query UI. */
export function showQueries(queries: string[]): void {
  const holder = document.getElementById('view-queries');
  if (!holder) return;
  holder.innerHTML = '';
  queries.forEach((query, i) => {
    const a = document.createElement('a');
    a.href = `/sparql#${new URLSearchParams({ query }).toString()}`;
    a.textContent = queries.length > 1 ? `query ${i + 1}` : 'the SPARQL query behind this view';
    a.className = 'view-query-link';
    holder.append(a, ' ');
  });
}

/** Our entity IRIs are served at the same path here. */
export function localHref(iri: string): string {
  const match = /^https?:\/\/[^/]+\/delicacy\/(id\/.*)$/.exec(iri) ?? /^https?:\/\/[^/]+\/(id\/.*)$/.exec(iri);
  return match ? `/${match[1]}` : iri;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

export function fail(error: unknown): void {
  const box = document.getElementById('view-status');
  if (box) box.textContent = `Could not load the view: ${(error as Error).message}`;
}

export function status(text: string): void {
  const box = document.getElementById('view-status');
  if (box) box.textContent = text;
}

// The views' filter forms only drive the page: pressing Enter must not submit them.
document.querySelectorAll('form.controls').forEach((form) => form.addEventListener('submit', (event) => event.preventDefault()));
