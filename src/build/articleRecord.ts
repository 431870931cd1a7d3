// The bibliographic record of each article the data edits, read from the
// compiled data: what the citation of the dataset, CITATION.cff, the home page
// and the deposit metadata say about the source. Only what the data holds: a
// journal, volume, issue, pages or DOI appear once a curator has filled them in
// from a verified source (data/<article>/article.yaml, `recordSource`).

import { type Quad } from 'n3';
import { ns } from '../model/namespaces.js';

export interface ArticleRecord {
  iri: string;
  title: string;
  authors: string[];
  /** EDTF, as the data gives it (may be a range: the article does not print its date). */
  date?: string;
  journal?: string;
  volume?: string;
  issue?: string;
  pages?: string;
  doi?: string;
  /** Where the journal, volume, pages and DOI were verified. */
  recordSource?: string;
}

export function articleRecords(quads: Quad[], articles: string[]): ArticleRecord[] {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    let list = bySubject.get(q.subject.value);
    if (!list) bySubject.set(q.subject.value, (list = []));
    list.push(q);
  }
  const values = (subject: string, predicate: string) => (bySubject.get(subject) ?? []).filter((q) => q.predicate.value === predicate).map((q) => q.object.value);
  const first = (subject: string, predicate: string) => values(subject, predicate)[0];
  const name = (agent: string) => first(agent, ns.rdfs('label')) ?? agent;
  return articles.map((iri) => {
    const journal = first(iri, ns.dcterms('isPartOf'));
    const doi = values(iri, ns.schema('sameAs')).map((v) => /10\.\d{4,9}\/\S+$/.exec(v)?.[0]).find(Boolean);
    const record: ArticleRecord = {
      iri,
      title: first(iri, ns.dcterms('title')) ?? name(iri),
      authors: values(iri, ns.dcterms('creator')).map(name),
      date: first(iri, ns.dly('date')),
      journal: journal ? first(journal, ns.dcterms('title')) ?? name(journal) : undefined,
      volume: first(iri, ns.dly('volume')),
      issue: first(iri, ns.dly('issue')),
      pages: first(iri, ns.dly('pages')),
      doi,
      recordSource: first(iri, ns.dly('recordSource')),
    };
    return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as unknown as ArticleRecord;
  });
}
