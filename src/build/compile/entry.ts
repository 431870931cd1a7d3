// Compiles one YAML entry (a person, a claim, ...) into quads about one subject.
// Each method consumes a key of the entry; keys nobody consumed are reported as
// unknown fields, which catches typos like `particpants:`.

import { DataFactory, type Quad_Object } from 'n3';
import { type CompileContext } from './context.js';
import { type ArticleScope } from './article-scope.js';
import { lineOf, type YamlMap, type YamlValue } from '../source/readYaml.js';
import { parseEdtf } from './edtf.js';
import { ns, EDTF_DATATYPE } from '../../model/namespaces.js';
import { conceptIri } from '../../model/iri.js';

const { namedNode, literal } = DataFactory;
const XSD_DATE = ns.xsd('date');

export class EntryCompiler {
  private readonly used = new Set<string>();

  constructor(
    readonly ctx: CompileContext,
    readonly data: YamlMap,
    readonly subject: string,
    readonly entity: string,
    readonly file: string,
    readonly graph: string,
    readonly article?: ArticleScope,
  ) {
    ctx.origin(subject, entity, { file, line: lineOf(data) });
  }

  line(key?: string): number | undefined {
    return lineOf(this.data, key);
  }

  fail(key: string | undefined, rule: string, message: string): void {
    this.ctx.problem({ file: this.file, line: this.line(key) }, this.entity, rule, message);
  }

  has(key: string): boolean {
    return this.data[key] !== undefined && this.data[key] !== null;
  }

  /** Reads a key and marks it as used. */
  take(key: string): YamlValue | undefined {
    this.used.add(key);
    const value = this.data[key];
    return value === null ? undefined : value;
  }

  /** Marks keys as used without compiling them (handled elsewhere). */
  skip(...keys: string[]): void {
    for (const key of keys) this.used.add(key);
  }

  add(predicate: string, object: Quad_Object, key?: string, subject = this.subject): void {
    this.ctx.add(subject, predicate, object, this.graph, key ? this.line(key) : undefined);
  }

  type(...classes: string[]): void {
    for (const cls of classes) this.add(ns.rdf('type'), namedNode(cls));
  }

  string(key: string): string | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.fail(key, 'field type', `'${key}' must be a single value, not a ${Array.isArray(value) ? 'list' : 'mapping'}`);
    return undefined;
  }

  strings(key: string): string[] {
    const value = this.take(key);
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    for (const item of list) {
      if (typeof item === 'string' || typeof item === 'number') out.push(String(item).trim());
      else this.fail(key, 'field type', `'${key}' must be a list of plain values`);
    }
    return out;
  }

  mappings(key: string): YamlMap[] {
    const value = this.take(key);
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.filter((item): item is YamlMap => {
      const ok = typeof item === 'object' && item !== null && !Array.isArray(item);
      if (!ok) this.fail(key, 'field type', `each entry of '${key}' must be a mapping`);
      return ok;
    });
  }

  boolean(key: string): boolean | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    this.fail(key, 'field type', `'${key}' must be true or false`);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.string(key);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.fail(key, 'allowed values', `'${key}' must be one of ${allowed.join(', ')}; found '${value}'`);
    return fallback;
  }

  text(key: string, predicate: string): string | undefined {
    const value = this.string(key);
    if (value !== undefined && value !== '') this.add(predicate, literal(value), key);
    return value;
  }

  texts(key: string, predicate: string): string[] {
    const values = this.strings(key);
    for (const value of values) this.add(predicate, literal(value), key);
    return values;
  }

  typed(key: string, predicate: string, datatype: string): void {
    const value = this.string(key);
    if (value !== undefined) this.add(predicate, literal(value, namedNode(datatype)), key);
  }

  /** Resolves ids to IRIs; unknown ids are reported. */
  resolve(key: string, ids: string[]): string[] {
    const out: string[] = [];
    for (const id of ids) {
      const found = this.ctx.lookup(id);
      if (found) out.push(found.iri);
      else this.fail(key, 'known reference', `'${key}' refers to '${id}', which is not defined anywhere in data/`);
    }
    return out;
  }

  refs(key: string, predicate: string): string[] {
    const iris = this.resolve(key, this.strings(key));
    for (const iri of iris) this.add(predicate, namedNode(iri), key);
    return iris;
  }

  concepts(key: string, predicate: string, scheme: string): string[] {
    const out: string[] = [];
    for (const id of this.strings(key)) {
      const iri = this.ctx.concept(scheme, id);
      if (!iri) {
        this.fail(key, 'known concept', `'${id}' is not a concept of the '${scheme}' scheme (known: ${this.ctx.conceptIds(scheme).join(', ') || 'none'})`);
        continue;
      }
      this.add(predicate, namedNode(iri), key);
      out.push(iri);
    }
    return out;
  }

  /** `date`, `dateStatus`, `dateNote`, `dateEvidence` and `alternativeDates`: EDTF plus xsd:date bounds. */
  dates(): void {
    this.edtf('date', this.subject);
    this.concepts('dateStatus', ns.dly('dateStatus'), 'date-status');
    this.text('dateNote', ns.dly('dateNote'));
    this.refs('dateEvidence', ns.dly('dateEvidence'));
    this.mappings('alternativeDates').forEach((alternative, index) => {
      const node = childIri(this.subject, `date-${index + 2}`);
      const nested = this.nested(alternative, node, `${this.entity} (alternative date ${index + 2})`);
      nested.type(ns.dly('DateAssertion'));
      nested.edtf('date', node);
      nested.text('note', ns.dly('dateNote'));
      nested.finish();
      this.add(ns.dly('alternativeDate'), namedNode(node), 'alternativeDates');
    });
  }

  edtf(key: string, subject: string): void {
    const raw = this.string(key);
    if (raw === undefined) return;
    const parsed = parseEdtf(raw);
    if (!parsed.ok) {
      this.fail(key, 'EDTF date', `'${raw}' is not a valid EDTF date: ${parsed.reason}`);
      return;
    }
    this.add(ns.dly('date'), literal(raw, namedNode(EDTF_DATATYPE)), key, subject);
    if (parsed.earliest) this.add(ns.dly('earliest'), literal(parsed.earliest, namedNode(XSD_DATE)), key, subject);
    if (parsed.latest) this.add(ns.dly('latest'), literal(parsed.latest, namedNode(XSD_DATE)), key, subject);
  }

  /** `passage: II.19` or a list: Web Annotation specific resources on paragraphs. */
  passages(key = 'passage'): void {
    for (const ref of this.strings(key)) {
      const paragraph = this.article?.paragraphIri(ref);
      if (!paragraph) {
        this.fail(key, 'known passage', this.article
          ? `'${ref}' is not a paragraph of ${this.article.id} (write section.paragraph, e.g. II.19; see article.yaml)`
          : `'${ref}': passages can only be used in an article's folder`);
        continue;
      }
      const node = childIri(this.subject, `passage-${ref}`);
      this.ctx.origin(node, this.entity, { file: this.file, line: this.line(key) });
      this.add(ns.dly('passage'), namedNode(node), key);
      this.add(ns.rdf('type'), namedNode(ns.oa('SpecificResource')), key, node);
      this.add(ns.oa('hasSource'), namedNode(paragraph), key, node);
    }
  }

  /** `footnotes: [36, 37]`: links to the article's footnotes. */
  footnotes(key = 'footnotes'): void {
    for (const value of this.strings(key)) {
      const number = Number(value);
      const iri = this.article?.footnoteIri(number);
      if (!iri) {
        this.fail(key, 'known footnote', this.article
          ? `footnote '${value}' is not a footnote mark of ${this.article.id} (see article.yaml)`
          : `'${value}': footnotes can only be used in an article's folder`);
        continue;
      }
      this.add(ns.dly('citedIn'), namedNode(iri), key);
    }
  }

  /** rdfs:label, and skos:prefLabel/altLabel for named entities. */
  labels(options: { key?: string; fallback?: string; skos?: boolean } = {}): string | undefined {
    const key = options.key ?? 'label';
    const label = this.string(key) ?? options.fallback;
    if (label) {
      this.add(ns.rdfs('label'), literal(label), key);
      if (options.skos) this.add(ns.skos('prefLabel'), literal(label), key);
    }
    if (options.skos) this.texts('altLabels', ns.skos('altLabel'));
    return label;
  }

  common(): void {
    this.text('description', ns.dcterms('description'));
    this.text('note', ns.skos('editorialNote'));
  }

  nested(data: YamlMap, subject: string, entity: string): EntryCompiler {
    return new EntryCompiler(this.ctx, data, subject, entity, this.file, this.graph, this.article);
  }

  conceptIriOf(scheme: string, id: string): string {
    return this.ctx.concept(scheme, id) ?? conceptIri(scheme, id);
  }

  finish(): void {
    for (const key of Object.keys(this.data)) {
      if (!this.used.has(key)) this.fail(key, 'known field', `unknown field '${key}' (see data/README.md for the fields of this collection)`);
    }
  }
}

/** A hash IRI under a parent: parent#local, or parent#existing-local for nested nodes. */
export function childIri(parent: string, local: string): string {
  const safe = local.replace(/[^A-Za-z0-9._-]/g, '-');
  return parent.includes('#') ? `${parent}-${safe}` : `${parent}#${safe}`;
}
