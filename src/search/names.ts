// The search index's view of names: the terms a name is indexed under and a query
// is looked up by. A thin adapter so that search and the reconciliation service
// agree on who "Maisky, Ivan" is: today it folds what src/link/names.ts folds
// (titles, initials, Russian romanisations) after turning any script into Latin;
// when the shared names module offers match keys, this is the one place to switch.

import transliterate from '@sindresorhus/transliterate';
import { tokens } from '../link/names.js';

export type NameKind = 'person' | 'other';

/** Any script and accent to plain Latin: Майский -> Mayskiy, Maĭskiĭ -> Maiskii. */
function latin(text: string): string {
  return transliterate(text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC'));
}

/** One spelling for the romanisations tokens() leaves apart: y/j/i, doubled letters. */
function fold(word: string): string {
  return word.replace(/[jy]/g, 'i').replace(/(.)\1+/g, '$1');
}

/** The terms to index a name under, and to look a query up by. */
export function nameKeys(text: string, _kind: NameKind = 'other'): string[] {
  return tokens(latin(text)).map(fold).filter(Boolean);
}
