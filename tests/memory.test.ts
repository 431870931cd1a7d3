import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../src/memory.js';
import { ConfigError, resolveConfig } from '../src/http/config.js';

describe('the heaps at corpus scale', () => {
  it('collects this thread\'s garbage when asked', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let garbage: { n: number; s: string }[] | undefined = Array.from({ length: 1_000_000 }, (_, n) => ({ n, s: `name ${n}` }));
    const full = process.memoryUsage().heapUsed;
    expect(full - before).toBeGreaterThan(40 * 1024 * 1024);
    garbage = undefined;
    collectGarbage();
    expect(garbage).toBeUndefined();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan((full - before) / 4);
  });

  it('takes lean heaps as auto, on or off', () => {
    expect(resolveConfig({}).leanHeaps).toBe('auto');
    expect(resolveConfig({ LEAN_HEAPS: 'on' }).leanHeaps).toBe('on');
    expect(() => resolveConfig({ LEAN_HEAPS: 'yes' })).toThrow(ConfigError);
  });
});
