// The pager of a long list: the first and last page, the pages around the
// current one and gaps between, so that 1,000 pages are a dozen links.

import { describe, expect, it } from 'vitest';
import { pagerNumbers } from '../../src/web/pages/collection.js';

describe('pagerNumbers', () => {
  it('shows every page of a short list', () => {
    expect(pagerNumbers(1, 1)).toEqual([1]);
    expect(pagerNumbers(3, 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('shows the ends and a window around the current page of a long one, with gaps', () => {
    expect(pagerNumbers(1, 1000)).toEqual([1, 2, 3, 4, undefined, 1000]);
    expect(pagerNumbers(500, 1000)).toEqual([1, undefined, 497, 498, 499, 500, 501, 502, 503, undefined, 1000]);
    expect(pagerNumbers(1000, 1000)).toEqual([1, undefined, 997, 998, 999, 1000]);
    expect(pagerNumbers(5, 1000)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, undefined, 1000]);
  });
});
