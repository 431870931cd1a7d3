// Where the list pages' rows come from: the files the build wrote beside the
// dumps (list-<kind>.ndjson, listed in the manifest), each read on the first
// request for its kind into the columns the pages filter by, kept for the
// release, a page's rows read back from the file by position; or — for a release built
// before the files existed, with rows of an older shape, or a file that does
// not match the manifest — the store, by the same readKindList the build uses.
// The fallback costs what lists used to (a read of the whole kind: seconds at
// 100 articles, past the store's time limit at 1,000 on Virtuoso) and says so
// in the log once: a rebuild (or `delicacy corpus` again) gives the files.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Manifest } from '../../store/loadDataset.js';
import { promiseMemo, type Lookup } from '../../engine/lookup.js';
import { ENTITY_KINDS, type EntityKind } from '../../model/iri.js';
import { readKindList, type ListSource } from '../../web/data/collections.js';
import { columnsOfRows, type ListColumns } from '../../web/data/listColumns.js';
import { LIST_VERSION, readListFile } from '../../web/data/listFile.js';
import { log } from '../../log.js';

/** Why the release's file for a kind cannot be used, or undefined when it can. */
function unusableListFile(dist: string, manifest: Manifest, kind: EntityKind): string | undefined {
  const lists = manifest.lists;
  if (!lists) return "the release's manifest lists no list files (built before they existed)";
  if (lists.version !== LIST_VERSION) return `the release's list files hold rows of version ${lists.version}; this server reads version ${LIST_VERSION}`;
  const entry = lists.kinds[kind];
  if (!entry) return `the manifest lists no file for the ${kind} list`;
  const path = join(dist, entry.name);
  if (!existsSync(path)) return `${path} is missing`;
  const bytes = statSync(path).size;
  if (bytes !== entry.bytes) return `${path} has ${bytes} bytes where the manifest says ${entry.bytes}`;
  return undefined;
}

/**
 * Why each kind's file of the release cannot be used (undefined where it can),
 * every file checked once: a server's release folder is pinned (its files are
 * hard links that a rebuild does not change), so what they are when its lists
 * are first used is what they stay.
 */
export function unusableListFiles(dist: string, manifest: Manifest): Map<EntityKind, string | undefined> {
  return new Map(ENTITY_KINDS.map((kind) => [kind, unusableListFile(dist, manifest, kind)]));
}

/**
 * The lists of the release in `dist` (the server's pinned copy): from its files,
 * else from the store; each kind read once, the files checked once (when the
 * lists are made: the release's first list request).
 */
export function releaseLists(dist: string, manifest: Manifest, lookup: Lookup): ListSource {
  const warned = new Set<string>();
  const problems = unusableListFiles(dist, manifest);
  const read = async (kind: EntityKind): Promise<ListColumns> => {
    const started = Date.now();
    const problem = problems.get(kind);
    if (problem && !warned.has(problem)) {
      warned.add(problem);
      log.warn({ event: 'lists-from-store', kind, why: problem }, 'reading a list from the store (slow for a large release; rebuild to get the list files)');
    }
    const list = problem ? columnsOfRows(await readKindList(lookup, kind)) : await readListFile(join(dist, manifest.lists!.kinds[kind]!.name), kind);
    // What the list keeps: its columns (an estimate of their bytes); read from the store, its rows besides.
    log.info({ event: 'list-read', kind, from: problem ? 'store' : 'file', rows: list.size, keptMB: Math.round(list.heapBytes / 1e4) / 100, ms: Date.now() - started });
    return list;
  };
  return promiseMemo(read);
}
