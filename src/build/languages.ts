// Language tags. Every literal written for people to read (labels, titles,
// descriptions, notes, claims, quotations) carries a BCP 47 language tag, so
// that clients can pick a language and so that "Майский" is not taken for
// English. The data is written in one language (data/dataset.yaml `language`);
// a text in another says so with a Turtle-style suffix: "Майский@ru",
// "Journal d'une défaite@fr", "Dokumenty vneshnei politiki@ru-Latn".
//
// Which properties hold such text: the standard ones below, and every property
// the ontology declares with `rdfs:range rdf:langString` or as a sub-property
// of one. Our own datatype properties must declare their range (rdf:langString
// for text in a language, xsd:string for codes, numbers and transcriptions), so a
// new property cannot slip through untagged.

import { DataFactory, type Quad } from 'n3';
import { PREFIXES, ns } from '../model/namespaces.js';
import { type Problem } from './errors.js';
import { type SubjectOrigin } from './compile/context.js';
import { curie, locate } from './validate.js';

const { literal, quad } = DataFactory;

const RDF_LANG_STRING = ns.rdf('langString');
const XSD_STRING = ns.xsd('string');

/** Properties of standard vocabularies whose values are text in a language. */
export const STANDARD_TEXT_PROPERTIES: readonly string[] = [
  ns.rdfs('label'), ns.rdfs('comment'),
  ...['prefLabel', 'altLabel', 'hiddenLabel', 'definition', 'note', 'editorialNote', 'scopeNote', 'historyNote', 'changeNote', 'example'].map(ns.skos),
  ...['title', 'alternative', 'description', 'abstract'].map(ns.dcterms),
  ns.schema('description'),
];
// Names (foaf:name, schema:name) are not text in a language and stay untagged.

/** A language tag at the end of a text: "Майский@ru", "Zimniaia voina@ru-Latn". */
const SUFFIX = /^([\s\S]*\S)@([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/;

/** The text without a "@tag" language suffix (for labels composed from another entry's text). */
export function withoutLanguageSuffix(text: string): string {
  return SUFFIX.exec(text)?.[1] ?? text;
}

/** Languages written in Cyrillic unless their tag names another script. */
const CYRILLIC_LANGUAGES = new Set(['ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'ky', 'tg', 'mn', 'tt', 'ba', 'cv', 'os']);

export interface TextProperties {
  /** Properties whose values are text in a language. */
  text: Set<string>;
  /** Our datatype properties declared as codes (xsd:string). */
  codes: Set<string>;
}

/** Reads from the ontology which properties hold text and which hold codes. */
export function textProperties(ontology: Quad[]): TextProperties {
  const text = new Set(STANDARD_TEXT_PROPERTIES);
  const codes = new Set<string>();
  const parents = new Map<string, string[]>();
  for (const q of ontology) {
    if (q.predicate.value === ns.rdfs('range') && q.object.value === RDF_LANG_STRING) text.add(q.subject.value);
    if (q.predicate.value === ns.rdfs('range') && q.object.value === XSD_STRING) codes.add(q.subject.value);
    if (q.predicate.value === ns.rdfs('subPropertyOf')) parents.set(q.subject.value, [...(parents.get(q.subject.value) ?? []), q.object.value]);
  }
  // Sub-properties of a text property hold text too (dly:dateNote ⊑ skos:editorialNote).
  for (let changed = true; changed;) {
    changed = false;
    for (const [property, supers] of parents) {
      if (!text.has(property) && !codes.has(property) && supers.some((s) => text.has(s))) { text.add(property); changed = true; }
    }
  }
  return { text, codes };
}

/** The script a text is written in, by its letters: Cyrillic, Latin, or other. */
export function scriptOf(text: string): 'Cyrl' | 'Latn' | 'other' | 'none' {
  const cyrillic = (text.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return 'none';
  if (cyrillic >= latin && cyrillic > 0) return 'Cyrl';
  if (latin > 0) return 'Latn';
  return 'other';
}

/** The script a language tag implies: its script subtag, or the language's usual script. */
export function scriptOfTag(tag: string): string | undefined {
  const [language, ...subtags] = tag.split('-');
  const script = subtags.find((s) => /^[A-Za-z]{4}$/.test(s));
  if (script) return script[0].toUpperCase() + script.slice(1).toLowerCase();
  if (CYRILLIC_LANGUAGES.has(language.toLowerCase())) return 'Cyrl';
  if (/^(en|fr|de|it|es|pt|nl|pl|cs|sk|fi|sv|da|no|nb|nn|et|lv|lt|ro|hu|tr|la|ca|hr|sl|sq|is|ga|cy)$/.test(language.toLowerCase())) return 'Latn';
  return undefined;
}

/**
 * Tags the text literals of the compiled data: a "text@tag" suffix gives the
 * language; otherwise the data's language, when the text is written in that
 * language's script. Text in another script is left untagged for the check to
 * report, rather than guessed.
 */
export function tagLanguages(quads: Quad[], properties: TextProperties, language: string): Quad[] {
  const defaultScript = scriptOfTag(language);
  return quads.map((q) => {
    const o = q.object;
    if (o.termType !== 'Literal' || o.language || o.datatype.value !== XSD_STRING || !properties.text.has(q.predicate.value)) return q;
    const suffix = SUFFIX.exec(o.value);
    if (suffix) return quad(q.subject, q.predicate, literal(suffix[1], suffix[2]), q.graph);
    const script = scriptOf(o.value);
    if (script === 'none' || script === defaultScript || defaultScript === undefined) return quad(q.subject, q.predicate, literal(o.value, language), q.graph);
    return q;
  });
}

/**
 * Build rules: text properties carry a language tag whose script fits the text;
 * our datatype properties that hold strings declare whether they are text or codes.
 */
export function checkLanguageTags(quads: Quad[], properties: TextProperties, origins: Map<string, SubjectOrigin>): Problem[] {
  const problems: Problem[] = [];
  const undeclared = new Set<string>();
  for (const q of quads) {
    const o = q.object;
    if (o.termType !== 'Literal') continue;
    const predicate = q.predicate.value;
    const where = () => locate(origins, q.subject.value, predicate);
    if (properties.text.has(predicate)) {
      if (!o.language) {
        const script = scriptOf(o.value);
        problems.push({ ...where(), rule: 'language tag', message: `${curie(predicate)} "${o.value.slice(0, 60)}" has no language tag` +
          (script === 'Cyrl' || script === 'other' ? `: it is not in the script of the data's language; give its language with a suffix, e.g. "${o.value.slice(0, 30)}@ru"` : '') });
        continue;
      }
      const expected = scriptOfTag(o.language);
      const actual = scriptOf(o.value);
      if (expected && actual !== 'none' && actual !== expected) {
        problems.push({ ...where(), rule: 'language tag', message: `${curie(predicate)} "${o.value.slice(0, 60)}" is tagged @${o.language} but written in ${actual === 'Cyrl' ? 'Cyrillic' : actual === 'Latn' ? 'Latin' : 'another'} script` +
          (actual === 'Latn' && expected === 'Cyrl' ? ` (romanised text takes a script subtag: @${o.language}-Latn)` : '') });
      }
    } else if (predicate.startsWith(PREFIXES.dly) && !o.language && o.datatype.value === XSD_STRING && !properties.codes.has(predicate) && !undeclared.has(predicate)) {
      undeclared.add(predicate);
      problems.push({ ...where(), rule: 'declared range', message: `${curie(predicate)} holds strings but ontology/delicacy.ttl does not say whether they are text in a language (rdfs:range rdf:langString) or codes (rdfs:range xsd:string)` });
    }
  }
  return problems;
}
