// The build step that writes dist/search-index.ndjson from the N-Quads dump just
// written (read through a lookup on the same data the server will load), and the
// loader the server uses.

import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { type Lookup } from '../engine/lookup.js';
import { searchDocuments } from './documents.js';
import { SEARCH_INDEX_FILE, SearchIndex } from './searchIndex.js';
import { log } from '../log.js';
import { writeLines } from '../store/lineFile.js';

export async function buildSearchIndex(lookup: Lookup): Promise<SearchIndex> {
  return SearchIndex.build(await searchDocuments(lookup));
}

/** Indexes what the lookup reads into `outFile`; returns the number of documents indexed. */
export async function writeSearchIndex(lookup: Lookup, outFile: string): Promise<number> {
  const documents = await searchDocuments(lookup);
  await writeSearchIndexLines(SearchIndex.lines(documents), outFile);
  return documents.length;
}

/** Writes an index's lines (SearchIndex.lines or linesWithCopies) into `outFile`. */
export async function writeSearchIndexLines(indexLines: Iterable<string>, outFile: string): Promise<void> {
  await writeLines(outFile, indexLines);
}

/** The lines of a file read whole into a buffer, each decoded when it is reached. */
function* lines(buffer: Buffer): Generator<string> {
  for (let start = 0; start < buffer.length;) {
    const newline = buffer.indexOf(10, start);
    const end = newline < 0 ? buffer.length : newline;
    if (end > start) yield buffer.toString('utf8', start, end);
    start = end + 1;
  }
}

/**
 * The index of a built dataset, or undefined if the build has none that this
 * version reads (made before search existed, or in an older format): the server
 * then indexes the data itself rather than failing to start.
 */
export function readSearchIndex(distDir: string): SearchIndex | undefined {
  const file = join(distDir, SEARCH_INDEX_FILE);
  if (!existsSync(file)) return undefined;
  return parsed(file, () => readSearchIndexFile(file));
}

/** The same, with the file read without blocking (a large release's index is loaded while the server already answers). */
export async function loadSearchIndex(distDir: string): Promise<SearchIndex | undefined> {
  const file = join(distDir, SEARCH_INDEX_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return await loadSearchIndexFile(file);
  } catch (error) {
    return parsed(file, () => { throw error; });
  }
}

/** An index file read whole, what hits show held in memory (a small release's); throws if it cannot be read. */
export function readSearchIndexFile(file: string): SearchIndex {
  return SearchIndex.fromLines(lines(readFileSync(file)));
}

/**
 * An index file read line by line, what hits show left in it (a large
 * release's); `fd`, if given, is the file opened by the caller, who closes it.
 * Throws if it cannot be read.
 */
export function loadSearchIndexFile(file: string, fd?: number): Promise<SearchIndex> {
  return SearchIndex.fromLinesAsync(createInterface({ input: createReadStream(file), crlfDelay: Infinity }), file, fd);
}

function parsed(file: string, load: () => SearchIndex): SearchIndex | undefined {
  try {
    return load();
  } catch (error) {
    log.warn({ event: 'search-index-unreadable', file, error: String((error as Error).message) }, 'indexing the data instead');
    return undefined;
  }
}
