// Counts of what the dataset holds, per class: the figures the README quotes.

import type oxigraph from 'oxigraph';
import { PREFIXES } from '../model/namespaces.js';

export const STAT_CLASSES: [string, string][] = [
  ['people', 'dly:Person'],
  ['historical actors', 'dly:HistoricalActor'],
  ['contemporary writers', 'dly:ContemporaryWriter'],
  ['scholars', 'dly:Scholar'],
  ['groups', 'dly:Group'],
  ['organisations', 'dly:Organisation'],
  ['places', 'dly:Place'],
  ['posts', 'dly:Post'],
  ['office holdings', 'dly:OfficeHolding'],
  ['events (meetings included)', 'dly:Event'],
  ['meetings', 'dly:Meeting'],
  ['documents', 'dly:Document'],
  ['works', 'dly:Work'],
  ['footnotes', 'dly:Footnote'],
  ['citation items', 'dly:CitationItem'],
  ['claims', 'dly:Claim'],
  ['claims from sources', 'dly:SourceClaim'],
  ["author's judgements", 'dly:AuthorJudgement'],
  ["omissions (a record's silence)", 'dly:Omission'],
  ['quotations', 'dly:Quotation'],
  ['comparisons of accounts', 'dly:AccountComparison'],
  ['conflicting-account sets', 'dly:ConflictingAccounts'],
  ['concurring-account sets', 'dly:ConcurringAccounts'],
  ['Wikidata links', 'dly:WikidataLink'],
  ['paragraphs', 'dly:Paragraph'],
  ['concepts', 'skos:Concept'],
];

export interface Stat { name: string; cls: string; count: number }

export function datasetStats(store: oxigraph.Store): Stat[] {
  const values = STAT_CLASSES.map(([, cls]) => cls).join(' ');
  const query = `PREFIX dly: <${PREFIXES.dly}> PREFIX skos: <${PREFIXES.skos}>
    SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?cls { ${values} } ?s a ?cls } GROUP BY ?cls`;
  const rows = JSON.parse(store.query(query, { use_default_graph_as_union: true, results_format: 'json' }) as string)
    .results.bindings as { cls: { value: string }; n: { value: string } }[];
  const counts = new Map(rows.map((row) => [row.cls.value, Number(row.n.value)]));
  const stats = STAT_CLASSES.map(([name, cls]) => {
    const [prefix, local] = cls.split(':') as [keyof typeof PREFIXES, string];
    return { name, cls, count: counts.get(PREFIXES[prefix] + local) ?? 0 };
  });
  const linked = JSON.parse(store.query(`PREFIX dly: <${PREFIXES.dly}> SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?l dly:linkSubject ?e }`,
    { use_default_graph_as_union: true, results_format: 'json' }) as string).results.bindings[0].n.value;
  stats.push({ name: 'entities linked to Wikidata', cls: 'dly:linkSubject', count: Number(linked) });
  return stats;
}
