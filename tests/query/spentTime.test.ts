// A client's spent query time in the last minute: exact totals as queries enter
// and leave the window, and a record that stays small however many queries a
// client sends (it used to keep one entry per query while the quota was off).

import { describe, expect, it } from 'vitest';
import { SpentTime } from '../../src/query/schedule/spentTime.js';

describe('spent query time in a sliding window', () => {
  it('sums what ended within the window and drops what left it', () => {
    const spent = new SpentTime(60_000);
    spent.add(1_000, 100);
    spent.add(1_500, 50);
    spent.add(30_000, 200);
    expect(spent.total(30_000)).toBe(350);
    expect(spent.oldest(30_000)).toBe(1_500);
    // The first second's bucket leaves when its last query (at 1.5 s) is a minute old.
    expect(spent.total(61_499)).toBe(350);
    expect(spent.total(61_500)).toBe(200);
    expect(spent.total(90_000)).toBe(0);
    expect(spent.isEmpty(90_000)).toBe(true);
  });

  it('holds at most about one bucket per second of the window at a thousand queries a second', () => {
    const spent = new SpentTime(60_000);
    let sent = 0;
    for (let now = 0; now < 300_000; now++) { spent.add(now, 1); sent++; }
    expect(sent).toBe(300_000);
    expect(spent.size).toBeLessThanOrEqual(61);
    // The last minute's queries, to the second: 60,000 of them, give or take the bucket the window cuts.
    expect(spent.total(299_999)).toBeGreaterThanOrEqual(60_000);
    expect(spent.total(299_999)).toBeLessThanOrEqual(61_000);
  });
});
