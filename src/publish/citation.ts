// How to cite the dataset and its source, in words: one formatter for the home
// page, the VoID description and the deposit metadata.

import { type Agent } from '../build/site.js';
import { type ArticleRecord } from '../build/articleRecord.js';

export interface CitableDataset {
  name: string;
  title: string;
  version: string;
  creators: Agent[];
  /** Release date (YYYY-MM-DD); undefined for a build that has not been released. */
  issued?: string;
  /** The IRI of this version. */
  url: string;
}

const names = (agents: { name: string }[]) => agents.map((a) => a.name).join(', ');

/** "The Delicacy project (2026). Delicacy: … (Version 0.2.0) [Data set]. https://w3id.org/delicacy/dataset/0.2.0" */
export function datasetCitation(d: CitableDataset): string {
  const year = d.issued ? d.issued.slice(0, 4) : 'unreleased build';
  return `${names(d.creators)} (${year}). ${d.name}: ${d.title} (Version ${d.version}) [Data set]. ${d.url}`;
}

/** The article as far as the data records it; nothing is added that the data lacks. */
export function articleCitation(a: ArticleRecord): string {
  const parts = [`${a.authors.join(', ')}. “${a.title}”.`];
  if (a.journal) parts.push(`${a.journal}${a.volume ? ` ${a.volume}` : ''}${a.issue ? `, no. ${a.issue}` : ''}${a.pages ? `: ${a.pages}` : ''}.`);
  if (a.doi) parts.push(`https://doi.org/${a.doi}`);
  return parts.join(' ');
}
