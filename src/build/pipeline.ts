// The build: data/ -> quads -> validated dataset -> dist/ (dumps, context, VoID,
// manifest). dist/ is replaced only when everything succeeded: files are written
// to a temporary folder that is swapped in at the end.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { removeStale } from './staleFolders.js';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DataFactory, Writer, type Quad } from 'n3';
import { compileData, type ExtraCollection } from './compile/compileData.js';
import { materialiseTypes, readOntology, superclassClosure } from './ontology.js';
import { checkIris, readShapes, validateShapes } from './validate.js';
import { ValidationError } from './errors.js';
import { checkLanguageTags, tagLanguages, textProperties } from './languages.js';
import { sortedUnique, unionTriples, writeRdf } from './dumps/rdfFiles.js';
import { jsonLdContext, writeJsonLd } from './dumps/jsonld.js';
import { datasetHeader, describeDataset, type DatasetInfo, type DistributionInfo, type DumpFile } from './dumps/void.js';
import { articleRecords, type ArticleRecord } from './articleRecord.js';
import { listReleases, previousRelease } from './versions.js';
import { datasetCitation } from '../publish/citation.js';
import { storeFromNquads, type Manifest } from '../store/loadDataset.js';
import oxigraph from 'oxigraph';
import { StoreLookup } from '../engine/lookup.js';
import { readRecords } from '../reconcile/records.js';
import { RECORDS_FILE, writeRecordsFile } from '../reconcile/recordsFile.js';
import { writeListFilesFromStore } from '../web/data/listFile.js';
import semver from 'semver';
import { datasetIri, datasetPrefixes, versionIri } from '../model/iri.js';
import { LINK_COLLECTIONS } from '../link/compileLinks.js';
import { readSite, type SiteSettings } from './site.js';
import { baseIri } from '../model/namespaces.js';
import { projectPath } from '../model/paths.js';
import { computeStatistics, STATISTICS_FILE } from '../query/normalise/statistics.js';
import { writeSearchIndex } from '../search/build.js';
import { SEARCH_INDEX_FILE } from '../search/searchIndex.js';

export interface BuildOptions {
  dataDir?: string;
  ontologyFile?: string;
  shapesFile?: string;
  outDir?: string;
  /** false: compile and validate only. */
  write?: boolean;
  extras?: Record<string, ExtraCollection>;
  progress?: (message: string) => void;
  /** The version to build (default: package.json's). */
  version?: string;
  /** Where released versions are (default releases/): the build links to the one it revises. */
  releasesDir?: string;
  /** Release date (YYYY-MM-DD) when building a release; default: that of an existing release of this version. */
  issued?: string;
  /** Base URL of the dump files in the VoID (default {base}dumps/). */
  dumpBase?: string;
  /** The dataset node the VoID statistics describe (default the dataset; a release describes its version). */
  voidSubject?: string;
  /** Keep only gzip-compressed dumps (a release folder, kept in the repository). */
  compressedOnly?: boolean;
}

export interface BuildResult {
  quads: Quad[];
  manifest?: Manifest;
  files: string[];
  dumps: DumpFile[];
  timings: Record<string, number>;
  outDir?: string;
}

export const DUMP_FILES = {
  nquads: 'delicacy.nq',
  nquadsGz: 'delicacy.nq.gz',
  trig: 'delicacy.trig',
  trigGz: 'delicacy.trig.gz',
  turtle: 'delicacy.ttl',
  turtleGz: 'delicacy.ttl.gz',
  jsonld: 'delicacy.jsonld',
  jsonldGz: 'delicacy.jsonld.gz',
  context: 'context.jsonld',
  void: 'void.ttl',
  manifest: 'manifest.json',
} as const;

export function packageVersion(): string {
  return JSON.parse(readFileSync(projectPath('package.json'), 'utf8')).version as string;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function gzipFile(from: string, to: string): Promise<void> {
  await streamPipeline(createReadStream(from), createGzip({ level: 9 }), createWriteStream(to));
}

export interface ValidatedData {
  site: SiteSettings;
  quads: Quad[];
  files: string[];
  /** IRIs of the articles the data comes from. */
  articles: string[];
  timings: Record<string, number>;
}

export async function compileAndValidate(options: BuildOptions = {}): Promise<ValidatedData> {
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, step: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const slow = setTimeout(() => options.progress?.(`${name}...`), 1000);
    try { return await step(); } finally { clearTimeout(slow); timings[name] = performance.now() - start; }
  };
  const dataDir = options.dataDir ?? projectPath('data');
  const site = readSite(dataDir);
  const compiled = await time('compile', () => compileData(dataDir, options.extras ?? LINK_COLLECTIONS));
  const ontology = await time('ontology', () => readOntology(options.ontologyFile ?? projectPath('ontology', 'delicacy.ttl')));
  const closure = superclassClosure(ontology);
  const texts = textProperties(ontology);
  const tagged = tagLanguages(compiled.quads, texts, site.language);
  const data = await time('materialise', () => materialiseTypes(tagged, closure));
  // The ontology is validated with the data, so that e.g. a class aligned to
  // Wikidata without evidence is stopped like an entity link would be.
  const ontologyFile = options.ontologyFile ?? projectPath('ontology', 'delicacy.ttl');
  const origins = new Map(compiled.origins);
  for (const q of ontology) {
    if (!origins.has(q.subject.value)) origins.set(q.subject.value, { entity: q.subject.value, location: { file: relative(process.cwd(), ontologyFile) || ontologyFile }, predicateLines: new Map() });
  }
  const problems = await time('validate', async () => [
    ...checkIris(data, compiled.origins, new Set(ontology.map((q) => q.subject.value))),
    ...checkLanguageTags(data, texts, compiled.origins),
    ...await validateShapes([...data, ...ontology], readShapes(options.shapesFile ?? projectPath('shapes', 'delicacy.shapes.ttl')), origins),
  ]);
  if (problems.length > 0) throw new ValidationError(problems);
  const quads = sortedUnique([...data, ...ontology]);
  return { site, quads, files: compiled.files, articles: compiled.articles.map((a) => a.iri), timings };
}

/** The VoID description of a build and its manifest (what the server, the release and the citation files read). */
function describeBuild(quads: Quad[], info: DatasetInfo, where: DistributionInfo, extra: { files: string[]; site: SiteSettings; articles: ArticleRecord[]; reconcileRecords?: Manifest['reconcileRecords']; lists?: Manifest['lists'] }): { voidQuads: Quad[]; manifest: Manifest } {
  const { quads: voidQuads, statistics } = describeDataset(quads, info, where);
  return {
    voidQuads,
    manifest: {
      version: info.version, previousVersion: info.previousVersion, issued: where.issued, modified: where.modified, baseIri: baseIri(),
      quads: quads.length, triples: statistics.triples, sources: extra.files, dumps: where.dumps, licence: info.licence,
      site: extra.site, articles: extra.articles, citation: info.citation, reconcileRecords: extra.reconcileRecords, lists: extra.lists,
    },
  };
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const { site, quads, files, articles, timings } = await compileAndValidate(options);
  if (options.write === false) return { quads, files, dumps: [], timings };

  const version = options.version ?? packageVersion();
  if (!semver.valid(version)) throw new Error(`The version '${version}' is not a semantic version (MAJOR.MINOR.PATCH)`);
  const releases = listReleases(options.releasesDir ?? projectPath('releases'));
  const issued = options.issued ?? releases.find((r) => r.version === version)?.issued;
  const previousVersion = previousRelease(releases, version)?.version;
  const headerInfo: DatasetInfo = {
    version, previousVersion, title: `${site.name}: ${site.title}`, description: site.description, language: site.language,
    licence: site.licence, creators: site.creators, publisher: site.publisher, contributors: site.contributors, keywords: site.keywords,
    sourceArticles: articles,
    citation: datasetCitation({ name: site.name, title: site.title, version, creators: site.creators, issued, url: versionIri(version) }),
  };
  // Every dump carries the dataset's licence, version and makers in the metadata graph.
  const dumped = sortedUnique([...quads, ...datasetHeader(headerInfo)]);
  const modified = new Date().toISOString();

  const outDir = options.outDir ?? projectPath('dist');
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  // Folders left by builds that were killed midway.
  removeStale(dirname(outDir), `${basename(outDir)}.tmp-`);
  removeStale(dirname(outDir), `${basename(outDir)}.old-`);
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const start = performance.now();
  try {
    const prefixes = datasetPrefixes();
    const path = (name: string) => join(tmpDir, name);
    await writeRdf(path(DUMP_FILES.nquads), dumped, 'N-Quads', prefixes);
    // The search index, the reconciliation records and the lists' rows are read
    // from the dump just written, as the server would load it; the server then
    // reads them from their files instead of from the store. A release keeps only dumps.
    let reconcileRecords: Manifest['reconcileRecords'];
    let lists: Manifest['lists'];
    if (!options.compressedOnly) {
      const lookup = new StoreLookup(storeFromNquads(path(DUMP_FILES.nquads)), oxigraph);
      await writeSearchIndex(lookup, path(SEARCH_INDEX_FILE));
      const records = await readRecords(lookup, baseIri());
      reconcileRecords = await writeRecordsFile(path(RECORDS_FILE), records.length, records);
      lists = await writeListFilesFromStore(tmpDir, lookup);
    }
    await writeRdf(path(DUMP_FILES.trig), dumped, 'TriG', prefixes);
    await writeRdf(path(DUMP_FILES.turtle), unionTriples(dumped), 'Turtle', prefixes);
    await writeJsonLd(path(DUMP_FILES.jsonld), dumped, prefixes);
    await gzipFile(path(DUMP_FILES.jsonld), path(DUMP_FILES.jsonldGz));
    await gzipFile(path(DUMP_FILES.nquads), path(DUMP_FILES.nquadsGz));
    writeFileSync(path(DUMP_FILES.context), JSON.stringify(jsonLdContext(prefixes), null, 2));
    // Predicate and class counts, for the query normaliser to order triple patterns.
    writeFileSync(path(STATISTICS_FILE), JSON.stringify(computeStatistics(dumped)));

    const describe = async (name: string, mediaType: string, title: string, compression?: string): Promise<DumpFile> =>
      ({ name, mediaType, title, compression, bytes: statSync(path(name)).size, sha256: await sha256(path(name)) });
    const kinds: [string, string, string, string?][] = [
      [DUMP_FILES.nquads, 'application/n-quads', 'Whole dataset, N-Quads (named graphs kept)'],
      [DUMP_FILES.nquadsGz, 'application/n-quads', 'Whole dataset, N-Quads, gzip-compressed', 'application/gzip'],
      [DUMP_FILES.trig, 'application/trig', 'Whole dataset, TriG (named graphs kept)'],
      [DUMP_FILES.turtle, 'text/turtle', 'Whole dataset, Turtle (union of the graphs)'],
      [DUMP_FILES.jsonld, 'application/ld+json', 'Whole dataset, JSON-LD compacted with context.jsonld'],
      [DUMP_FILES.jsonldGz, 'application/ld+json', 'Whole dataset, JSON-LD, gzip-compressed', 'application/gzip'],
    ];
    if (options.compressedOnly) {
      await gzipFile(path(DUMP_FILES.trig), path(DUMP_FILES.trigGz));
      await gzipFile(path(DUMP_FILES.turtle), path(DUMP_FILES.turtleGz));
      for (const name of [DUMP_FILES.nquads, DUMP_FILES.trig, DUMP_FILES.turtle, DUMP_FILES.jsonld]) rmSync(path(name));
      kinds.splice(0, kinds.length,
        [DUMP_FILES.nquadsGz, 'application/n-quads', 'Whole dataset, N-Quads (named graphs kept), gzip-compressed', 'application/gzip'],
        [DUMP_FILES.trigGz, 'application/trig', 'Whole dataset, TriG (named graphs kept), gzip-compressed', 'application/gzip'],
        [DUMP_FILES.turtleGz, 'text/turtle', 'Whole dataset, Turtle (union of the graphs), gzip-compressed', 'application/gzip'],
        [DUMP_FILES.jsonldGz, 'application/ld+json', 'Whole dataset, JSON-LD compacted with context.jsonld, gzip-compressed', 'application/gzip']);
    }
    const dumps: DumpFile[] = [];
    for (const [name, mediaType, title, compression] of kinds) dumps.push(await describe(name, mediaType, title, compression));
    const { voidQuads, manifest } = describeBuild(dumped, headerInfo, {
      modified, issued, dumps, dumpBase: options.dumpBase ?? `${baseIri()}dumps/`, subject: options.voidSubject ?? datasetIri(),
    }, { files, site, articles: articleRecords(quads, articles), reconcileRecords, lists });
    await new Promise<void>((resolve, reject) => {
      const writer = new Writer({ prefixes: datasetPrefixes() });
      writer.addQuads(voidQuads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)));
      writer.end((error, result) => (error ? reject(error) : (writeFileSync(path(DUMP_FILES.void), result), resolve())));
    });
    writeFileSync(path(DUMP_FILES.manifest), JSON.stringify(manifest, null, 2));
    timings.dumps = performance.now() - start;

    const oldDir = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) renameSync(outDir, oldDir);
    renameSync(tmpDir, outDir);
    rmSync(oldDir, { recursive: true, force: true });
    return { quads: dumped, manifest, files, dumps, timings, outDir };
  } catch (error) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
}
