// The linked-data and page tests of linkedData.test.ts, on the remote engine:
// descriptions and pages are looked up in Virtuoso 7 (started by the tests).

import { useVirtuoso } from '../fixtures/engineUnderTest.js';

await useVirtuoso();
await import('./linkedData.test.js');
