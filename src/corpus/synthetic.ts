// Synthetic corpora for tests and the benchmark: a built release copied k times
// over as k articles of the same shape with distinct IRIs. Copy k renames every
// entity of the release (…/id/person/maiskii → …/id/person/s7-maiskii, the
// article itself included; the shared concept scheme stays single) and puts the
// article's graph under a new name (…/graph/s7-carley-1999); quads of shared
// graphs (ontology, vocabulary) that name no entity stay single. The result is
// a release folder that serves and loads like a built one: the N-Quads dump,
// the VoID (with each new graph listed), the JSON-LD context, the query
// statistics, the reconciliation records, the lists' rows and the search index
// (each copy's renamed as its quads are, so that a corpus server never reads its
// data whole while serving) and a manifest.

import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { DataFactory, Parser, Writer } from 'n3';
import { DUMP_FILES } from '../build/pipeline.js';
import { loadDataset, readManifest, type Manifest } from '../store/loadDataset.js';
import { readStatistics, scaledStatistics, STATISTICS_FILE } from '../query/normalise/statistics.js';
import { parseRecordLine, readRecordsFile, recordLine, RECORDS_FILE, writeRecordsFile, type RecordsFileEntry } from '../reconcile/recordsFile.js';
import { type ReconRecord } from '../reconcile/records.js';
import oxigraph from 'oxigraph';
import { StoreLookup } from '../engine/lookup.js';
import { searchDocuments, type SearchDoc } from '../search/documents.js';
import { writeSearchIndexLines } from '../search/build.js';
import { SEARCH_INDEX_FILE, SearchIndex } from '../search/searchIndex.js';
import { LIST_VERSION, listPath, readListRows, writeListFiles, type ListsEntry } from '../web/data/listFile.js';
import { orderedList, type ItemRow } from '../web/data/collections.js';
import { isPageEntity, pageEntityPattern, type EntityKind } from '../model/iri.js';
import { replaceFile, writeLines } from '../store/lineFile.js';

export interface CorpusReport { quads: number; articles: number; dir: string }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Writes a corpus of `factor` articles (the release itself, then factor - 1 renamed copies) into `target`. */
export async function syntheticCorpus(source: string, factor: number, target: string, progress: (message: string) => void = () => undefined): Promise<CorpusReport> {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`the factor must be a positive integer, not ${factor}`);
  const manifest = readManifest(source);
  const base = manifest.baseIri;
  const articleIds = (manifest.articles ?? []).map((a) => a.iri.split('/').pop()!);
  const articleGraphs = new Set(articleIds.map((id) => `${base}graph/${id}`));
  // An entity IRI: <base>id/<kind>/<first segment>…, the shared concepts excepted.
  const entity = new RegExp(`${escapeRegExp(base)}id/(?!concept/)([a-z-]+)/([^>#/\\s"]+)`, 'g');
  const graphOf = /<([^>]*)>\s*\.\s*$/;

  const renamed = (text: string, prefix: string) => text.replace(entity, (_m, kind: string, first: string) => `${base}id/${kind}/${prefix}${first}`);

  // The release's search documents, read as the build reads them (from the release's own small store).
  const searchDocs = await searchDocuments(new StoreLookup(loadDataset(source).store, oxigraph));
  // Documents no copy renames (the shared concepts) stay single; each copy adds the statements pointing at them.
  const shared = new Set(searchDocs.filter((d) => renamed(d.iri, 's1-') === d.iri).map((d) => d.iri));
  const sharedLinksPerCopy = new Map<string, number>();
  const objectIri = /^(?:<[^>]*>|_:\S+)\s+<[^>]*>\s+<([^>]*)>/;

  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(join(source, DUMP_FILES.nquads)), crlfDelay: Infinity })) if (line.trim()) lines.push(line);

  mkdirSync(target, { recursive: true });
  let quads = 0;
  // Quads per graph, and entities with a page per graph, for the sizes and
  // counts the VoID states (servers read them rather than count).
  const perGraph = new Map<string, number>();
  const entities = new GraphEntities(base);
  const counted = (line: string) => { const graph = graphOf.exec(line)?.[1]; if (graph) perGraph.set(graph, (perGraph.get(graph) ?? 0) + 1); };
  const newGraphs: string[] = [];
  function* corpusLines(): Generator<string> {
    for (const line of lines) { counted(line); entities.add(line, line); quads++; yield line; }
    for (let k = 1; k < factor; k++) {
      const prefix = `s${k}-`;
      for (const line of lines) {
        let copy = renamed(line, prefix);
        const graph = graphOf.exec(copy)?.[1];
        if (graph && articleGraphs.has(graph)) copy = copy.slice(0, copy.lastIndexOf(`<${graph}>`)) + `<${base}graph/${prefix}${graph.slice(`${base}graph/`.length)}> .`;
        if (copy === line) continue; // a quad of a shared graph that names no entity stays single
        counted(copy);
        entities.add(copy, line);
        quads++;
        const object = k === 1 ? objectIri.exec(line)?.[1] : undefined;
        if (object && shared.has(object)) sharedLinksPerCopy.set(object, (sharedLinksPerCopy.get(object) ?? 0) + 1);
        yield copy;
      }
      entities.endCopy();
      for (const graph of articleGraphs) newGraphs.push(`${base}graph/${prefix}${graph.slice(`${base}graph/`.length)}`);
      if (k % 50 === 0) progress(`${k + 1}/${factor} articles, ${quads} quads`);
    }
  }
  // Into a temporary file renamed into place once whole (writeLines): an
  // interrupted run leaves no cut-short dump that looks like a corpus, and a
  // server that pinned the folder's previous dump keeps it.
  await writeLines(join(target, DUMP_FILES.nquads), corpusLines());

  // VoID: the new graphs as subsets, so that a store is queried on all of them.
  let voidText = readFileSync(join(source, DUMP_FILES.void), 'utf8');
  const dataset = `${base}dataset`;
  voidText += `\n# Synthetic copies (${factor - 1}), see src/corpus/synthetic.ts\n` + newGraphs.map((graph) => {
    const subset = `${dataset}#graph-${graph.slice(`${base}graph/`.length)}`;
    return `<${dataset}> <http://rdfs.org/ns/void#subset> <${subset}> .\n<${subset}> a <http://rdfs.org/ns/void#Dataset> ; <http://www.w3.org/ns/sparql-service-description#name> <${graph}> .`;
  }).join('\n') + '\n';
  const voidOut = await withGraphSizes(voidText, perGraph, entities, `${base}graph/void`, base);
  replaceFile(join(target, DUMP_FILES.void), (temporary) => writeFileSync(temporary, voidOut));
  if (existsSync(join(source, DUMP_FILES.context))) replaceFile(join(target, DUMP_FILES.context), (temporary) => copyFileSync(join(source, DUMP_FILES.context), temporary));
  // The query normaliser's statistics, k-fold: some of its choices weigh counts against constant sizes.
  const statistics = readStatistics(source);
  if (statistics) replaceFile(join(target, STATISTICS_FILE), (temporary) => writeFileSync(temporary, JSON.stringify(scaledStatistics(statistics, factor))));

  const reconcileRecords = existsSync(join(source, RECORDS_FILE)) ? await copyRecords(join(source, RECORDS_FILE), join(target, RECORDS_FILE), factor, `${base}id/`, renamed) : undefined;

  const lists = manifest.lists?.version === LIST_VERSION ? await copyLists(source, target, factor, renamed) : undefined;
  if (lists) progress(`lists of ${factor} articles written`);

  await writeSearchIndexLines(corpusSearchIndex(searchDocs, factor, renamed, (iri) => (factor - 1) * (sharedLinksPerCopy.get(iri) ?? 0)), join(target, SEARCH_INDEX_FILE));
  progress(`search index of ${factor} articles written`);

  const articles = [...(manifest.articles ?? [])];
  for (let k = 1; k < factor; k++) for (const a of manifest.articles ?? []) articles.push({ ...a, iri: a.iri.replace(/[^/]+$/, (id) => `s${k}-${id}`), title: `${a.title} (synthetic copy ${k})` });
  const synthetic: Manifest = { ...manifest, version: `${manifest.version}-x${factor}`, modified: new Date().toISOString(), quads, triples: undefined, dumps: [], articles, reconcileRecords, lists };
  // The manifest last: a folder whose run was interrupted keeps its old one, which the new files do not match.
  replaceFile(join(target, DUMP_FILES.manifest), (temporary) => writeFileSync(temporary, JSON.stringify(synthetic, null, 2)));
  return { quads, articles: factor * Math.max(1, articleIds.length), dir: target };
}

/**
 * The entities with a page (isPageEntity) in each graph of the corpus, counted
 * as its quads are written without holding the corpus's subjects: a subject a
 * copy renamed is that copy's alone (the prefix s<k>- makes it distinct from
 * every other), so it is counted with its copy's and forgotten; one no copy
 * renames (a shared concept) is kept with the release's, once however many
 * copies state it.
 */
class GraphEntities {
  private readonly kept = new Map<string, Set<string>>();
  private copy = new Map<string, Set<string>>();
  private readonly copied = new Map<string, number>();
  private static readonly SUBJECT = /^<([^>]*)>/;
  private static readonly GRAPH = /<([^>]*)>\s*\.\s*$/;

  constructor(private readonly base: string) {}

  /** A quad's line, written; `original` is the release's line it was copied from (itself for the release's own). */
  add(line: string, original: string): void {
    const subject = GraphEntities.SUBJECT.exec(line)?.[1];
    const graph = GraphEntities.GRAPH.exec(line)?.[1];
    if (!subject || !graph || !isPageEntity(subject, this.base)) return;
    const renamed = line !== original && subject !== GraphEntities.SUBJECT.exec(original)?.[1];
    const sets = renamed ? this.copy : this.kept;
    let set = sets.get(graph);
    if (!set) sets.set(graph, (set = new Set()));
    set.add(subject);
  }

  /** The end of a copy's quads: its own subjects are counted and dropped. */
  endCopy(): void {
    for (const [graph, set] of this.copy) this.copied.set(graph, (this.copied.get(graph) ?? 0) + set.size);
    this.copy = new Map();
  }

  /** The graph's entities, with `more` (subjects of its quads written elsewhere, such as the VoID file's). */
  count(graph: string, more: Iterable<string> = []): number {
    const kept = new Set(this.kept.get(graph));
    for (const subject of more) if (isPageEntity(subject, this.base)) kept.add(subject);
    return kept.size + (this.copied.get(graph) ?? 0);
  }
}

/**
 * The VoID with each named graph's size and entities as the corpus has them: the
 * copies' graphs get them, and the shared graphs (whose quads naming an entity
 * were copied) new ones. The VoID graph's own size is dropped (it also holds the
 * VoID file, which this changes): a server counts that small graph itself. Its
 * entities are counted with the VoID file's subjects.
 */
async function withGraphSizes(voidText: string, perGraph: Map<string, number>, entities: GraphEntities, voidGraphIri: string, base: string): Promise<string> {
  let prefixes: Record<string, string> = {};
  const parsed = new Parser().parse(voidText, null, (prefix, iri) => { prefixes = { ...prefixes, [prefix]: iri.value }; });
  const VOID = 'http://rdfs.org/ns/void#';
  const restated = new Set([`${VOID}triples`, `${VOID}entities`, `${VOID}uriRegexPattern`]);
  const graphOfSubset = new Map(parsed.filter((q) => q.predicate.value === 'http://www.w3.org/ns/sparql-service-description#name').map((q) => [q.subject.value, q.object.value]));
  const kept = parsed.filter((q) => !(restated.has(q.predicate.value) && graphOfSubset.has(q.subject.value)));
  const integer = (n: number) => DataFactory.literal(String(n), DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#integer'));
  const voidSubjects = parsed.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value);
  for (const [subset, graph] of graphOfSubset) {
    const node = DataFactory.namedNode(subset);
    kept.push(DataFactory.quad(node, DataFactory.namedNode(`${VOID}entities`), integer(entities.count(graph, graph === voidGraphIri ? voidSubjects : []))));
    kept.push(DataFactory.quad(node, DataFactory.namedNode(`${VOID}uriRegexPattern`), DataFactory.literal(pageEntityPattern(base))));
    if (graph === voidGraphIri || !perGraph.has(graph)) continue;
    kept.push(DataFactory.quad(node, DataFactory.namedNode(`${VOID}triples`), integer(perGraph.get(graph)!)));
  }
  const writer = new Writer({ prefixes });
  writer.addQuads(kept);
  return new Promise((resolve, reject) => writer.end((error, text) => (error ? reject(error) : resolve(text))));
}

/**
 * The reconciliation records of the corpus: the release's, then each copy's with
 * its IRIs renamed exactly as its quads were (every string of the record goes
 * through the same renaming; the id follows the IRI), so that they equal what
 * readRecords would read from the corpus itself.
 */
async function copyRecords(from: string, to: string, factor: number, root: string, renamed: (text: string, prefix: string) => string): Promise<RecordsFileEntry> {
  const records: ReconRecord[] = [];
  await readRecordsFile(from, (record) => records.push(record));
  function* copies(): Generator<ReconRecord> {
    yield* records;
    for (let k = 1; k < factor; k++) {
      for (const record of records) {
        const copy = parseRecordLine(renamed(recordLine(record), `s${k}-`));
        yield { ...copy, id: copy.iri.slice(root.length) };
      }
    }
  }
  return writeRecordsFile(to, records.length * factor, copies());
}

/**
 * The rows of every list of the corpus: the release's, then each copy's with its
 * IRIs renamed exactly as its quads were (a row's every string goes through the
 * same renaming; a row no copy renames, a shared concept, stays single), put in
 * order again over the whole corpus by the orders the server uses — so that they
 * equal what readKindList would read from the corpus itself.
 */
async function copyLists(source: string, target: string, factor: number, renamed: (text: string, prefix: string) => string): Promise<ListsEntry> {
  return writeListFiles(target, async (kind: EntityKind) => {
    const { rows } = await readListRows(listPath(source, kind), kind);
    const all: ItemRow[] = [...rows];
    const copied = rows.filter((row) => renamed(row.iri, 's1-') !== row.iri).map((row) => JSON.stringify(row));
    for (let k = 1; k < factor; k++) for (const text of copied) all.push(JSON.parse(renamed(text, `s${k}-`)) as ItemRow);
    return orderedList(kind, all);
  });
}

/**
 * The search index of the corpus: the release's documents, then each copy's with
 * its IRIs renamed exactly as its quads were (every string of the document goes
 * through the same renaming, as the records' do); a document no copy renames is
 * kept once, with the statements the copies add pointing at it. A copy has its
 * original's words, so the index is written from the release's alone
 * (SearchIndex.linesWithCopies); were a renaming to reach a document's words,
 * every copy would be indexed instead.
 */
function corpusSearchIndex(docs: SearchDoc[], factor: number, renamed: (text: string, prefix: string) => string, addedLinks: (iri: string) => number): Iterable<string> {
  const base: SearchDoc[] = docs.map((doc) => ({ ...doc, links: doc.links + addedLinks(doc.iri) }));
  const copied = base.flatMap((doc, i) => (renamed(doc.iri, 's1-') === doc.iri ? [] : [i]));
  const copy = (k: number): SearchDoc[] => copied.map((i, r) => ({ ...(JSON.parse(renamed(JSON.stringify(docs[i]), `s${k}-`)) as SearchDoc), id: base.length + (k - 1) * copied.length + r }));
  const sameWords = copied.every((i) => [docs[i].names, docs[i].text, docs[i].label].every((text) => renamed(text, 's1-') === text));
  if (sameWords) return SearchIndex.linesWithCopies(base, copied, factor - 1, copy);
  const all = [...base];
  for (let k = 1; k < factor; k++) all.push(...copy(k));
  return SearchIndex.lines(all);
}
