// The build step that writes dist/search-index.json from the N-Quads dump just
// written (read through a lookup on the same data the server will load), and the
// loader the server uses.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Lookup } from '../engine/lookup.js';
import { searchDocuments } from './documents.js';
import { SEARCH_INDEX_FILE, SearchIndex } from './searchIndex.js';
import { log } from '../log.js';

export async function buildSearchIndex(lookup: Lookup): Promise<SearchIndex> {
  return SearchIndex.build(await searchDocuments(lookup));
}

/** Indexes what the lookup reads into `outFile`; returns the number of documents indexed. */
export async function writeSearchIndex(lookup: Lookup, outFile: string): Promise<number> {
  const index = await buildSearchIndex(lookup);
  writeFileSync(outFile, index.toJSON());
  return index.size;
}

/**
 * The index of a built dataset, or undefined if the build has none that this
 * version reads (made before search existed, or in an older format): the server
 * then indexes the data itself rather than failing to start.
 */
export function readSearchIndex(distDir: string): SearchIndex | undefined {
  const file = join(distDir, SEARCH_INDEX_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return SearchIndex.fromJSON(readFileSync(file, 'utf8'));
  } catch (error) {
    log.warn({ event: 'search-index-unreadable', file, error: String((error as Error).message) }, 'indexing the data instead');
    return undefined;
  }
}
