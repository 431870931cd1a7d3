// Which store queries go to, and which release it holds. Either a fixed SPARQL
// endpoint (--store http://host/sparql), or a store file written by
// `delicacy load` (--store path/store.json) that names the endpoint holding the
// current release among two (blue/green); the file is watched, and when a load
// switches it, queries that start afterwards go to the new endpoint while those
// running finish on the old one — so no query ever sees two releases.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { log } from '../../log.js';

/** Engines we know how to give a time limit to (the rest get none but our own). */
export const STORE_KINDS = ['generic', 'virtuoso', 'fuseki', 'graphdb', 'qlever'] as const;
export type StoreKind = typeof STORE_KINDS[number];
export type ReleaseDataset = 'graphs' | 'store';

export interface StoreRelease {
  endpoint: string;
  kind: StoreKind;
  /** The release's graphs: a query without a dataset of its own runs on their union, and sees nothing else in the store. */
  graphs: string[];
  /**
   * How a query without a dataset of its own is sent: 'graphs' names the
   * release's graphs in the request (standard SPARQL, any store); 'store' sends
   * no dataset, because the store's own default dataset is exactly the release
   * (`delicacy load` makes it so in Virtuoso, and checks it).
   */
  dataset: ReleaseDataset;
  /** The release's folder (manifest, dumps, VoID) when a store file names it; else the server serves its own. */
  dist?: string;
  /** Changes whenever the store file switches. */
  generation: number;
}

/** One slot of a blue/green store file: where its SPARQL endpoint is, and what its loader needs. */
export interface StoreSlot {
  endpoint: string;
  [key: string]: unknown;
}

/** The store file `delicacy load` writes (and rewrites atomically on every switch). */
export interface StoreFile {
  engine: StoreKind;
  slots: Record<string, StoreSlot>;
  active?: string;
  /** The release the active slot holds: its graphs, and its folder (relative to the store file). */
  release?: {
    slot: string; version: string; modified: string; graphs: string[]; dist: string; loadedAt: string;
    /** 'store' when the slot's endpoint reads exactly the release's graphs and no other (see StoreRelease.dataset); absent: 'graphs'. */
    dataset?: ReleaseDataset;
  };
  /** The slot that served before the last switch, and when it stopped taking new queries. */
  previous?: { slot: string; until: string };
}

export class StoreFileError extends Error { override name = 'StoreFileError'; }

export function readStoreFile(path: string): StoreFile {
  if (!existsSync(path)) throw new StoreFileError(`The store file ${path} does not exist; create it with \`delicacy load --into ${path}\`.`);
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as StoreFile;
    if (!file.slots || typeof file.slots !== 'object') throw new Error('no slots');
    return file;
  } catch (error) {
    throw new StoreFileError(`The store file ${path} is not valid: ${(error as Error).message}`);
  }
}

export function isStoreUrl(store: string): boolean {
  return /^https?:\/\//i.test(store);
}

export class StoreTarget {
  private release: StoreRelease;
  private readonly listeners: ((release: StoreRelease) => void)[] = [];
  private timer?: NodeJS.Timeout;
  private stamp = '';

  private constructor(release: StoreRelease, private readonly file?: string) {
    this.release = release;
  }

  /** A fixed endpoint holding the server's own release (whose graphs are given). */
  static fixed(endpoint: string, kind: StoreKind, graphs: string[]): StoreTarget {
    return new StoreTarget({ endpoint, kind, graphs, dataset: 'graphs', generation: 0 });
  }

  /** The endpoint a store file names as active, followed as the file changes (checked every `pollMs`). */
  static watch(path: string, pollMs = 250): StoreTarget {
    const target = new StoreTarget(StoreTarget.releaseOf(path, readStoreFile(path), 0), path);
    target.stamp = target.fileStamp();
    target.timer = setInterval(() => target.poll(), pollMs);
    target.timer.unref();
    return target;
  }

  /** The release a store file names now, without following it. */
  static peek(path: string): StoreRelease {
    return StoreTarget.releaseOf(path, readStoreFile(path), 0);
  }

  private static releaseOf(path: string, file: StoreFile, generation: number): StoreRelease {
    const slot = file.active ? file.slots[file.active] : undefined;
    if (!slot || !file.release) throw new StoreFileError(`The store file ${path} has no loaded release yet; run \`delicacy load --into ${path}\`.`);
    return { endpoint: slot.endpoint, kind: file.engine, graphs: file.release.graphs, dataset: file.release.dataset ?? 'graphs', dist: resolve(dirname(path), file.release.dist), generation };
  }

  private fileStamp(): string {
    try {
      const stat = statSync(this.file!);
      return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      return '';
    }
  }

  private poll(): void {
    const stamp = this.fileStamp();
    if (!stamp || stamp === this.stamp) return;
    this.stamp = stamp;
    let next: StoreRelease;
    try {
      next = StoreTarget.releaseOf(this.file!, readStoreFile(this.file!), this.release.generation + 1);
    } catch (error) {
      log.error({ event: 'store-file-unreadable', error: (error as Error).message });
      return;
    }
    if (next.endpoint === this.release.endpoint && next.dist === this.release.dist) return;
    this.release = next;
    log.info({ event: 'store-switched', endpoint: next.endpoint, release: next.dist });
    for (const listener of this.listeners) listener(next);
  }

  /** The release to run a query on now; a query keeps the one it started with. */
  current(): StoreRelease {
    return this.release;
  }

  onSwitch(listener: (release: StoreRelease) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
