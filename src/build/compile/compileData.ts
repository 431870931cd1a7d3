// Compiles the whole data/ tree to quads. Two passes: the first registers every
// id, concept and article paragraph (so entries can refer to things defined later
// or in other files); the second compiles each entry.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Quad } from 'n3';
import { CompileContext, type SubjectOrigin } from './context.js';
import { EntryCompiler } from './entry.js';
import { ArticleScope } from './article-scope.js';
import { readYamlFile, lineOf, type YamlMap } from '../source/readYaml.js';
import { DataError } from '../errors.js';
import { conceptIri, conceptSchemeIri, graphIri, isSlug, mint, type EntityKind } from '../../model/iri.js';
import { compileGroup, compileOrganisation, compilePerson, compilePost } from './collections/agents.js';
import { compileEvent, compileMeeting, compilePlace } from './collections/places-events.js';
import { compileDocument, compileWork } from './collections/sources.js';
import { compileArticle, compileFootnote, indexArticle } from './collections/article.js';
import { compileClaim, compileComparison } from './collections/claims.js';
import { compileConcept, compileScheme } from './collections/concepts.js';
import { checkCitations, type CompiledFootnote } from './checks/citations.js';
import { checkDates } from './checks/dates.js';
import { checkMeetingFootnotes } from './checks/meetings.js';
import { checkQuotations } from './checks/quotations.js';
import { checkVenues } from './checks/venues.js';
import { checkDocuments } from './checks/documents.js';

type EntityCompile = (e: EntryCompiler, scope: ArticleScope | undefined) => void;

/** Collections whose entries are entities with an `id`, and how each is compiled. */
const ENTITY_COLLECTIONS: Record<string, { kind: EntityKind; compile: EntityCompile }> = {
  people: { kind: 'person', compile: compilePerson },
  groups: { kind: 'group', compile: compileGroup },
  organisations: { kind: 'organisation', compile: compileOrganisation },
  places: { kind: 'place', compile: compilePlace },
  posts: { kind: 'post', compile: compilePost },
  events: { kind: 'event', compile: compileEvent },
  meetings: { kind: 'meeting', compile: compileMeeting },
  documents: { kind: 'document', compile: compileDocument },
  works: { kind: 'work', compile: compileWork },
  claims: { kind: 'claim', compile: compileClaim },
  comparisons: { kind: 'comparison', compile: compileComparison },
};

const OTHER_COLLECTIONS = new Set(['article', 'footnotes', 'topics', 'schemes']);

export const TOPIC_SCHEME = 'topic';

export interface CompiledData {
  quads: Quad[];
  origins: Map<string, SubjectOrigin>;
  articles: ArticleScope[];
  files: string[];
}

export interface LoadedFile {
  path: string;
  display: string;
  folder: string;
  content: YamlMap;
}

/** Hook for collections compiled elsewhere (links to Wikidata). */
export type ExtraCollection = (ctx: CompileContext, file: LoadedFile, entries: YamlMap[], graph: string) => void;

function listYaml(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listYaml(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function asEntries(value: unknown): YamlMap[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is YamlMap => typeof item === 'object' && item !== null && !Array.isArray(item));
}

export function compileData(dataDir: string, extras: Record<string, ExtraCollection> = {}): CompiledData {
  const ctx = new CompileContext();
  const files: LoadedFile[] = [];
  const problems: DataError[] = [];
  for (const path of listYaml(dataDir)) {
    const display = relative(process.cwd(), path) || path;
    try {
      files.push({ path, display, folder: relative(dataDir, path).split(/[\\/]/)[0], content: readYamlFile(path, display) });
    } catch (error) {
      if (error instanceof DataError) problems.push(error);
      else throw error;
    }
  }
  if (problems.length > 0) throw new DataError(problems.flatMap((p) => p.problems));

  const scopes = new Map<string, ArticleScope>();
  const graphOf = (folder: string) => graphIri(scopes.get(folder)?.id ?? folder);

  // Pass 1: articles, ids, concepts.
  for (const file of files) {
    for (const collection of Object.keys(file.content)) {
      if (collection === 'dataset' && file.folder === 'dataset.yaml') continue; // presentation settings (src/build/site.ts)
      if (!ENTITY_COLLECTIONS[collection] && !OTHER_COLLECTIONS.has(collection) && !extras[collection]) {
        ctx.problem({ file: file.display, line: lineOf(file.content, collection) }, '(file)', 'known collection',
          `unknown collection '${collection}' (known: ${[...Object.keys(ENTITY_COLLECTIONS), ...OTHER_COLLECTIONS].join(', ')})`);
      }
    }
    for (const article of asEntries(file.content.article)) {
      const id = String(article.id ?? '');
      if (!isSlug(id)) { ctx.problem({ file: file.display, line: lineOf(article) }, id || '(article)', 'id', 'the article needs a slug id'); continue; }
      if (scopes.has(file.folder)) { ctx.problem({ file: file.display, line: lineOf(article) }, id, 'one article per folder', `folder '${file.folder}' already has article '${scopes.get(file.folder)!.id}'`); continue; }
      const scope = new ArticleScope(id, file.folder);
      indexArticle(scope, article, (line, message) => ctx.problem({ file: file.display, line }, id, 'paragraph index', message));
      scopes.set(file.folder, scope);
      ctx.register(id, { kind: 'work', iri: scope.iri, collection: 'article', data: article, location: { file: file.display, line: lineOf(article) } });
    }
    for (const [collection, spec] of Object.entries(ENTITY_COLLECTIONS)) {
      for (const entry of asEntries(file.content[collection])) {
        const id = entry.id;
        const location = { file: file.display, line: lineOf(entry) };
        if (typeof id !== 'string' || !isSlug(id)) {
          ctx.problem(location, String(id ?? `(${collection} entry)`), 'id', `every ${spec.kind} needs an 'id' made of lower-case letters, digits and single hyphens`);
          continue;
        }
        ctx.register(id, { kind: spec.kind, iri: mint(spec.kind, id), collection, data: entry, location, folder: file.folder });
      }
    }
    for (const scheme of asEntries(file.content.schemes)) {
      const schemeId = String(scheme.id ?? '');
      for (const concept of asEntries(scheme.concepts)) ctx.registerConcept(schemeId, String(concept.id), conceptIri(schemeId, String(concept.id)));
    }
    for (const topic of asEntries(file.content.topics)) ctx.registerConcept(TOPIC_SCHEME, String(topic.id), conceptIri(TOPIC_SCHEME, String(topic.id)));
  }

  // Pass 2: compile.
  const footnotesSeen = new Map<string, Set<number>>();
  const compiledFootnotes: CompiledFootnote[] = [];
  let topicSchemeEmitted = false;
  for (const file of files) {
    const scope = scopes.get(file.folder);
    const graph = graphOf(file.folder);
    const entry = (data: YamlMap, subject: string, entity: string) => new EntryCompiler(ctx, data, subject, entity, file.display, graph, scope);

    for (const article of asEntries(file.content.article)) {
      const articleScope = scopes.get(file.folder);
      if (!articleScope || articleScope.id !== article.id) continue;
      const e = entry(article, articleScope.iri, articleScope.id);
      e.skip('id');
      compileArticle(e, articleScope);
      e.finish();
    }
    for (const [collection, spec] of Object.entries(ENTITY_COLLECTIONS)) {
      for (const data of asEntries(file.content[collection])) {
        if (typeof data.id !== 'string' || !isSlug(data.id)) continue;
        const e = entry(data, mint(spec.kind, data.id), data.id);
        e.skip('id');
        spec.compile(e, scope);
        e.finish();
      }
    }
    for (const data of asEntries(file.content.footnotes)) {
      const n = Number(data.n);
      const location = { file: file.display, line: lineOf(data) };
      if (!scope) { ctx.problem(location, `footnote ${data.n}`, 'footnote scope', 'footnotes belong in an article folder'); continue; }
      if (!scope.footnoteMarks.has(n)) { ctx.problem(location, `footnote ${data.n}`, 'known footnote', `${scope.id} has no footnote mark ${data.n} (see article.yaml)`); continue; }
      const seen = footnotesSeen.get(scope.id) ?? new Set<number>();
      footnotesSeen.set(scope.id, seen);
      if (seen.has(n)) { ctx.problem(location, `footnote ${n}`, 'unique footnote', `footnote ${n} is described twice`); continue; }
      seen.add(n);
      const e = entry(data, mint('footnote', scope.id, String(n)), `footnote ${n}`);
      compileFootnote(e, scope, n);
      e.finish();
      compiledFootnotes.push({ scope, n, data, file: file.display });
    }
    for (const scheme of asEntries(file.content.schemes)) {
      const schemeId = String(scheme.id ?? '');
      const schemeIri = conceptSchemeIri(schemeId);
      const e = entry(scheme, schemeIri, `scheme ${schemeId}`);
      compileScheme(e);
      e.finish();
      for (const concept of asEntries(scheme.concepts)) {
        const c = entry(concept, conceptIri(schemeId, String(concept.id)), `${schemeId}/${concept.id}`);
        c.skip('id');
        compileConcept(c, schemeIri);
        c.finish();
      }
    }
    const topics = asEntries(file.content.topics);
    if (topics.length > 0 && !topicSchemeEmitted) {
      topicSchemeEmitted = true;
      const e = entry({ label: 'Topics', description: "The subjects of the articles' meetings, claims and events." } as YamlMap, conceptSchemeIri(TOPIC_SCHEME), 'scheme topic');
      compileScheme(e);
    }
    for (const topic of topics) {
      const c = entry(topic, conceptIri(TOPIC_SCHEME, String(topic.id)), `topic/${topic.id}`);
      c.skip('id');
      compileConcept(c, conceptSchemeIri(TOPIC_SCHEME));
      c.finish();
    }
  }

  // Extra collections after everything else, in the order given (links before candidates).
  for (const [collection, compileExtra] of Object.entries(extras)) {
    for (const file of files) {
      const entries = asEntries(file.content[collection]);
      if (entries.length > 0) compileExtra(ctx, file, entries, graphOf(file.folder));
    }
  }

  // Checks across entries, and the facts they establish.
  checkCitations(ctx, compiledFootnotes, graphOf);
  checkDates(ctx);
  checkMeetingFootnotes(ctx, compiledFootnotes);
  checkQuotations(ctx, compiledFootnotes);
  checkVenues(ctx);
  checkDocuments(ctx);

  // Every footnote mark of an article must be described.
  for (const scope of scopes.values()) {
    const seen = footnotesSeen.get(scope.id) ?? new Set<number>();
    const missing = [...scope.footnoteMarks.keys()].filter((n) => !seen.has(n)).sort((a, b) => a - b);
    if (missing.length > 0) {
      const articleFile = files.find((f) => f.folder === scope.folder && f.content.article);
      ctx.problem({ file: articleFile?.display ?? scope.folder }, scope.id, 'every footnote described',
        `footnotes without an entry in footnotes: ${missing.join(', ')}`);
    }
  }

  if (ctx.problems.length > 0) throw new DataError(ctx.problems);
  return { quads: ctx.quads, origins: ctx.origins, articles: [...scopes.values()], files: files.map((f) => f.display) };
}
