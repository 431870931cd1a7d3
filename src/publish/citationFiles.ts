// CITATION.cff (how to cite the dataset; GitHub, Zenodo and Zotero read it) and
// codemeta.json (the software), generated from the built dataset's manifest and
// package.json so that they cannot drift from the data: `delicacy citation
// --write` rewrites them, and a test checks the committed files are current.

import { stringify } from 'yaml';
import { type Manifest } from '../store/loadDataset.js';
import { type Agent } from '../build/site.js';
import { type ArticleRecord } from '../build/articleRecord.js';
import { datasetIri, versionIri } from '../model/iri.js';

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
  license: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
}

/** CFF person or entity. A person's family name is the last word of the name as the data gives it. */
function cffAgent(agent: Agent | string): Record<string, string> {
  const a = typeof agent === 'string' ? { name: agent, type: 'person' as const } : agent;
  if (a.type === 'organisation') return { name: a.name, ...(a.url ? { website: a.url } : {}) };
  const words = a.name.trim().split(/\s+/);
  return {
    'family-names': words[words.length - 1],
    ...(words.length > 1 ? { 'given-names': words.slice(0, -1).join(' ') } : {}),
    ...(a.orcid ? { orcid: a.orcid } : {}),
    ...('url' in a && a.url ? { website: a.url } : {}),
  };
}

function cffArticle(article: ArticleRecord): Record<string, unknown> {
  const [start, end] = (article.pages ?? '').split(/[-–]/);
  return {
    type: 'article',
    title: article.title,
    authors: article.authors.map((name) => cffAgent(name)),
    ...(article.journal ? { journal: article.journal } : {}),
    ...(article.volume ? { volume: article.volume } : {}),
    ...(article.issue ? { issue: article.issue } : {}),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(article.doi ? { doi: article.doi } : {}),
    ...(/^\d{4}$/.test(article.date ?? '') ? { year: Number(article.date) } : {}),
    notes: article.recordSource
      ? `Bibliographic details verified in: ${article.recordSource}.`
      : 'The text of the article does not print its journal, volume, pages or DOI; they are given here once verified from a published record.',
  };
}

export function citationCff(manifest: Manifest): string {
  const site = manifest.site!;
  const cff = {
    'cff-version': '1.2.0',
    message: 'If you use this dataset, please cite this version of it as below, and cite the article it is an edition of (under references).',
    type: 'dataset',
    title: `${site.name}: ${site.title}`,
    abstract: site.description,
    authors: site.creators.map(cffAgent),
    version: manifest.version,
    ...(manifest.issued ? { 'date-released': manifest.issued } : {}),
    license: site.licenceId,
    url: manifest.baseIri,
    identifiers: [
      { type: 'url', value: versionIri(manifest.version, manifest.baseIri), description: `Version ${manifest.version} of the dataset (its VoID/DCAT description and dumps)` },
      { type: 'url', value: datasetIri(manifest.baseIri), description: 'The dataset, latest version' },
    ],
    keywords: site.keywords,
    references: (manifest.articles ?? []).map(cffArticle),
  };
  return `# Generated from data/dataset.yaml, the article's record and package.json by \`delicacy citation --write\`; do not edit by hand.\n${stringify(cff, { lineWidth: 0 })}`;
}

export function codemeta(manifest: Manifest, pkg: PackageInfo): string {
  const site = manifest.site!;
  const person = (a: Agent) => ({ '@type': a.type === 'person' ? 'Person' : 'Organization', name: a.name, ...(a.url ? { url: a.url } : {}), ...(a.orcid ? { '@id': a.orcid } : {}) });
  return `${JSON.stringify({
    '@context': 'https://w3id.org/codemeta/3.0',
    '@type': 'SoftwareSourceCode',
    name: pkg.name,
    description: pkg.description,
    version: pkg.version,
    license: `https://spdx.org/licenses/${pkg.license}`,
    author: site.creators.map(person),
    publisher: person(site.publisher),
    programmingLanguage: ['TypeScript', 'SPARQL'],
    runtimePlatform: `Node.js ${pkg.engines?.node ?? ''}`.trim(),
    softwareRequirements: Object.entries(pkg.dependencies ?? {}).map(([name, range]) => `${name} ${range}`),
    keywords: site.keywords,
    url: manifest.baseIri,
    applicationCategory: 'Linked data publishing',
    developmentStatus: 'active',
    isPartOf: datasetIri(manifest.baseIri),
  }, null, 2)}\n`;
}
