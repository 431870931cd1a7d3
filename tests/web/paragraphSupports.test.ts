// What a paragraph supports (its own page, and the counts of the lists of
// sections and paragraphs) is read with the classes in a FILTER and their kinds
// given in code, not as a VALUES of (class, kind) that Oxigraph planned from
// every typed node (seconds a page at 100 articles). The answers are those of
// the plain VALUES form, for every paragraph of the article.

import { describe, expect, it } from 'vitest';
import oxigraph from 'oxigraph';
import { loadDataset } from '../../src/store/loadDataset.js';
import { StoreLookup } from '../../src/engine/lookup.js';
import { loadEntity } from '../../src/web/data/entity.js';
import { loadCollection } from '../../src/web/data/collections.js';
import { iriTerm } from '../../src/web/data/common.js';
import { testDist } from '../fixtures/testDist.js';

const { store } = loadDataset(testDist());
const lookup = new StoreLookup(store, oxigraph);

const paragraphs = async () => (await lookup.select('SELECT ?p WHERE { ?p a dly:Paragraph }')).map((r) => r.p!);

describe("what a paragraph supports", () => {
  it('on its page: the same items under the same kinds as the VALUES form, a meeting never also as an event', async () => {
    let items = 0;
    for (const iri of await paragraphs()) {
      const expected = await lookup.select(`SELECT DISTINCT ?x ?kind WHERE { ?x dly:passage/oa:hasSource ${iriTerm(iri)} . ?x a ?type .
        VALUES (?type ?kind) { (dly:Claim "claims") (dly:AccountComparison "comparisons of accounts") (dly:Meeting "meetings")
          (dly:Event "events") (dly:Person "people") (dly:Organisation "organisations") (dly:Place "places") (dly:Group "groups") (dly:Post "posts") }
        FILTER(?kind != "events" || NOT EXISTS { ?x a dly:Meeting }) }`);
      const view = await loadEntity(lookup, iri);
      const got = (view.paragraph?.supports ?? []).flatMap((group) => group.items.map((item) => `${group.kind} ${item.iri}`)).sort();
      expect(got, iri).toEqual(expected.map((r) => `${r.kind} ${r.x}`).sort());
      items += got.length;
    }
    expect(items).toBeGreaterThan(100);
  });

  it('in the list of paragraphs: the counts of the VALUES form', async () => {
    const view = await loadCollection(lookup, 'passage', {});
    const shown = view.article!.flatMap((section) => section.paragraphs);
    expect(shown.length).toBeGreaterThan(20);
    const expected = await lookup.select(`SELECT ?p ?kind (COUNT(DISTINCT ?x) AS ?count) WHERE { VALUES ?p { ${shown.map((p) => iriTerm(p.ref.iri)).join(' ')} }
      ?x dly:passage/oa:hasSource ?p . ?x a ?type . VALUES (?type ?kind) { (dly:Claim "claims") (dly:Meeting "meetings") (dly:AccountComparison "comparisons") } } GROUP BY ?p ?kind`);
    const got = shown.flatMap((p) => Object.entries(p.supports).map(([kind, count]) => `${p.ref.iri} ${kind} ${count}`)).sort();
    expect(got).toEqual(expected.map((r) => `${r.p} ${r.kind} ${r.count}`).sort());
    expect(got.length).toBeGreaterThan(20);
  });
});
