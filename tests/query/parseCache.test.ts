// Recent parses are kept per thread so that repeated texts skip the parser; a
// server whose heaps favour memory keeps a quarter as many (a stream of fresh
// texts would otherwise hold 16 MB of syntax trees in each parsing thread).

import { describe, expect, it } from 'vitest';
import { leanParseCache, parseQuery } from '../../src/query/parse.js';

/** A distinct query text of about 1,000 characters. */
const text = (i: number) => `SELECT ?s WHERE { ?s <urn:x:p${i}> ?o . FILTER(?o != "${'x'.repeat(900)}") } # ${i}`;

/** Whether `first` is still cached after `others` fresh texts were parsed. */
function keptAfter(first: string, others: number, from: number): boolean {
  const parsed = parseQuery(first);
  for (let i = 0; i < others; i++) parseQuery(text(from + i));
  return parseQuery(first) === parsed;
}

describe('the parse cache', () => {
  it('keeps a text across 500 fresh ones (6 MB of trees) by default, and not once it is lean', () => {
    expect(keptAfter(text(0), 500, 1)).toBe(true);
    leanParseCache();
    expect(keptAfter(text(10_000), 500, 10_001)).toBe(false);
    // Still a cache: a text repeated among a few others is parsed once.
    expect(keptAfter(text(20_000), 50, 20_001)).toBe(true);
  });
});
