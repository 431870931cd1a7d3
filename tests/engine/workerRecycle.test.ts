// A worker that grew past the recycling threshold is replaced. By default it
// serves on until its replacement has loaded (a moment of three copies of the
// release); for a large release (retireBeforeReplacing) it stops first while the
// other worker serves, so the process never holds more copies than workers.

import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/engine/embedded/workerPool.js';
import { type EngineQuery } from '../../src/engine/engine.js';
import { datasetPrefixes } from '../../src/model/iri.js';
import { testDist } from '../fixtures/testDist.js';

// One value of 20 MB: the worker's memory grows well past a 10 MB threshold.
const BIG = `SELECT ?v WHERE { BIND("${'y'.repeat(80)}" AS ?a0) ${Array.from({ length: 18 }, (_, i) => `BIND(CONCAT(?a${i}, ?a${i}) AS ?a${i + 1})`).join(' ')} BIND(?a18 AS ?v) }`;

const query = (text: string): EngineQuery => ({
  query: text, resultSetType: 'application/sparql-results+json', graphType: 'text/turtle',
  defaultGraphs: [], namedGraphs: [], maxResults: 10_000, maxResultBytes: 256 * 1024 * 1024,
});
const control = () => ({ signal: new AbortController().signal, onLong: () => undefined });

/** Recycles one worker of two; returns the most workers alive at once meanwhile. */
async function recycleOnce(retireBeforeReplacing: boolean): Promise<{ mostAlive: number; recycled: number; capacity: number }> {
  const pool = new WorkerPool({
    dist: testDist(), workers: 2, maxWorkers: 2, timeoutMs: 30_000, memoryMb: 256, recycleGrowthMb: 10, retireBeforeReplacing,
    prepare: { prefixes: datasetPrefixes(), maxDepth: 100, serviceAllowlist: [], canFederate: false, maxValueBytes: 256 * 1024 * 1024 },
  });
  await pool.start();
  let mostAlive = 0;
  const watch = () => { mostAlive = Math.max(mostAlive, (pool.status().workers ?? []).length); };
  pool.onCapacity(watch);
  const sampler = setInterval(watch, 5);
  try {
    await pool.run(query(BIG), control());
    watch();
    // Until the replacement has loaded and the pool is back to two ready workers.
    for (let i = 0; i < 300 && !(pool.counters.recycled > 0 && pool.capacity() === 2 && (pool.status().workers ?? []).length === 2); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The pool still answers.
    expect((await pool.run(query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'), control())).count).toBe(1);
    return { mostAlive, recycled: pool.counters.recycled, capacity: pool.capacity() };
  } finally {
    clearInterval(sampler);
    await pool.close(0);
  }
}

describe('recycling a grown worker', () => {
  it('keeps it serving until the replacement is ready, by default', async () => {
    const { mostAlive, recycled, capacity } = await recycleOnce(false);
    expect(recycled).toBe(1);
    expect(mostAlive).toBe(3);
    expect(capacity).toBe(2);
  }, 60_000);

  it('stops it first while the other worker serves, for a large release', async () => {
    const { mostAlive, recycled, capacity } = await recycleOnce(true);
    expect(recycled).toBe(1);
    expect(mostAlive).toBe(2);
    expect(capacity).toBe(2);
  }, 60_000);
});
