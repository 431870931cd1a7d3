// The one writer of a release's line files (NDJSON: one JSON value a line) — the
// search index, the reconciliation records. Lines are written in chunks of about
// 64 kB with backpressure (a corpus's index runs to hundreds of megabytes and
// is never one string), into a temporary file beside the target that is renamed
// into place once whole: a reader never sees half a file, a failed write leaves
// none, and rewriting a release folder (`delicacy corpus` into the same --out)
// never changes the files a running server has pinned, which are hard links to
// the old ones (pinnedRelease.ts). replaceFile does the same for a file
// written whole (a corpus's VoID and manifest).

import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';

/** Characters gathered before a write. */
const CHUNK_CHARS = 64 * 1024;

export interface LinesWritten { lines: number; bytes: number }

/**
 * Writes each of `lines` (without its newline) followed by a newline into `path`,
 * replacing it once all are written. An error thrown while `lines` is iterated
 * (a count that does not add up) is thrown here, and `path` is left as it was.
 */
export async function writeLines(path: string, lines: Iterable<string>): Promise<LinesWritten> {
  const temporary = temporaryBeside(path);
  const out = createWriteStream(temporary);
  const failed = once(out, 'error').then(([error]) => { throw error; });
  let count = 0;
  let bytes = 0;
  const writing = (async () => {
    let chunk: string[] = [];
    let chars = 0;
    const flush = async () => {
      const text = chunk.join('');
      chunk = [];
      chars = 0;
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
    };
    for (const line of lines) {
      chunk.push(line, '\n');
      chars += line.length + 1;
      count++;
      if (chars >= CHUNK_CHARS) await flush();
    }
    if (chunk.length > 0) await flush();
    out.end();
    await once(out, 'finish');
  })();
  try {
    await Promise.race([writing, failed]);
    renameSync(temporary, path);
  } catch (error) {
    out.destroy();
    rmSync(temporary, { force: true });
    throw error;
  }
  return { lines: count, bytes };
}

/** The temporary file `path` is written as before it is renamed into place. */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Replaces `path` with what `write` writes into a temporary file beside it (writeFileSync, copyFileSync), renamed into place once written. */
export function replaceFile(path: string, write: (temporary: string) => void): void {
  const temporary = temporaryBeside(path);
  try {
    write(temporary);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
