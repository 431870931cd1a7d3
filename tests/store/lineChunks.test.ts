// The N-Quads dump is loaded in pieces read into one reused buffer: every piece
// must be whole lines, together exactly the file, whatever the lines' lengths
// against the buffer's (a literal longer than the buffer included), and a piece
// must be loaded before the next overwrites it — which is how the loader uses it.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineChunks, storeFromNquads } from '../../src/store/loadDataset.js';
import { testDist } from '../fixtures/testDist.js';

const dir = mkdtempSync(join(tmpdir(), 'delicacy-chunks-'));

function pieces(text: string, size: number): string[] {
  const path = join(dir, `f${size}-${text.length}.txt`);
  writeFileSync(path, text);
  // Copied as each comes: the next piece reuses the buffer.
  return Array.from(lineChunks(path, size), (piece) => Buffer.from(piece).toString('utf8'));
}

describe('reading the dump in pieces', () => {
  it('gives whole lines that add up to the file, for lines shorter and longer than the buffer', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat((i * 37) % 90)} «${'ж'.repeat(i % 7)}»`);
    lines.splice(50, 0, `long ${'y'.repeat(1000)}`);
    for (const size of [64, 100, 257, 4096]) {
      for (const text of [`${lines.join('\n')}\n`, lines.join('\n')]) {
        const got = pieces(text, size);
        expect(got.join('')).toBe(text);
        for (const piece of got.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
        if (size >= 1024) expect(got.every((piece) => Buffer.byteLength(piece) <= size)).toBe(true);
      }
    }
    expect(pieces('', 64)).toEqual([]);
  });

  it('loads the built dump whole', () => {
    const path = join(testDist(), 'delicacy.nq');
    const quads = readFileSync(path, 'utf8').trimEnd().split('\n').length;
    expect(storeFromNquads(path).size).toBe(quads);
  });
});
