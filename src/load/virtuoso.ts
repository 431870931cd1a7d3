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
  const failed = await isql(slot, 'SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;');
  const errors = failed.split('\n').filter((l) => /\.nq\s/.test(l));
  if (errors.length) throw new LoadError(`Virtuoso's bulk loader failed on ${errors.length} file(s): ${errors.slice(0, 3).join('; ')}`);
  progress('checkpoint');
  await isql(slot, 'checkpoint;');
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
  return perGraph;
}

/** Quads in the given graphs, counted by the store. */
export async function countQuads(slot: VirtuosoSlot, graphs: string[]): Promise<number> {
  const list = graphs.map((g) => `iri_to_id(${sqlString(g)}, 0)`).join(', ');
  return firstNumber(await isql(slot, `SELECT COUNT(*) FROM DB.DBA.RDF_QUAD WHERE G IN (${list});`));
}

