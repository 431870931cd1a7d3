// The line-file writer: every line once, in order, the bytes it reports; a
// write that fails leaves the old file (and no temporary one); a file that a
// pinned release hard-links keeps its old content under the link.

import { afterAll, describe, expect, it } from 'vitest';
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLines } from '../../src/store/lineFile.js';

const dir = mkdtempSync(join(tmpdir(), 'delicacy-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeLines', () => {
  it('writes every line followed by a newline, across many chunks, and reports lines and bytes', async () => {
    const path = join(dir, 'many.ndjson');
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ i, name: `Майский ${i}`, text: 'x'.repeat(i % 50) }));
    const written = await writeLines(path, lines);
    expect(readFileSync(path, 'utf8')).toBe(lines.map((line) => `${line}\n`).join(''));
    expect(written).toEqual({ lines: lines.length, bytes: statSync(path).size });
    expect(await writeLines(join(dir, 'empty.ndjson'), [])).toEqual({ lines: 0, bytes: 0 });
    expect(readFileSync(join(dir, 'empty.ndjson'), 'utf8')).toBe('');
  });

  it('leaves the file as it was when the lines fail midway, and no temporary file', async () => {
    const path = join(dir, 'kept.ndjson');
    writeFileSync(path, '{"old":true}\n');
    function* failing(): Generator<string> {
      for (let i = 0; i < 50_000; i++) yield JSON.stringify({ i, pad: 'y'.repeat(40) });
      throw new Error('the count does not add up');
    }
    await expect(writeLines(path, failing())).rejects.toThrow(/does not add up/);
    expect(readFileSync(path, 'utf8')).toBe('{"old":true}\n');
    await expect(writeLines(join(dir, 'no-such-folder', 'x.ndjson'), ['{}'])).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces the file rather than rewriting it: a hard link to the old one (a pinned release) keeps its content', async () => {
    const path = join(dir, 'linked.ndjson');
    await writeLines(path, ['{"release":1}']);
    const pinned = join(dir, 'pinned.ndjson');
    linkSync(path, pinned);
    await writeLines(path, ['{"release":2}', '{"release":2}']);
    expect(readFileSync(path, 'utf8')).toBe('{"release":2}\n{"release":2}\n');
    expect(readFileSync(pinned, 'utf8')).toBe('{"release":1}\n');
  });
});
