// A pinned release is a private copy that outlives changes to dist/; a server
// that pins the same release again (switched away and back) gets a copy of its
// own, which unpinning the first leaves in place; copies left by dead processes go.

import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinRelease } from '../../src/store/pinnedRelease.js';

const parent = mkdtempSync(join(tmpdir(), 'delicacy-pin-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('pinRelease', () => {
  it('gives each pin of a release its own folder: unpinning an earlier pin leaves a later one whole', () => {
    const dist = join(parent, 'release-a');
    mkdirSync(dist);
    writeFileSync(join(dist, 'manifest.json'), '{"version":"a"}');
    const first = pinRelease(dist);
    const again = pinRelease(dist);
    expect(again.dir).not.toBe(first.dir);
    first.unpin();
    expect(existsSync(first.dir)).toBe(false);
    expect(readFileSync(join(again.dir, 'manifest.json'), 'utf8')).toBe('{"version":"a"}');
    rmSync(dist, { recursive: true });
    expect(readFileSync(join(again.dir, 'manifest.json'), 'utf8')).toBe('{"version":"a"}');
    again.unpin();
  });

  it("removes the copies of processes that no longer run, and no other's", () => {
    const dist = join(parent, 'release-b');
    mkdirSync(dist);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    for (const name of [`release-b.serving-${dead}`, `release-b.serving-${dead}-3`, `release-b.serving-${process.ppid}`]) mkdirSync(join(parent, name));
    const pin = pinRelease(dist);
    expect(existsSync(join(parent, `release-b.serving-${dead}`))).toBe(false);
    expect(existsSync(join(parent, `release-b.serving-${dead}-3`))).toBe(false);
    expect(existsSync(join(parent, `release-b.serving-${process.ppid}`))).toBe(true);
    pin.unpin();
  });
});
