// The dataset tests of dataset.test.ts on the remote engine, against Virtuoso 7
// (started by the tests): the release's union when a query names no dataset —
// which the loaded store's endpoint gives by reading the release's graphs and
// no other, without a dataset in the request — and exactly the graphs a query's
// FROM / FROM NAMED or the protocol's default-graph-uri / named-graph-uri name.

import { useVirtuoso } from '../fixtures/engineUnderTest.js';

await useVirtuoso();
await import('./dataset.test.js');
