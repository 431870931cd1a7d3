// The article entry (bibliographic record, sections, paragraph index) and its footnotes.

import { DataFactory } from 'n3';
import { ns } from '../../../model/namespaces.js';
import { mint } from '../../../model/iri.js';
import { childIri, type EntryCompiler } from '../entry.js';
import { type ArticleScope } from '../article-scope.js';
import { lineOf, type YamlMap } from '../../source/readYaml.js';
import { WORK_CLASS } from './sources.js';

const { namedNode, literal } = DataFactory;
const integer = (n: number) => literal(String(n), namedNode(ns.xsd('integer')));
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];

/**
 * Reads the paragraph index into the scope before anything else is compiled,
 * so that passages and footnotes anywhere in the folder can be checked.
 */
export function indexArticle(scope: ArticleScope, data: YamlMap, report: (line: number | undefined, message: string) => void): void {
  const sections = Array.isArray(data.sections) ? data.sections : [];
  for (const section of sections) {
    if (typeof section !== 'object' || section === null || Array.isArray(section)) continue;
    const number = String(section.number);
    const paragraphs = Array.isArray(section.paragraphs) ? section.paragraphs : [];
    for (const paragraph of paragraphs) {
      if (typeof paragraph !== 'object' || paragraph === null || Array.isArray(paragraph)) continue;
      const key = `${number}.${paragraph.n}`;
      scope.addParagraph(key);
      const marks = Array.isArray(paragraph.footnotes) ? paragraph.footnotes : [];
      for (const mark of marks) {
        const n = Number(mark);
        const previous = scope.footnoteMarks.get(n);
        if (previous) report(lineOf(paragraph), `footnote ${n} is marked in both ${previous} and ${key}`);
        else scope.footnoteMarks.set(n, key);
      }
    }
  }
  const numbers = [...scope.footnoteMarks.keys()].sort((a, b) => a - b);
  numbers.forEach((n, index) => {
    if (n !== index + 1) report(lineOf(data, 'sections'), `footnote marks must run 1..N without gaps; expected ${index + 1}, found ${n}`);
  });
}

export function compileArticle(e: EntryCompiler, scope: ArticleScope): void {
  const type = e.oneOf('type', Object.keys(WORK_CLASS) as (keyof typeof WORK_CLASS)[], 'journal-article')!;
  e.type(ns.dly(WORK_CLASS[type]));
  const title = e.text('title', ns.dcterms('title'));
  e.labels({ fallback: title });
  scope.authors.push(...e.refs('creators', ns.dcterms('creator')));
  // The journal, volume, issue, pages and DOI are not printed in the article's
  // text: they are filled in only from a verified source, which the entry names.
  const published = ['partOf', 'volume', 'issue', 'pages', 'doi'].filter((key) => e.has(key));
  e.refs('partOf', ns.dcterms('isPartOf'));
  for (const key of ['volume', 'issue', 'pages'] as const) e.text(key, ns.dly(key));
  e.text('doi', ns.schema('sameAs'));
  const recordSource = e.text('recordSource', ns.dly('recordSource'));
  e.typed('recordChecked', ns.dly('recordChecked'), ns.xsd('date'));
  if (published.length > 0 && !recordSource) {
    e.fail(published[0], 'verified record', `${published.join(', ')} must come from a verified source: say where they were checked in 'recordSource' (and when, in 'recordChecked')`);
  }
  e.dates();
  e.common();
  e.mappings('sections').forEach((section) => {
    const number = String(section.number);
    const sectionIri = mint('section', scope.id, number);
    const s = e.nested(section, sectionIri, `${e.entity} section ${number}`);
    s.type(ns.dly('Section'));
    s.add(ns.rdfs('label'), literal(`Section ${number}`));
    s.add(ns.dly('sectionNumber'), literal(number));
    const ordinal = ROMAN.indexOf(number) + 1;
    if (ordinal > 0) s.add(ns.dly('ordinal'), integer(ordinal));
    s.add(ns.dcterms('isPartOf'), namedNode(scope.iri));
    s.skip('number');
    s.mappings('paragraphs').forEach((paragraph) => {
      const key = `${number}.${paragraph.n}`;
      const p = s.nested(paragraph, scope.paragraphIri(key)!, `${e.entity} paragraph ${key}`);
      p.type(ns.dly('Paragraph'));
      p.add(ns.rdfs('label'), literal(`Section ${number}, paragraph ${paragraph.n}`));
      p.add(ns.dly('ordinal'), integer(Number(paragraph.n)));
      p.add(ns.dly('section'), namedNode(sectionIri));
      p.add(ns.dcterms('isPartOf'), namedNode(scope.iri));
      if (p.boolean('display')) p.add(ns.dly('isDisplayQuotation'), literal('true', namedNode(ns.xsd('boolean'))));
      p.skip('n', 'footnotes');
      p.finish();
    });
    s.finish();
  });
}

export function compileFootnote(e: EntryCompiler, scope: ArticleScope, n: number): void {
  e.type(ns.dly('Footnote'));
  e.add(ns.rdfs('label'), literal(`${scope.id}, footnote ${n}`));
  e.add(ns.dly('footnoteNumber'), integer(n), 'n');
  e.add(ns.dcterms('isPartOf'), namedNode(scope.iri));
  const paragraph = scope.paragraphIri(scope.footnoteMarks.get(n) ?? '');
  if (paragraph) e.add(ns.dly('inParagraph'), namedNode(paragraph));
  e.skip('n');
  e.common();
  e.mappings('items').forEach((item, index) => {
    const node = childIri(e.subject, `item-${index + 1}`);
    const i = e.nested(item, node, `${e.entity} item ${index + 1}`);
    i.type(ns.dly('CitationItem'));
    i.add(ns.dly('ordinal'), integer(index + 1));
    for (const cited of i.refs('cites', ns.dly('cites'))) e.add(ns.dly('cites'), namedNode(cited), 'items');
    i.text('pages', ns.dly('locator'));
    const reading = readCitationForm(item);
    i.concepts('ibidFor', ns.dly('ibidFor'), 'reference-part');
    if (i.has('citedAs')) i.concepts('citedAs', ns.dly('citedAs'), 'citation-form');
    else i.add(ns.dly('citedAs'), namedNode(i.conceptIriOf('citation-form', reading.forms[0])));
    if (reading.forms.includes('ibid') !== reading.ibidFor.length > 0) {
      i.fail('ibidFor', 'ibid stands for', reading.ibidFor.length > 0
        ? "'ibidFor' is only for items cited as ibid. (leave out citedAs, or write citedAs: ibid)"
        : "an item cited as ibid. must say what the ibid. stands for: ibidFor: [registry, piece] (the docket and the file), [piece] (the file only, next to its own docket) or [volume] (a collection's volume, next to its own pages)");
    }
    if (i.boolean('joint')) {
      if (index === 0) i.fail('joint', 'joint citation', "'joint: true' says the item is printed as one reference with the preceding item, but it is the first item of the footnote");
      else i.add(ns.dly('citedJointlyWith'), namedNode(childIri(e.subject, `item-${index}`)), 'joint');
    }
    const registry = typeof item.cites === 'string' ? e.ctx.lookup(item.cites)?.data.registry : undefined;
    if (typeof registry === 'string' && printsRegistry(reading)) i.add(ns.dly('printedRegistryNumber'), literal(registry.trim()), 'cites');
    i.text('printed', ns.dly('printedAs'));
    i.text('correction', ns.dly('correction'));
    i.text('note', ns.skos('note'));
    i.finish();
    e.add(ns.dly('citationItem'), namedNode(node), 'items');
  });
}

export interface CitationReading {
  /** Citation form ids (full when not given; ibid when only ibidFor is given). */
  forms: string[];
  /** The parts of the reference that the item's ibid. stands for. */
  ibidFor: string[];
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map((v) => String(v).trim());

/** How a footnote item cites its source, read from its YAML. */
export function readCitationForm(item: YamlMap): CitationReading {
  const ibidFor = list(item.ibidFor);
  const given = list(item.citedAs);
  return { forms: given.length > 0 ? given : [ibidFor.length > 0 ? 'ibid' : 'full'], ibidFor };
}

/**
 * Whether the item prints its source's registry number itself: a full citation,
 * or an ibid. that stands only for the file or volume. Short titles, idem and
 * "cited above" refer back to an earlier footnote and print no docket.
 */
export function printsRegistry(reading: CitationReading): boolean {
  if (reading.forms.some((form) => form !== 'full' && form !== 'ibid')) return false;
  return !reading.ibidFor.includes('registry');
}
