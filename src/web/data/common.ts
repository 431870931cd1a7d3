// Shared shapes of the view models and small helpers for the loaders: a reference
// to an entity with the label a reader sees (footnotes as "Footnote 38", not their
// machine label), grouping and ordering.

import { iriTerm, type Row } from '../../store/select.js';

export { iriTerm, type Row };

export interface Ref {
  iri: string;
  label: string;
  /** EDTF date as recorded, and its earliest day (xsd:date) for ordering. */
  date?: string;
  earliest?: string;
  /** A footnote's number. */
  n?: number;
}

/** The SPARQL pattern that binds, for ?x, what a reader should see it called. */
export function labelPattern(v: string): string {
  return `OPTIONAL { ${v} rdfs:label ${v}Label } OPTIONAL { ${v} dly:footnoteNumber ${v}N } OPTIONAL { ${v} dly:date ${v}Date } OPTIONAL { ${v} dly:earliest ${v}Earliest }`;
}

/** A Ref from a row bound with labelPattern(?name). */
export function refOf(row: Row, name: string): Ref {
  const iri = row[name]!;
  const n = row[`${name}N`] ? Number(row[`${name}N`]) : undefined;
  const label = n !== undefined ? `Footnote ${n}` : row[`${name}Label`] ?? iri.replace(/^.*[#/]/, '');
  return { iri, label, date: row[`${name}Date`], earliest: row[`${name}Earliest`], n };
}

/** Reading order: footnotes by number, dated things by date, the rest by label (numbers inside labels in numeric order). */
export function byReadingOrder(a: Ref, b: Ref): number {
  if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
  if (a.earliest && b.earliest && a.earliest !== b.earliest) return a.earliest < b.earliest ? -1 : 1;
  if (a.earliest && !b.earliest) return -1;
  if (!a.earliest && b.earliest) return 1;
  return a.label.localeCompare(b.label, 'en', { numeric: true });
}

export function uniqueBy<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(keyOf(item)) ? false : (seen.add(keyOf(item)), true)));
}

export function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

export function values(iris: string[]): string {
  return iris.map(iriTerm).join(' ');
}
