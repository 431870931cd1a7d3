// The competency-question tests of cq.test.ts, on the remote engine: each query
// goes through our endpoint to Virtuoso 7 (started by the tests).
//
// Virtuoso 7.2 (Debian's) departs from SPARQL 1.1 on some of these queries and
// answers them wrongly — no rows, or another value — where the embedded engine
// gives the article's answer; and its answers to some of them change from one
// load of the same data to the next. Those tests still run here, and when they
// fail they are reported as skipped with the deviation found by reducing the
// query (and the failure), never counted as passed. Every other question must
// pass on Virtuoso as on the embedded engine.

import { engineUnderTest, useVirtuoso } from '../fixtures/engineUnderTest.js';

const NO_ROWS = 'Virtuoso 7: no rows (SPARQL 1.1 and the embedded engine give the answer)';
const VARIES = 'Virtuoso 7: its answer changes from one load of the same data to another';
// The store's endpoint reads only the release's graphs (Virtuoso's graph-level security, set by
// `delicacy load`; docs/scaling.md): Virtuoso then loses the row of these queries, whose
// `?kind rdfs:subClassOf* dly:Document` path is joined with OPTIONALs. It was already wrong on them at
// 100 articles with the release's graphs named in each request instead (2 rows of 100 for P05 and P06,
// none for P08), and it drops rows when an OPTIONAL is added to the same pattern, which SPARQL never does.
const SECURED_PATH = 'Virtuoso 7: no rows for a rdfs:subClassOf* path joined with OPTIONALs once the endpoint may read only the release\'s graphs';
engineUnderTest.deviations = {
  P04: VARIES,
  P02: 'Virtuoso 7: CONCAT with an unbound argument gives "" instead of an error, so COALESCE takes the wrong branch',
  P05: SECURED_PATH,
  P06: SECURED_PATH,
  P07: 'Virtuoso 7: GROUP_CONCAT(DISTINCT CONCAT(label, STR(date))) leaves out a source the embedded engine lists',
  P08: SECURED_PATH,
  P18: NO_ROWS,
  // Passed in some runs; in a clean-clone run (and in the benchmark, 1 row for our 3) it gave no row of what Stalin said.
  P19: VARIES,
  P20: NO_ROWS,
  P22: 'Virtuoso 7: the zero-or-more path dcterms:isPartOf* towards a fixed node misses the people it should find',
  P23: NO_ROWS,
};
await useVirtuoso();
await import('./cq.test.js');
