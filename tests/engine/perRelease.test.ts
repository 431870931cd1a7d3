import { describe, expect, it } from 'vitest';
import oxigraph from 'oxigraph';
import { perRelease, perReleaseByKey, promiseMemo, StoreLookup, type Lookup } from '../../src/engine/lookup.js';
import { loadDataset } from '../../src/store/loadDataset.js';
import { storeListSource } from '../../src/web/data/collections.js';
import { testDist } from '../fixtures/testDist.js';

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

describe('values read once per release and key', () => {
  it('reads each key once per release, again after a switch, and retries a failed read', async () => {
    const reads: string[] = [];
    let fail = false;
    const rows = perReleaseByKey(async (lookup, kind: string) => {
      reads.push(`${lookup.release!()} ${kind}`);
      if (fail) throw new Error('store away');
      return `${kind} of ${lookup.release!()}`;
    });
    const lookup = switchable();
    expect(await Promise.all([rows(lookup, 'person'), rows(lookup, 'person'), rows(lookup, 'place')])).toEqual(['person of a', 'person of a', 'place of a']);
    expect(reads).toEqual(['a person', 'a place']);
    lookup.serving = 'b';
    fail = true;
    await expect(rows(lookup, 'person')).rejects.toThrow('store away');
    fail = false;
    expect(await rows(lookup, 'person')).toBe('person of b');
    expect(await rows(lookup, 'person')).toBe('person of b');
    expect(reads).toEqual(['a person', 'a place', 'b person', 'b person']);
  });

  it('a promise memo shares one promise per key and forgets a failed one', async () => {
    let made = 0;
    const memo = promiseMemo(async (key: number) => { made++; if (key < 0) throw new Error('no'); return key * 2; });
    expect(memo(2)).toBe(memo(2));
    await expect(memo(-1)).rejects.toThrow('no');
    await expect(memo(-1)).rejects.toThrow('no');
    expect(await memo(2)).toBe(4);
    expect(made).toBe(3);
  });

  it("the lists read from the store follow a switch of the lookup's release", async () => {
    // Release a is the built dataset, release b an empty store: the same lookup switched between them, as a load switches a store.
    const stores: Record<string, Lookup> = { a: new StoreLookup(loadDataset(testDist()).store, oxigraph), b: new StoreLookup(new oxigraph.Store(), oxigraph) };
    const lookup: Lookup & { serving: string } = {
      serving: 'a',
      release() { return this.serving; },
      select(query) { return stores[this.serving].select(query); },
      exists(iri) { return stores[this.serving].exists(iri); },
      describe(iri) { return stores[this.serving].describe(iri); },
    };
    const people = async () => (await storeListSource(lookup)('person')).size;
    const inA = await people();
    expect(inA).toBeGreaterThan(50);
    expect(await storeListSource(lookup)('person')).toBe(await storeListSource(lookup)('person'));
    lookup.serving = 'b';
    expect(await people()).toBe(0);
    lookup.serving = 'a';
    expect(await people()).toBe(inA);
  });
});
