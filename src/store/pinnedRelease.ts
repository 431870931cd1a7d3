// The release a server serves, pinned for its whole life: the files of dist/ are
// hard-linked (copied if links are impossible) into a private folder beside it,
// so that a rebuild while serving — which swaps dist/ for a new folder — or a
// deleted dist/ never changes what this server's workers load, and a replaced
// worker loads the same release as the one it replaces.

import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { removeStale } from '../build/staleFolders.js';

export interface PinnedRelease {
  dir: string;
  unpin(): void;
}

/** Pins made by this process: a server that a load switches back to a release it served pins it again. */
let pins = 0;

export function pinRelease(dist: string): PinnedRelease {
  const parent = dirname(dist);
  // Not a dot-folder: files in those are not sent (express.static, res.sendFile).
  const prefix = `${basename(dist)}.serving-`;
  removeStale(parent, prefix);
  // A folder of its own per pin: switched from A to B and back to A, a server
  // must not have its new pin of A removed when the first one is unpinned.
  pins++;
  const dir = join(parent, `${prefix}${process.pid}${pins === 1 ? '' : `-${pins}`}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (existsSync(dist)) linkTree(dist, dir);
  return { dir, unpin: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Hard-links (or copies, across file systems) every file of `from` into the existing folder `to`. */
export function linkTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    if (statSync(source).isDirectory()) { mkdirSync(target); linkTree(source, target); continue; }
    try { linkSync(source, target); } catch { copyFileSync(source, target); }
  }
}
