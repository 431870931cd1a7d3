// Bulk loading into Virtuoso 7 with its own bulk loader (ld_dir / ld_add and
// rdf_loader_run, driven through isql): the N-Quads dump is cut into files of
// a few hundred thousand lines, so that progress can be read from the loader's
// list of files and two loader threads can share the work.

import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DataFactory, Parser, Writer } from 'n3';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { type StoreSlot } from '../engine/remote/storeTarget.js';

export interface VirtuosoSlot extends StoreSlot {
  /** isql address, host:port. */
  isql: string;
  /** A folder in the instance's DirsAllowed, where load files are put. */
  loadDir: string;
  user?: string;
  password?: string;
}

export class LoadError extends Error { override name = 'LoadError'; }

const LINES_PER_FILE = 250_000;

/**
 * Runs SQL statements through isql-vt and returns what it printed. The
 * statements go in a file, not on the command line: isql-vt refuses an `exec=`
 * of more than 50 statements, and a release of a hundred articles has more
 * graphs than that.
 */
export async function isql(slot: VirtuosoSlot, sql: string | string[], timeoutMs = 24 * 3600_000): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'delicacy-isql-'));
  const file = join(dir, 'statements.sql');
  writeFileSync(file, `${(Array.isArray(sql) ? sql : [sql]).join('\n')}\n`);
  try {
    return await new Promise((resolve, reject) => {
      execFile('isql-vt', [slot.isql, slot.user ?? 'dba', slot.password ?? 'dba', file], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error || /\*\*\* Error/.test(output)) reject(new LoadError(`isql at ${slot.isql} failed: ${(output || String(error)).trim().slice(0, 2000)}`));
        else resolve(output);
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first number isql printed as a result row. */
function firstNumber(output: string): number {
  const line = output.split('\n').map((l) => l.trim()).find((l) => /^\d+$/.test(l));
  if (line === undefined) throw new LoadError(`no number in isql's answer: ${output.slice(0, 500)}`);
  return Number(line);
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Removes the given graphs (a previous release's) from the slot; other graphs (Virtuoso's own) stay. */
export async function clearGraphs(slot: VirtuosoSlot, graphs: string[]): Promise<void> {
  // log_enable(3, 1): row-by-row autocommit without the transaction log, as Virtuoso recommends for bulk deletes.
  const statements = graphs.map((graph) => `DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(graph)}, 0);`);
  await isql(slot, ['log_enable(3, 1);', ...statements, 'DELETE FROM DB.DBA.LOAD_LIST;', 'checkpoint;']);
}

/** Cuts an N-Quads file into files of LINES_PER_FILE lines in `dir`; returns their names and the quads per graph. */
async function splitDump(nquads: string, dir: string): Promise<{ names: string[]; perGraph: Map<string, number> }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  let out: ReturnType<typeof createWriteStream> | undefined;
  let lines = 0;
  const perGraph = new Map<string, number>();
  for await (const line of createInterface({ input: createReadStream(nquads), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    // The graph is the last IRI before the final dot (our dumps name one for every quad).
    const graph = /<([^>]*)>\s*\.\s*$/.exec(line)?.[1] ?? '';
    perGraph.set(graph, (perGraph.get(graph) ?? 0) + 1);
    if (!out || lines === LINES_PER_FILE) {
      if (out) { out.end(); await once(out, 'finish'); }
      const name = `part-${String(names.length).padStart(5, '0')}.nq`;
      names.push(name);
      out = createWriteStream(join(dir, name));
      lines = 0;
    }
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    lines++;
  }
  if (out) { out.end(); await once(out, 'finish'); }
  return { names, perGraph };
}

export interface LoadFiles {
  nquads: string;
  /** Turtle files to load into a named graph each (the VoID description). */
  turtle: { file: string; graph: string }[];
}

/**
 * Loads the files into the slot with Virtuoso's bulk loader, reporting progress,
 * and checkpoints. `threads` loader threads run at once. Returns the quads of
 * the N-Quads dump per graph, for the caller to check the store's count.
 */
export async function bulkLoad(slot: VirtuosoSlot, files: LoadFiles, progress: (message: string) => void, threads = 2): Promise<Map<string, number>> {
  const dir = join(slot.loadDir, 'release');
  progress('cutting the N-Quads dump into load files');
  const { names: parts, perGraph } = await splitDump(files.nquads, dir);
  const turtleDir = join(slot.loadDir, 'release-ttl');
  rmSync(turtleDir, { recursive: true, force: true });
  mkdirSync(turtleDir, { recursive: true });
  const registrations = [`ld_dir(${sqlString(dir)}, '*.nq', 'urn:x-delicacy:no-graph');`];
  files.turtle.forEach(({ file, graph }, i) => {
    // As N-Quads in their graph: Virtuoso 7's Turtle loader rejects some valid Turtle (percent-escapes in IRIs).
    const copy = join(turtleDir, `${i}.nq`);
    const quads = new Parser().parse(readFileSync(file, 'utf8')).map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(graph)));
    writeFileSync(copy, new Writer({ format: 'N-Quads' }).quadsToString(quads));
    registrations.push(`ld_add(${sqlString(copy)}, ${sqlString(graph)});`);
  });
  await isql(slot, ['DELETE FROM DB.DBA.LOAD_LIST;', ...registrations]);
  const total = parts.length + files.turtle.length;
  progress(`loading ${total} files with ${threads} loader thread(s)`);
  const started = Date.now();
  const loaders = Array.from({ length: threads }, () => isql(slot, 'rdf_loader_run();'));
  let finished = false;
  const watcher = (async () => {
    let last = -1;
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (finished) break;
      const done = firstNumber(await isql(slot, 'SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_state = 2;', 10_000).catch(() => '0'));
      if (done !== last) {
        last = done;
        progress(`loaded ${done}/${total} files (${Math.round(done / total * 100)}%, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
  })();
  try {
    await Promise.all(loaders);
  } finally {
    finished = true;
    await watcher;
  }
  // Loaders running side by side may stop a file with "SR197: Non unique primary key" when both create the
  // same dictionary entry (openlink/virtuoso-opensource#1329); the rest of that file is not loaded. Such files
  // are loaded again, by one loader; a quad loaded twice is stored once, and the caller checks the counts.
  for (let attempt = 1; ; attempt++) {
    const errors = await loadErrors(slot);
    if (errors.length === 0) break;
    if (attempt > RELOADS) throw new LoadError(`Virtuoso's bulk loader failed on ${errors.length} file(s), ${RELOADS} times: ${errors.slice(0, 3).join('; ')}`);
    progress(`reloading ${errors.length} file(s) the loader stopped on, with one loader (attempt ${attempt} of ${RELOADS}): ${errors.slice(0, 3).join('; ')}`);
    await isql(slot, ['UPDATE DB.DBA.LOAD_LIST SET ll_state = 0, ll_error = NULL WHERE ll_error IS NOT NULL;', 'rdf_loader_run();']);
  }
  progress('checkpoint');
  await isql(slot, 'checkpoint;');
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
  return perGraph;
}

/** How many times files the bulk loader failed on are loaded again before the load fails. */
const RELOADS = 2;

/** The files the bulk loader stopped on, each with its error, as isql prints them. */
async function loadErrors(slot: VirtuosoSlot): Promise<string[]> {
  const failed = await isql(slot, 'SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;');
  return failed.split('\n').filter((l) => /\.nq\s/.test(l)).map((l) => l.trim().replace(/\s+/g, ' '));
}

/** Quads in the given graphs, counted by the store. */
export async function countQuads(slot: VirtuosoSlot, graphs: string[]): Promise<number> {
  const list = graphs.map((g) => `iri_to_id(${sqlString(g)}, 0)`).join(', ');
  return firstNumber(await isql(slot, `SELECT COUNT(*) FROM DB.DBA.RDF_QUAD WHERE G IN (${list});`));
}

/** The SQL account Virtuoso's SPARQL endpoint reads graphs as, for anonymous requests. */
const ENDPOINT_USER = 'nobody';

/**
 * Makes the release's graphs the only ones the slot's SPARQL endpoint can read
 * (Virtuoso's graph-level security): nothing by default, read access to each of
 * `graphs`, none left on the `previous` release's other graphs. The endpoint's
 * own default dataset is then exactly the release — its default graph the union
 * of the release's graphs, GRAPH ?g ranging over them — without Virtuoso's
 * system graphs or anything else put in the store, and a query can be sent
 * without a dataset: at 100 articles Virtuoso answers the competency questions
 * about 20 times faster that way than with the release's 104 graphs named in
 * every request (docs/scaling.md). Done in the slot that is not serving,
 * before the switch.
 */
export async function restrictToRelease(slot: VirtuosoSlot, graphs: string[], previous: string[]): Promise<void> {
  const keep = new Set(graphs);
  await isql(slot, [
    // First, or Virtuoso refuses per-graph grants narrower than the default.
    `DB.DBA.RDF_DEFAULT_USER_PERMS_SET(${sqlString(ENDPOINT_USER)}, 0);`,
    `DB.DBA.RDF_DEFAULT_USER_PERMS_SET(${sqlString(ENDPOINT_USER)}, 0, 1);`, // and on graphs made private
    ...previous.filter((graph) => !keep.has(graph)).map((graph) => `DB.DBA.RDF_GRAPH_USER_PERMS_DEL(${sqlString(graph)}, ${sqlString(ENDPOINT_USER)});`),
    ...graphs.map((graph) => `DB.DBA.RDF_GRAPH_USER_PERMS_SET(${sqlString(graph)}, ${sqlString(ENDPOINT_USER)}, 1);`),
    'checkpoint;',
  ]);
}

/** The graphs the endpoint's user may read, as the store records them (for tests and checks). */
export async function readableGraphs(slot: VirtuosoSlot): Promise<string[]> {
  const output = await isql(slot, `SELECT 'graph=' || id_to_iri(RGU_GRAPH_IID) FROM DB.DBA.RDF_GRAPH_USER WHERE RGU_USER_ID = (SELECT U_ID FROM DB.DBA.SYS_USERS WHERE U_NAME = ${sqlString(ENDPOINT_USER)}) AND bit_and(RGU_PERMISSIONS, 1) = 1;`);
  return output.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('graph=')).map((line) => line.slice(6)).sort();
}

/** One number a SPARQL SELECT at the slot's endpoint answers, asked without a dataset (as the endpoint's user). */
export async function endpointNumber(slot: VirtuosoSlot, query: string): Promise<number> {
  const response = await fetch(slot.endpoint, {
    method: 'POST', body: new URLSearchParams({ query }),
    headers: { Accept: 'application/sparql-results+json' }, signal: AbortSignal.timeout(600_000),
  });
  const text = await response.text();
  if (!response.ok || response.headers.get('x-sql-state')) throw new LoadError(`The endpoint ${slot.endpoint} did not answer ${query}: ${response.status} ${text.slice(0, 500)}`);
  const binding = JSON.parse(text).results?.bindings?.[0] as Record<string, { value: string }> | undefined;
  const value = binding ? Object.values(binding)[0]?.value : undefined;
  if (value === undefined || !/^\d+$/.test(value)) throw new LoadError(`The endpoint ${slot.endpoint} answered ${query} with no number: ${text.slice(0, 500)}`);
  return Number(value);
}
