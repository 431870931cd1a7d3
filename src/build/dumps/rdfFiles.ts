// N-Quads, TriG and Turtle dumps, streamed to disk with N3's writer.
// Quads arrive sorted, so every dump lists the data in the same stable order.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DataFactory, Writer, type Quad } from 'n3';

export type RdfDumpFormat = 'N-Quads' | 'TriG' | 'Turtle';

/** Sorts and removes exact duplicates (the same triple stated twice in one graph). */
export function sortedUnique(quads: Quad[]): Quad[] {
  const sorted = [...quads].sort(compareQuads);
  return sorted.filter((q, i) => i === 0 || !q.equals(sorted[i - 1]));
}

export function compareQuads(a: Quad, b: Quad): number {
  return a.graph.value.localeCompare(b.graph.value) || a.subject.value.localeCompare(b.subject.value) ||
    a.predicate.value.localeCompare(b.predicate.value) || a.object.value.localeCompare(b.object.value) ||
    (a.object.termType === 'Literal' && b.object.termType === 'Literal' ? a.object.datatype.value.localeCompare(b.object.datatype.value) : 0);
}

/** The union of all graphs as triples, without duplicates, in subject order. */
export function unionTriples(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  const triples: Quad[] = [];
  for (const q of quads) {
    const key = `${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.termType}${q.object.value}\u0000${q.object.termType === 'Literal' ? q.object.datatype.value + q.object.language : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    triples.push(q);
  }
  return triples.sort((a, b) => a.subject.value.localeCompare(b.subject.value) || a.predicate.value.localeCompare(b.predicate.value) || a.object.value.localeCompare(b.object.value));
}

export async function writeRdf(path: string, quads: Iterable<Quad>, format: RdfDumpFormat, prefixes: Record<string, string>): Promise<void> {
  const out = createWriteStream(path);
  const writer = new Writer(out, { format, prefixes: format === 'N-Quads' ? undefined : prefixes });
  for (const q of quads) {
    writer.addQuad(format === 'Turtle' ? DataFactory.quad(q.subject, q.predicate, q.object) : q);
  }
  writer.end();
  await once(out, 'finish');
}
