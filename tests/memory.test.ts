import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../src/memory.js';
import { ConfigError, MAIN_THREAD_STORE_MAX_QUADS, resolveConfig, resultCacheBytes } from '../src/http/config.js';

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

  it('sizes the result cache for the release unless told: 64 MB, 16 MB for a large one', () => {
    const mb = (config: ReturnType<typeof resolveConfig>, quads: number) => resultCacheBytes(config, quads) / 1024 / 1024;
    expect(resolveConfig({}).resultCacheMb).toBe('auto');
    expect(mb(resolveConfig({}), 31_000)).toBe(64);
    expect(mb(resolveConfig({}), MAIN_THREAD_STORE_MAX_QUADS + 1)).toBe(16);
    expect(mb(resolveConfig({ RESULT_CACHE_MB: '128' }), 3_000_000)).toBe(128);
    expect(mb(resolveConfig({}, { 'result-cache-mb': '0' }), 31_000)).toBe(0);
    expect(() => resolveConfig({ RESULT_CACHE_MB: 'lots' })).toThrow(ConfigError);
    expect(() => resolveConfig({ RESULT_CACHE_MB: '-1' })).toThrow(ConfigError);
  });
});
