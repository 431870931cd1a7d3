// Name matching shared by reconciliation and search: the ways one name is written
// meet, different people stay apart, and the work per name is bounded.

import { describe, expect, it } from 'vitest';
import { compareNames, foldToken, matchKeys, parseName, scoreName, MAX_WORDS } from '../../src/link/names.js';

const key = (name: string, kind: 'person' | 'other' = 'person') => parseName(name, kind).key;

describe('name keys', () => {
  it('gives one key to the romanisations of a Russian name and to its Cyrillic', () => {
    const forms = ['Maiskii', 'Maisky', 'Maĭskiĭ', 'Majskij', 'Mayskiy', 'Maiski', 'Майский', 'M. Maisky', 'Mr. Maisky'];
    expect(new Set(forms.map((f) => key(f)))).toEqual(new Set(['maiski']));
    expect(key('Вячеслав Молотов')).toBe(key('Viacheslav Molotov'));
    expect(key('Vjačeslav Molotov')).toBe(key('Vyacheslav Molotov'));
    expect(key('Wjatscheslaw Molotow')).toBe(key('Viacheslav Molotov'));
    expect(key('Щербаков')).toBe(key('Shcherbakov'));
    expect(key('Ščerbakov')).toBe(key('Shcherbakov'));
    expect(key('Хрущёв')).toBe(key('Khrushchev'));
    expect(key('Потёмкин')).toBe(key('Potemkin'));
    expect(key('Potyomkin')).toBe(key('Potemkin'));
    expect(key('Ржешевский')).toBe(key('Rzheshevskii'));
    expect(key("Terent'ev")).toBe(key('Терентьев'));
    expect(key('Izvestiia', 'other')).toBe(key('Известия', 'other'));
    expect(foldToken('yudanov')).toBe(foldToken('iudanov'));
  });

  it('reads catalogue order, Russian order, fuller forms, life dates, titles and particles', () => {
    expect(key('Maisky, Ivan')).toBe(key('Ivan Maisky'));
    expect(key('Lloyd George, David, 1863-1945')).toBe(key('David Lloyd George'));
    expect(key('Seeds, William, Sir, 1882-1973')).toBe(key('Sir William Seeds'));
    expect(key('Le Rougetel, J. H.')).toBe(key('J. H. Le Rougetel'));
    expect(key('Ribbentrop, Joachim von, 1893-1946')).toBe(key('Joachim von Ribbentrop'));
    expect(key('Майский И. М.')).toBe(key('I. M. Maiskii'));
    expect(key('Майский Иван Михайлович')).toBe(key('Ivan Mikhailovich Maiskii'));
    expect(key('Maĭskiĭ, I. M. (Ivan Mikhaĭlovich), 1884-1975')).toBe(key('Ivan Mikhailovich Maiskii'));
    expect(key('Lord Halifax')).toBe(key('Halifax'));
    expect(key('Herr Hitler')).toBe('hitler');
    // "M." before a surname is Monsieur; inside initials it is an initial.
    expect(key('M. Stalin')).toBe('stalin');
    expect(key('V. M. Molotov')).toBe('v m molotov');
    // A peerage after a comma is not catalogue order.
    expect(parseName('Edward Wood, 1st Earl of Halifax').surname?.key).toBe(key('Wood'));
    expect(parseName('Halifax, Edward Frederick Lindley Wood, Earl of, 1881-1959').surname?.key).toBe('halifax');
    // Organisations: a catalogue's jurisdiction or a qualifier around the name itself.
    expect(parseName('Great Britain. Foreign Office', 'other').core.map((w) => w.key)).toEqual(parseName('Foreign Office', 'other').tokens);
  });

  it('gives index terms: folded words and sound codes, no initials', () => {
    const terms = matchKeys('I. M. Maiskii');
    expect(terms).toContain('maiski');
    expect(terms.some((t) => t.startsWith('~'))).toBe(true);
    expect(terms).not.toContain('i');
    expect(matchKeys('Майский')).toEqual(matchKeys('Maisky'));
  });
});

describe('name scores', () => {
  it('scores exact keys 1, initials and surnames high, misspellings a little lower', () => {
    expect(compareNames('Sir William Seeds', 'William Seeds')).toBe(1);
    expect(compareNames('Lord Halifax', 'Halifax')).toBe(1);
    expect(compareNames('Maisky', 'Maiskii')).toBeGreaterThanOrEqual(0.85);
    expect(compareNames('Maisky Ivan', 'Ivan Maisky')).toBeGreaterThanOrEqual(0.95);
    expect(compareNames('I. M. Maiskii', 'Ivan Maisky')).toBeGreaterThanOrEqual(0.9);
    expect(compareNames('Ivan Mikhailovich Maisky', 'I. M. Maiskii')).toBeGreaterThanOrEqual(0.9);
    expect(compareNames('Vyacheslav Molotov', 'Viacheslav M. Molotov')).toBeGreaterThanOrEqual(0.9);
    expect(compareNames('Yudanov', 'M. G. Iudanov')).toBe(0.85);
    expect(compareNames('Molotof', 'Molotov')).toBeCloseTo(0.9);
    expect(compareNames('Rzheshesvkii', 'Rzheshevskii')).toBeCloseTo(0.8);
    expect(compareNames('Mannerheim, Carl Gustaf Emil', 'Karl Gustav Mannerheim')).toBeGreaterThan(0.75);
    // Russian renderings of Western names: by sound.
    expect(compareNames('Чемберлен', 'Neville Chamberlain')).toBeGreaterThan(0.5);
    expect(compareNames('Рузвельт', 'Roosevelt')).toBeGreaterThan(0.5);
    expect(compareNames('Great Britain. Foreign Office', 'Foreign Office', 'other')).toBe(0.95);
  });

  it('keeps different people and things apart', () => {
    expect(compareNames('Thomas Snow', 'Oliver Stanley')).toBe(0);
    expect(compareNames('Frank Roberts', 'Geoffrey Roberts')).toBeLessThan(0.5);
    expect(compareNames('Maisky', 'Moscow', 'other')).toBeLessThan(0.5);
    expect(compareNames('Maisky', "Maiskii's wife")).toBeLessThan(0.85);
    expect(compareNames('London', 'Public Record Office, London', 'other')).toBeLessThan(0.5);
    // A document's label starting with a name is not that name.
    expect(compareNames('Stanley', 'Stanley, untitled memorandum, 25 October 1939', 'other')).toBeLessThan(0.5);
  });

  it('bounds the work for huge names', () => {
    const huge = `${'Maisky Molotov Halifax '.repeat(5000)}${'x'.repeat(96_000)}`;
    const form = parseName(huge);
    const score = scoreName(form, parseName('I. M. Maiskii'));
    expect(form.words.length).toBe(MAX_WORDS);
    expect(form.words.every((w) => w.key.length <= 40)).toBe(true);
    expect(score).toBeGreaterThanOrEqual(0);
  });
});
