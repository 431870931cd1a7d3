// What the home page shows of the data: counts per kind and the articles with
// their sections, read through the Lookup.

import { type Lookup } from '../../engine/lookup.js';
import { STAT_CLASSES } from '../../store/stats.js';
import { groupBy } from './common.js';

export interface HomeView {
  stats: { name: string; count: number }[];
  articles: { iri: string; title: string; author: string; sections: { iri: string; number: string }[] }[];
}

export async function loadHome(lookup: Lookup, shown: string[]): Promise<HomeView> {
  const [counts, linked, articles, sections] = await Promise.all([
    lookup.select(`SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?cls { ${STAT_CLASSES.map(([, cls]) => cls).join(' ')} } ?s a ?cls } GROUP BY ?cls`),
    lookup.select('SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?l dly:linkSubject ?e }'),
    lookup.select(`SELECT DISTINCT ?article ?title ?author WHERE { ?section a dly:Section ; dcterms:isPartOf ?article .
      ?article dcterms:title ?title ; dcterms:creator/rdfs:label ?author }`),
    lookup.select('SELECT ?article ?section ?number ?o WHERE { ?section a dly:Section ; dcterms:isPartOf ?article ; dly:sectionNumber ?number ; dly:ordinal ?o }'),
  ]);
  const byClass = new Map(counts.map((r) => [r.cls!, Number(r.n)]));
  const expand = (curie: string) => curie.replace(/^dly:/, 'https://w3id.org/delicacy/ontology#').replace(/^skos:/, 'http://www.w3.org/2004/02/skos/core#');
  const stats = [...STAT_CLASSES.map(([name, cls]) => ({ name, count: byClass.get(expand(cls)) ?? 0 })), { name: 'entities linked to Wikidata', count: Number(linked[0]?.n ?? 0) }]
    .filter((s) => shown.includes(s.name));
  const sectionsOf = groupBy(sections, (r) => r.article!);
  return {
    stats,
    articles: [...groupBy(articles, (r) => r.article!)].map(([iri, rows]) => ({
      iri, title: rows[0].title!, author: rows[0].author!,
      sections: (sectionsOf.get(iri) ?? []).sort((a, b) => Number(a.o) - Number(b.o)).map((s) => ({ iri: s.section!, number: s.number! })),
    })),
  };
}
