// `delicacy load --into STORE.json`: puts a built release into an existing
// triple store, blue/green. The store file names two slots (two stores, or two
// databases of one engine); the release is bulk-loaded into the slot that is not
// serving, checked (quads per graph), its files (manifest, dumps, VoID) are put
// beside the store file, and then the store file is rewritten in one rename to
// make that slot the active one. Servers started with --store STORE.json follow
// the file: queries that start after the switch go to the new release, those
// running finish on the old one, so no query sees a mix. The old slot is left
// alone for a grace period (the query time limit) before a later load may
// overwrite it.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DUMP_FILES } from '../build/pipeline.js';
import { readManifest } from '../store/loadDataset.js';
import { readReleaseVoid, voidGraph } from '../store/releaseGraphs.js';
import { linkTree } from '../store/pinnedRelease.js';
import { readStoreFile, type StoreFile } from '../engine/remote/storeTarget.js';
import { bulkLoad, clearGraphs, countQuads, endpointNumber, LoadError, readableGraphs, restrictToRelease, type VirtuosoSlot } from './virtuoso.js';

export { LoadError };

export interface LoadReleaseOptions {
  /** The store file (see src/engine/remote/storeTarget.ts). */
  into: string;
  /** The built release to load (a dist/ folder). */
  dist: string;
  progress(message: string): void;
  /** How long the slot that stops serving is left alone, for queries still running on it, in ms. */
  graceMs: number;
  /** Loader threads in the store. */
  threads?: number;
}

export interface LoadReport { slot: string; version: string; quads: number; graphs: number; ms: number }

function writeStoreFile(path: string, file: StoreFile): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(temporary, path); // atomic: a reader sees the old file or the new one
}

/** One load at a time per store file. */
function lock(path: string): () => void {
  const lockFile = `${path}.lock`;
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch {
    throw new LoadError(`Another load into ${path} is running (${lockFile} exists; remove it if that load was killed).`);
  }
  writeFileSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(lockFile, { force: true });
}

export async function loadRelease(options: LoadReleaseOptions): Promise<LoadReport> {
  const started = Date.now();
  const storePath = resolve(options.into);
  const { progress } = options;
  const file = readStoreFile(storePath);
  if (file.engine !== 'virtuoso') {
    throw new LoadError(`Loading into a ${file.engine} store is not implemented; load it with the engine's own tools and write the store file by hand (docs/scaling.md).`);
  }
  const slots = Object.keys(file.slots).sort();
  const slot = slots.find((name) => name !== file.active);
  if (!slot) throw new LoadError(`The store file ${storePath} has no slot besides the active one (${file.active}); a reload needs two.`);
  const manifest = readManifest(options.dist);
  const unlock = lock(storePath);
  try {
    if (file.previous?.slot === slot) {
      const wait = Date.parse(file.previous.until) - Date.now();
      if (wait > 0) {
        progress(`waiting ${Math.ceil(wait / 1000)} s: queries that started before the last switch may still run on slot ${slot}`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    const target = file.slots[slot] as VirtuosoSlot;
    progress(`loading ${manifest.version} (${manifest.quads} quads) into slot ${slot} (${target.endpoint}); slot ${file.active ?? '(none)'} keeps serving`);
    const loaded = (target.graphs as string[] | undefined) ?? [];
    if (loaded.length) {
      progress(`clearing the ${loaded.length} graphs slot ${slot} held`);
      await clearGraphs(target, loaded);
    }
    const voidIri = voidGraph(manifest);
    const perGraph = await bulkLoad(target, { nquads: join(options.dist, DUMP_FILES.nquads), turtle: [{ file: join(options.dist, DUMP_FILES.void), graph: voidIri }] }, progress, options.threads);
    const graphs = [...new Set([...readReleaseVoid(options.dist, manifest).graphs, ...perGraph.keys()])].sort();
    file.slots[slot] = { ...target, graphs };

    // Check: every quad of the dump is in the store (the VoID graph also gets the VoID file, so it is left out).
    const dataGraphs = graphs.filter((g) => g !== voidIri);
    const expected = dataGraphs.reduce((sum, g) => sum + (perGraph.get(g) ?? 0), 0);
    const found = await countQuads(target, dataGraphs);
    if (found !== expected) throw new LoadError(`Slot ${slot} holds ${found} quads in the release's graphs after loading, but the dump has ${expected}; the switch was not made.`);
    progress(`checked: ${found} quads in ${dataGraphs.length} graphs, and the VoID graph`);

    // The endpoint reads the release's graphs and nothing else, so that queries go without a dataset (see restrictToRelease).
    await restrictToRelease(target, graphs, await readableGraphs(target));
    const held = await countQuads(target, graphs);
    const visible = await endpointNumber(target, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    const visibleNamed = await endpointNumber(target, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
    if (visible !== held || visibleNamed !== held) {
      throw new LoadError(`Slot ${slot}'s endpoint sees ${visible} quads in its default graph and ${visibleNamed} in its named graphs, but the release's graphs hold ${held}; the switch was not made.`);
    }
    progress(`checked: the endpoint reads the release's ${graphs.length} graphs (${held} quads) and nothing else`);

    // The release's files beside the store file, for the servers to serve with it.
    const releaseDir = join(dirname(storePath), 'releases', slot);
    rmSync(releaseDir, { recursive: true, force: true });
    mkdirSync(releaseDir, { recursive: true });
    linkTree(options.dist, releaseDir);

    const previous = file.active;
    writeStoreFile(storePath, {
      ...file,
      active: slot,
      release: { slot, version: manifest.version, modified: manifest.modified, graphs, dataset: 'store', dist: relative(dirname(storePath), releaseDir), loadedAt: new Date().toISOString() },
      previous: previous ? { slot: previous, until: new Date(Date.now() + options.graceMs).toISOString() } : undefined,
    });
    progress(`switched: slot ${slot} serves ${manifest.version}${previous ? `; slot ${previous} answers the queries already running on it` : ''}`);
    return { slot, version: manifest.version, quads: found, graphs: graphs.length, ms: Date.now() - started };
  } finally {
    unlock();
  }
}

/** A store file for two Virtuoso instances (slots a and b), as scripts/virtuoso.sh serves them. */
export function virtuosoStoreFile(path: string, slots: Record<string, { http: number; sql: number; dir: string }>): StoreFile {
  if (existsSync(path)) return readStoreFile(path);
  const file: StoreFile = {
    engine: 'virtuoso',
    slots: Object.fromEntries(Object.entries(slots).map(([name, s]) => [name, {
      endpoint: `http://127.0.0.1:${s.http}/sparql`, isql: `127.0.0.1:${s.sql}`, loadDir: join(s.dir, 'load'),
    } satisfies VirtuosoSlot])),
  };
  writeStoreFile(path, file);
  return file;
}
