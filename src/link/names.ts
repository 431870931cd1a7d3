// Name matching that knows the ways one person is written: titles (Sir, Lord, M.),
// initials ("I. M. Maiskii"), and transliteration variants of Russian names
// ("Maiskii" / "Maisky", "Viacheslav" / "Vyacheslav", "Iudanov" / "Yudanov").

const TITLES = new Set(['sir', 'lord', 'lady', 'mr', 'mrs', 'miss', 'm', 'mme', 'dr', 'herr', 'monsieur', 'general', 'marshal',
  'earl', 'viscount', 'baron', 'count', 'graf', 'von', 'der', 'de', 'du', 'of', 'the', 'ambassador', '1st', '2nd', '3rd']);

/** One spelling for the common romanisations of Russian (and a few Finnish/French accents). */
export function transliterate(word: string): string {
  return word
    .replace(/iia$/, 'ia').replace(/ii$|iy$|yi$|ij$/, 'y')
    .replace(/^ia/, 'ya').replace(/^iu/, 'yu').replace(/^ie/, 'ye')
    .replace(/([aeiou])ia/g, '$1ya').replace(/([bcdfghklmnprstvz])ia/g, '$1ya').replace(/([bcdfghklmnprstvz])iu/g, '$1yu')
    .replace(/kh/g, 'h').replace(/ks/g, 'x').replace(/ts/g, 'c').replace(/w/g, 'v')
    .replace(/ë/g, 'e');
}

export function tokens(name: string): string[] {
  return name
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[’'`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t && !TITLES.has(t))
    .map(transliterate);
}

export function normaliseName(name: string): string {
  return tokens(name).join(' ');
}

export interface NameMatch {
  /** 1 exact (all tokens), 0.9 surname and compatible initials, 0.75 surname only, 0 no match. */
  score: number;
}

/** How well a query name fits one of an entity's names. */
export function compareNames(query: string, candidate: string): number {
  const q = tokens(query);
  const c = tokens(candidate);
  if (q.length === 0 || c.length === 0) return 0;
  if (q.join(' ') === c.join(' ')) return 1;
  const qSurname = q[q.length - 1];
  const cSurname = c[c.length - 1];
  if (qSurname !== cSurname) {
    // One-word names ("Halifax") against a longer name containing them.
    if (q.length === 1 && c.includes(q[0])) return 0.8;
    if (c.length === 1 && q.includes(c[0])) return 0.8;
    return 0;
  }
  const qGiven = q.slice(0, -1);
  const cGiven = c.slice(0, -1);
  if (qGiven.length === 0 || cGiven.length === 0) return 0.85;
  const compatible = qGiven.every((g, i) => {
    const other = cGiven[i];
    if (other === undefined) return true;
    return g === other || (g.length === 1 && other.startsWith(g)) || (other.length === 1 && g.startsWith(other));
  });
  return compatible ? 0.9 : 0.5;
}

/** The best score of a query against any of the names. */
export function bestNameScore(query: string, names: string[]): number {
  return names.reduce((best, name) => Math.max(best, compareNames(query, name)), 0);
}
