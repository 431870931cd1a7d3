// Names as catalogues, archives and Russian sources write them, reduced to match
// keys so that every spelling of one name meets: Майский, Maĭskiĭ (Library of
// Congress), Majskij (scholarly), Maiskii, Maisky, Mayskiy (BGN); catalogue order
// ("Maisky, Ivan", "Maĭskiĭ, I. M. (Ivan Mikhaĭlovich), 1884-1975"); Russian order
// ("Майский И. М."); initials; titles and particles ("Sir", "Lord", "von der");
// Russian renderings of Western names (Чемберлен, Галифакс); small misspellings.
//
// API, shared by the reconciliation service and any search index so that both
// agree on who "Maisky, Ivan" is:
//
//   parseName(text, kind) -> NameForm  Parse once and keep. `tokens`: folded words in
//        natural order (given names and initials, then the surname), without titles
//        or particles; `key`: the exact-match key (tokens joined by spaces); for a
//        person `surname` and `given`. kind 'person' reads catalogue and Russian order,
//        titles and life dates; 'other' (organisations, places, events, documents)
//        reads "Great Britain. Foreign Office" and "Public Record Office, London" as a
//        core name ("Foreign Office") with qualifiers.
//   matchKeys(text, kind) -> string[]  The terms to index a name under, and to look a
//        query up by: folded words of two or more letters, plus "~" + a sound code
//        (Double Metaphone) for words of four or more letters.
//   scoreName(query, candidate) -> 0..1  How well a query name fits one name of an
//        entity (both parsed with the same kind): 1 same key; 0.97 same words in
//        another order; about 0.9-0.96 surname and compatible given names or initials,
//        or the same core name with unconfirmed qualifiers; 0.85 surname alone (or a
//        query with given names against a surname alone); a misspelt word counts 0.9
//        (one edit), 0.8 (two edits) or 0.75 (the same sound); overlapping words score by
//        how many they share; 0 nothing in common.
//   termsOf(form): matchKeys of a name already parsed.
//   compareNames(a, b, kind), bestNameScore(query, names, kind): the same on strings.
//   wordSimilarity(a, b), allowedEdits(word): the word-level comparison, for an index's
//        fuzzy look-up to tolerate exactly what the scorer tolerates.
//   foldToken(word), latinise(text): the two normalisation steps, exposed for tests.
//
// Libraries do the solved parts: @sindresorhus/transliterate (any script to Latin),
// leven (edit distance), double-metaphone (sound codes). What no library does is make
// the Latin romanisations of Russian meet, so foldToken holds that small table
// (й: ĭ/i/y/j; ы: y; х: kh/x/h; ж: zh/ž; ц: ts/c; ч: ch/č; ш/щ: sh/š/shch/šč;
// я/ю: ia/ya/ja, iu/yu/ju; -ii/-iy/-ij/-y; doubled letters), applied to both sides.

import transliterate from '@sindresorhus/transliterate';
import leven from 'leven';
import { doubleMetaphone } from 'double-metaphone';

export type NameKind = 'person' | 'other';

/** One word of a name. */
export interface NameWord {
  /** The folded word (see foldToken). */
  key: string;
  /** Double Metaphone codes of the unfolded word (empty for short words and initials). */
  sounds: string[];
  /** Written as an initial ("I.", "Ia.", a single letter). */
  initial: boolean;
}

export interface NameForm {
  words: NameWord[];
  /** words' keys, in natural order. */
  tokens: string[];
  key: string;
  /** Person: the family name (last word) and what stands before it. */
  surname?: NameWord;
  given: NameWord[];
  /** Other: the name without its qualifiers. */
  core: NameWord[];
}

/** Words that are never part of a person's name in any catalogue form. */
const TITLES = new Set(['sir', 'lord', 'lady', 'dame', 'mr', 'mrs', 'ms', 'miss', 'mme', 'mlle', 'dr', 'prof', 'professor',
  'herr', 'frau', 'monsieur', 'madame', 'general', 'gen', 'marshal', 'admiral', 'colonel', 'col', 'captain', 'capt', 'major',
  'earl', 'viscount', 'baron', 'baroness', 'count', 'countess', 'duke', 'marquess', 'marquis', 'graf', 'freiherr', 'friherre',
  'ambassador', 'minister', 'comrade', 'tovarishch', 'gospodin', 'rt', 'hon', 'honourable', 'right', 'the', 'of', 'bart', 'bt',
  'kg', 'gcb', 'gcmg', 'kcmg', 'cmg', 'mp', 'jr', 'sr', 'ii', 'iii']);
/** "Edward Wood, 1st Earl of Halifax" is a name and a peerage, not catalogue order. */
const PEERAGE = new Set(['earl', 'viscount', 'baron', 'baroness', 'lord', 'lady', 'duke', 'marquess', 'marquis', 'count', 'countess', 'graf', '1st', '2nd', '3rd', '4th']);
/** Particles dropped from family names: "von der Schulenburg" and "Schulenburg" are one key. */
const PARTICLES = new Set(['von', 'fon', 'van', 'der', 'den', 'de', 'du', 'des', 'le', 'la', 'di', 'da', 'del', 'della', 'zu', 'ten', 'ter', 'af', 'al']);
/** Words that carry no weight in the names of organisations, places and documents. */
const STOPWORDS = new Set(['the', 'of', 'in', 'for', 'and', 'a', 'an', 'on', 'at', 'by', 'to', 'with', 'from', 'et', 'und', 'de', 'du', 'des', 'la', 'le']);
/** Russian patronymics once folded: Mikhailovich -> mihailovic, Efremovna -> efremovna. */
const PATRONYMIC = /.{3,}(ovic|evic|ovna|evna|icna)$/;
const PARENS = /\(([^)]*)\)/g;
/** A name is read up to this many words (the first ones and the last), each up to MAX_WORD letters: bounded work per name. */
export const MAX_WORDS = 32;
export const MAX_WORD = 40;
const APOSTROPHES = /['’`ʹʺ′″"]/g;

/** Any script and any accent to plain lower-case Latin. */
export function latinise(text: string): string {
  // Combining marks go first, so that ä is a (as English catalogues write Väinö: Vaino,
  // not the German ae) and й/ё are и/е as in the romanisations that ignore them; the
  // library transliterates the rest (Cyrillic, ß, ø, ł...).
  const stripped = text.normalize('NFD').replace(/[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]/g, '').normalize('NFC');
  return transliterate(stripped).toLowerCase();
}

/**
 * One key for the romanisations of a Russian word and a few Western spellings of
 * them. Applied to both sides of every comparison: consistent, not phonetic truth.
 */
export function foldToken(word: string): string {
  return word
    .replace(/shch|sch|sh/g, 's') // щ: shch (šč below), ш: sh/š, German sch
    .replace(/sc(?=[ei])/g, 's') // šč once accents are gone: Ščerbakov
    .replace(/zh/g, 'z') // ж: zh/ž
    .replace(/kh/g, 'h') // х: kh/h
    .replace(/^x(?=[aeiouy])/, 'h') // х: x (scholarly), at the start of a word only
    .replace(/tch|ch/g, 'c') // ч: ch/č
    .replace(/ts|tz/g, 'c') // ц: ts/c/tz
    .replace(/ks/g, 'x') // Maksim/Maxim
    .replace(/w/g, 'v') // Molotow
    .replace(/[jy]/g, 'i') // й: i/y/j; ы: y; я: ia/ya/ja; ю: iu/yu/ju
    .replace(/^ie/, 'e').replace(/([aeiou])ie/g, '$1e') // е: ye/e (Yezhov, Sergeyev)
    .replace(/([^aeiou])io/g, '$1e') // ё: yo/io/e (Potyomkin, Fyodor)
    .replace(/(.)\1+/g, '$1'); // doubled letters: -ii/-iy/-ij/-y, Bullitt/Bullit
}

interface Raw { text: string; initial: boolean }

/** The words of a part of a name, latinised; "I." and single letters marked as initials. */
function rawWords(part: string, dropDates = false): Raw[] {
  let text = latinise(part).replace(/(\w)['’`ʹʺ′″]s\b/g, '$1').replace(APOSTROPHES, ''); // Maiskii's; soft signs
  // A catalogue heading's life dates: 1884-1975, 1945-, b. 1945; and any other number.
  if (dropDates) text = text.replace(/\b(?:b|d|fl|ca)\.?\s*(?=\d)/g, ' ').replace(/\b\d+\w*\b/g, ' ');
  const out: Raw[] = [];
  for (const match of text.matchAll(/([a-z0-9]+)(\.?)/g)) {
    const raw = match[1].slice(0, MAX_WORD);
    out.push({ text: raw, initial: /^[a-z]$/.test(raw) || (match[2] === '.' && raw.length <= 2 && !/\d/.test(raw)) });
  }
  return out;
}

/** A person's words: no dates, no titles ("M." only before a surname: Monsieur), no particles when something else is left. */
function personWords(part: string): Raw[] {
  const all = rawWords(part, true);
  const noTitles = all.filter((t, i) => (t.text === 'm' && t.initial ? !(i === 0 && all.length > 1 && !all[1].initial) : !TITLES.has(t.text)));
  const kept = noTitles.filter((t) => !PARTICLES.has(t.text));
  return kept.length ? kept : noTitles;
}

function word(raw: Raw): NameWord {
  const key = foldToken(raw.text) || raw.text;
  const sounds = !raw.initial && raw.text.length >= 4 && /[a-z]/.test(raw.text) ? [...new Set(doubleMetaphone(raw.text))].filter((s) => s.length >= 3) : [];
  return { key, sounds, initial: raw.initial };
}

const bounded = (raws: Raw[]) => (raws.length > MAX_WORDS ? [...raws.slice(0, MAX_WORDS - 1), raws[raws.length - 1]] : raws);

function build(raws: Raw[], person: boolean, core?: Raw[]): NameForm {
  const words = bounded(raws).map(word);
  const tokens = words.map((w) => w.key);
  return {
    words, tokens, key: tokens.join(' '),
    surname: person ? words[words.length - 1] : undefined,
    given: person ? words.slice(0, -1) : [],
    core: core ? bounded(core).map(word) : words,
  };
}

function parsePerson(text: string): NameForm {
  const fuller = [...text.matchAll(PARENS)].map((m) => m[1]).filter((p) => /[^\d\s\-–.,?]/.test(p));
  const parts = text.replace(PARENS, ' ').split(/[,;]/).map((p) => p.trim()).filter((p) => personWords(p).length || /[a-z]/i.test(p));
  if (parts.length >= 2) {
    const head = personWords(parts[0]);
    const second = rawWords(parts[1]);
    if (second.length && PEERAGE.has(second[0].text)) {
      // "Edward Wood, 1st Earl of Halifax": the name, then the peerage; the key is the name's.
      const named = build(head, true);
      const all = build([...head, ...parts.slice(1).flatMap(personWords)], true);
      return { ...named, words: all.words, tokens: all.tokens };
    }
    // Catalogue order: "Maisky, Ivan"; "Lloyd George, David"; "Halifax, Edward Frederick Lindley Wood, Earl of".
    return build([...expandInitials(personWords(parts[1]), fuller), ...head], true);
  }
  let raws = personWords(parts[0] ?? '');
  if (raws.length >= 2) {
    const [first, ...tail] = raws;
    const last = raws[raws.length - 1];
    const russianOrder = (!first.initial && tail.every((t) => t.initial)) // Майский И. М.
      || (raws.length === 3 && !raws.some((t) => t.initial) && PATRONYMIC.test(foldToken(last.text)) && !PATRONYMIC.test(foldToken(raws[1].text))); // Майский Иван Михайлович
    if (russianOrder) raws = [...tail, first];
  }
  return build([...expandInitials(raws.slice(0, -1), fuller), ...raws.slice(-1)], true);
}

/** "I. M. (Ivan Mikhailovich)": the fuller form in parentheses replaces the initials it agrees with. */
function expandInitials(given: Raw[], fuller: string[]): Raw[] {
  if (!fuller.length || !given.length || !given.every((t) => t.initial)) return given;
  const full = personWords(fuller[0]);
  const agree = full.length >= given.length && given.every((t, i) => foldToken(full[i].text)[0] === foldToken(t.text)[0]);
  return agree ? full : given;
}

function parseOther(text: string): NameForm {
  // "Great Britain. Foreign Office": a catalogue's jurisdiction, then the body. "Public
  // Record Office, London", "Posolstvo (Great Britain)": the name, then qualifiers.
  const keep = (t: Raw) => !STOPWORDS.has(t.text);
  const segments = text.replace(PARENS, ' , ').split(/(?<=\p{L}{3})\.\s+(?=\p{Lu})/u);
  const core = rawWords(segments[segments.length - 1].split(/[,;:]/)[0]).filter(keep);
  const all = rawWords(text).filter(keep);
  return build(all, false, core.length ? core : all);
}

/** Parses a name once; keep the result and score against it. */
export function parseName(text: string, kind: NameKind = 'person'): NameForm {
  const form = kind === 'person' ? parsePerson(text) : parseOther(text);
  if (form.tokens.length > 0 || !text.trim()) return form;
  // Nothing but titles or stopwords ("Lord", "The Hon."): keep the words themselves.
  return build(rawWords(text), kind === 'person');
}

/** Index terms for a name (see the top of this file). */
export function matchKeys(text: string, kind: NameKind = 'person'): string[] {
  return termsOf(parseName(text, kind));
}

/** Index terms of a parsed name. */
export function termsOf(form: NameForm): string[] {
  const terms = new Set<string>();
  for (const w of form.words) {
    if (w.key.length >= 2) terms.add(w.key);
    for (const sound of w.sounds) terms.add(`~${sound}`);
  }
  return [...terms];
}

/** How many edits two words may differ by and still be one name: one from four letters, two from eight. */
export function allowedEdits(token: string): number {
  return token.length >= 8 ? 2 : token.length >= 4 ? 1 : 0;
}

/** 1 the same word; 0.9 / 0.8 one / two edits (within allowedEdits); 0.75 the same sound (0.7 nearly, for long words); else 0. */
export function wordSimilarity(a: NameWord, b: NameWord): number {
  if (a.key === b.key) return 1;
  return computeSimilarity(a, b);
}

function computeSimilarity(a: NameWord, b: NameWord): number {
  const allowed = Math.min(allowedEdits(a.key), allowedEdits(b.key));
  if (allowed > 0 && Math.abs(a.key.length - b.key.length) <= allowed) {
    const distance = leven(a.key, b.key, { maxDistance: allowed + 1 });
    if (distance <= allowed) return 1 - distance / 10;
  }
  // The same sound (Иден and Eden, Рузвельт and Roosevelt; long codes may differ by one:
  // Чемберлен KMPRLN, Chamberlain XMPRLN), if the spellings are not too far apart
  // either (Maisky and Moscow share a code).
  const sounds = a.sounds.some((s) => b.sounds.includes(s)) ? 0.75
    : a.sounds.some((s) => s.length >= 5 && b.sounds.some((t) => t.length >= 5 && leven(s, t, { maxDistance: 2 }) <= 1)) ? 0.7 : 0;
  if (sounds === 0) return 0;
  const half = Math.floor(Math.max(a.key.length, b.key.length) / 2);
  return leven(a.key, b.key, { maxDistance: half + 1 }) <= half ? sounds : 0;
}

/** An initial against a word: "i" or "ia" fits "ivan", "iakov". */
function initialFits(initial: string, name: string): boolean {
  return name.startsWith(initial) || name[0] === initial[0];
}

function givenFits(q: NameWord, c: NameWord): number {
  if (q.initial || c.initial) return initialFits(q.initial ? q.key : c.key, q.initial ? c.key : q.key) ? 0.98 : 0;
  return wordSimilarity(q, c);
}

/** How a query's given names agree with a candidate's: aligned in order, extras (a patronymic) skipped. */
function givenFactor(q: NameForm, c: NameForm): number {
  if (q.given.length === 0 && c.given.length === 0) return 1;
  if (q.given.length === 0 || c.given.length === 0) return 0.85;
  let from = 0;
  let matched = 0;
  let quality = 1;
  for (const g of q.given) {
    for (let k = from; k < c.given.length; k++) {
      const fit = givenFits(g, c.given[k]);
      if (fit > 0) { matched++; quality = Math.min(quality, fit); from = k + 1; break; }
    }
  }
  if (matched === 0) return 0.4; // Frank Roberts is not Geoffrey Roberts
  const allQ = matched === q.given.length;
  const allC = matched === c.given.length;
  const base = allQ && allC ? 0.96 : allQ || allC ? 0.93 : 0.6;
  return base * Math.max(quality, 0.9);
}

/** Fuzzy overlap of two word lists: a Dice coefficient over best-matching words (the same words first, then near ones). */
function overlap(a: NameWord[], b: NameWord[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let sum = 0;
  const used = new Array<boolean>(b.length).fill(false);
  const rest: NameWord[] = [];
  for (const t of a) {
    const at = b.findIndex((u, i) => !used[i] && u.key === t.key);
    if (at >= 0) { used[at] = true; sum += 1; } else rest.push(t);
  }
  for (const t of rest) {
    let best = 0;
    let at = -1;
    for (let i = 0; i < b.length; i++) {
      if (used[i]) continue;
      const u = b[i];
      const s = t.initial || u.initial ? (t.key[0] === u.key[0] ? 0.5 : 0) : wordSimilarity(t, u);
      if (s > best) { best = s; at = i; }
    }
    if (at >= 0) { used[at] = true; sum += best; }
  }
  return (2 * sum) / (a.length + b.length);
}

function sameWords(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

/** How well a query name fits one candidate name, 0..1 (see the top of this file). */
export function scoreName(q: NameForm, c: NameForm): number {
  if (q.tokens.length === 0 || c.tokens.length === 0) return 0;
  if (q.key === c.key) return 1;
  if (sameWords(q.tokens, c.tokens)) return 0.97;
  let best = 0.9 * overlap(q.words, c.words);
  if (q.surname && c.surname) {
    const surname = wordSimilarity(q.surname, c.surname);
    if (surname > 0) best = Math.max(best, surname * givenFactor(q, c));
    else if (q.words.length === 1 && c.tokens.includes(q.tokens[0])) best = Math.max(best, 0.7); // "Lloyd" of "David Lloyd George"
  } else if (q.core.length && c.core.length) {
    // Organisations, places: "Great Britain. Foreign Office" is the Foreign Office, qualified.
    // Only when one side is the bare name and the other's qualifiers are short (a
    // document's "Stanley, untitled memorandum, 25 October 1939" is not Stanley).
    const same = q.core.length === c.core.length && q.core.every((w, i) => w.key === c.core[i].key);
    const shortQualifiers = (f: NameForm) => f.words.length - f.core.length <= f.core.length;
    const bare = (f: NameForm) => f.words.length === f.core.length;
    if (same && ((bare(q) && shortQualifiers(c)) || (bare(c) && shortQualifiers(q)))) best = Math.max(best, 0.95);
    else if (shortQualifiers(q) && shortQualifiers(c)) best = Math.max(best, 0.92 * overlap(q.core, c.core));
  }
  return Math.min(best, 0.99);
}

/** scoreName on plain strings. */
export function compareNames(query: string, candidate: string, kind: NameKind = 'person'): number {
  return scoreName(parseName(query, kind), parseName(candidate, kind));
}

/** The best score of a query against any of the names. */
export function bestNameScore(query: string, names: string[], kind: NameKind = 'person'): number {
  const q = parseName(query, kind);
  return names.reduce((best, name) => Math.max(best, scoreName(q, parseName(name, kind))), 0);
}
