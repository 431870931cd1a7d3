import { describe, expect, it } from 'vitest';
import { perRelease, type Lookup } from '../../src/engine/lookup.js';

/** A lookup whose release a test switches, as a store switched by a load does. */
function switchable(): Lookup & { serving: string } {
  return {
    serving: 'a',
    release() { return this.serving; },
    select: async () => [],
    exists: async () => false,
    describe: async () => undefined,
  };
}

describe('values read once per release', () => {
  it('reads once per release, again after a switch, and retries a failed read', async () => {
    let reads = 0;
    let fail = false;
    const labels = perRelease(async (lookup) => {
      reads++;
      if (fail) throw new Error('store away');
      return `labels of ${lookup.release!()}`;
    });
    const lookup = switchable();
    expect(await labels(lookup)).toBe('labels of a');
    expect(await labels(lookup)).toBe('labels of a');
    expect(reads).toBe(1);
    lookup.serving = 'b';
    expect(await labels(lookup)).toBe('labels of b');
    expect(reads).toBe(2);
    lookup.serving = 'c';
    fail = true;
    await expect(labels(lookup)).rejects.toThrow('store away');
    fail = false;
    expect(await labels(lookup)).toBe('labels of c');
    expect(reads).toBe(4);
  });

  it('reads once for a lookup whose release never changes', async () => {
    let reads = 0;
    const value = perRelease(async () => ++reads);
    const fixed: Lookup = { select: async () => [], exists: async () => false, describe: async () => undefined };
    await value(fixed);
    expect(await value(fixed)).toBe(1);
  });
});
