// The search index's view of names: the terms a name is indexed under and a query
// is looked up by. An adapter over the shared names module (src/link/names.ts),
// the one the reconciliation service matches with, so that search and
// reconciliation agree on who "Maisky, Ivan" is: any script to Latin, catalogue
// and Russian order, titles and particles dropped, the romanisations of Russian
// folded to one key, and a sound code (prefixed "~") for misspellings.

import { allowedEdits, matchKeys, type NameKind } from '../link/names.js';

export type { NameKind };

/** The terms to index a name under. */
export function nameKeys(text: string, kind: NameKind = 'other'): string[] {
  return matchKeys(text, kind);
}

/** A query's readings as a name (as a person's, and as any other name): its word keys and its sound codes. */
export function queryReadings(text: string): { words: string[]; sounds: string[] }[] {
  const readings = (['person', 'other'] as const).map((kind) => {
    const terms = matchKeys(text, kind);
    return { words: terms.filter((t) => !t.startsWith('~')), sounds: terms.filter((t) => t.startsWith('~')) };
  });
  const same = readings[0].words.join(' ') === readings[1].words.join(' ') && readings[0].sounds.join(' ') === readings[1].sounds.join(' ');
  return same ? [readings[0]] : readings;
}

/** How many edits a word may differ by and still be the same name (the reconciliation service's rule). */
export function editsFor(word: string): number {
  return allowedEdits(word);
}
