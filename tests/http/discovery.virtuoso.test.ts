// The discovery tests of discovery.test.ts (home page, robots.txt, the sitemap
// and the VoID's entity counts it is made from), on the remote engine: Virtuoso 7
// (started by the tests).

import { useVirtuoso } from '../fixtures/engineUnderTest.js';

await useVirtuoso();
await import('./discovery.test.js');
