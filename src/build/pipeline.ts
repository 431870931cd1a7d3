// The build: data/ -> quads -> validated dataset -> dist/ (dumps, context, VoID,
// manifest). dist/ is replaced only when everything succeeded: files are written
// to a temporary folder that is swapped in at the end.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DataFactory, Writer, type Quad } from 'n3';
import { compileData, type ExtraCollection } from './compile/compileData.js';
import { materialiseTypes, readOntology, superclassClosure } from './ontology.js';
import { checkIris, readShapes, validateShapes } from './validate.js';
import { ValidationError } from './errors.js';
import { sortedUnique, unionTriples, writeRdf } from './dumps/rdfFiles.js';
import { jsonLdContext, writeJsonLd } from './dumps/jsonld.js';
import { describeDataset, type DumpFile } from './dumps/void.js';
import { datasetPrefixes } from '../model/iri.js';
import { LINK_COLLECTIONS } from '../link/compileLinks.js';
import { readSite, type SiteSettings } from './site.js';
import { baseIri } from '../model/namespaces.js';
import { projectPath } from '../model/paths.js';

export interface BuildOptions {
  dataDir?: string;
  ontologyFile?: string;
  shapesFile?: string;
  outDir?: string;
  /** false: compile and validate only. */
  write?: boolean;
  extras?: Record<string, ExtraCollection>;
  progress?: (message: string) => void;
}

export interface BuildResult {
  quads: Quad[];
  files: string[];
  dumps: DumpFile[];
  timings: Record<string, number>;
  outDir?: string;
}

export const DUMP_FILES = {
  nquads: 'delicacy.nq',
  nquadsGz: 'delicacy.nq.gz',
  trig: 'delicacy.trig',
  turtle: 'delicacy.ttl',
  jsonld: 'delicacy.jsonld',
  jsonldGz: 'delicacy.jsonld.gz',
  context: 'context.jsonld',
  void: 'void.ttl',
  manifest: 'manifest.json',
} as const;

function packageVersion(): string {
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
  const data = await time('materialise', () => materialiseTypes(compiled.quads, closure));
  // The ontology is validated with the data, so that e.g. a class aligned to
  // Wikidata without evidence is stopped like an entity link would be.
  const ontologyFile = options.ontologyFile ?? projectPath('ontology', 'delicacy.ttl');
  const origins = new Map(compiled.origins);
  for (const q of ontology) {
    if (!origins.has(q.subject.value)) origins.set(q.subject.value, { entity: q.subject.value, location: { file: relative(process.cwd(), ontologyFile) || ontologyFile }, predicateLines: new Map() });
  }
  const problems = await time('validate', async () => [
    ...checkIris(data, compiled.origins, new Set(ontology.map((q) => q.subject.value))),
    ...await validateShapes([...data, ...ontology], readShapes(options.shapesFile ?? projectPath('shapes', 'delicacy.shapes.ttl')), origins),
  ]);
  if (problems.length > 0) throw new ValidationError(problems);
  const quads = sortedUnique([...data, ...ontology]);
  return { site, quads, files: compiled.files, articles: compiled.articles.map((a) => a.iri), timings };
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const { site, quads, files, articles, timings } = await compileAndValidate(options);
  if (options.write === false) return { quads, files, dumps: [], timings };

  const outDir = options.outDir ?? projectPath('dist');
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const start = performance.now();
  try {
    const prefixes = datasetPrefixes();
    const path = (name: string) => join(tmpDir, name);
    await writeRdf(path(DUMP_FILES.nquads), quads, 'N-Quads', prefixes);
    await writeRdf(path(DUMP_FILES.trig), quads, 'TriG', prefixes);
    await writeRdf(path(DUMP_FILES.turtle), unionTriples(quads), 'Turtle', prefixes);
    await writeJsonLd(path(DUMP_FILES.jsonld), quads, prefixes);
    await gzipFile(path(DUMP_FILES.jsonld), path(DUMP_FILES.jsonldGz));
    await gzipFile(path(DUMP_FILES.nquads), path(DUMP_FILES.nquadsGz));
    writeFileSync(path(DUMP_FILES.context), JSON.stringify(jsonLdContext(prefixes), null, 2));

    const describe = async (name: string, mediaType: string, title: string, compression?: string): Promise<DumpFile> =>
      ({ name, mediaType, title, compression, bytes: statSync(path(name)).size, sha256: await sha256(path(name)) });
    const dumps = [
      await describe(DUMP_FILES.nquads, 'application/n-quads', 'Whole dataset, N-Quads (named graphs kept)'),
      await describe(DUMP_FILES.nquadsGz, 'application/n-quads', 'Whole dataset, N-Quads, gzip-compressed', 'application/gzip'),
      await describe(DUMP_FILES.trig, 'application/trig', 'Whole dataset, TriG (named graphs kept)'),
      await describe(DUMP_FILES.turtle, 'text/turtle', 'Whole dataset, Turtle (union of the graphs)'),
      await describe(DUMP_FILES.jsonld, 'application/ld+json', 'Whole dataset, JSON-LD compacted with context.jsonld'),
      await describe(DUMP_FILES.jsonldGz, 'application/ld+json', 'Whole dataset, JSON-LD, gzip-compressed', 'application/gzip'),
    ];
    const version = packageVersion();
    const modified = new Date().toISOString();
    const voidQuads = describeDataset(quads, {
      version,
      modified,
      title: `${site.name}: ${site.title}`,
      description: site.description,
      licence: site.licence,
      sourceArticles: articles,
      dumps,
    });
    await new Promise<void>((resolve, reject) => {
      const writer = new Writer({ prefixes: datasetPrefixes() });
      writer.addQuads(voidQuads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)));
      writer.end((error, result) => (error ? reject(error) : (writeFileSync(path(DUMP_FILES.void), result), resolve())));
    });
    writeFileSync(path(DUMP_FILES.manifest), JSON.stringify({
      version, modified, baseIri: baseIri(), quads: quads.length, sources: files, dumps, licence: site.licence, site,
    }, null, 2));
    timings.dumps = performance.now() - start;

    const oldDir = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) renameSync(outDir, oldDir);
    renameSync(tmpDir, outDir);
    rmSync(oldDir, { recursive: true, force: true });
    return { quads, files, dumps, timings, outDir };
  } catch (error) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
}
