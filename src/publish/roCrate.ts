// Deposit metadata for a release folder: an RO-Crate 1.1 metadata file
// (ro-crate-metadata.json), which research data repositories such as Zenodo,
// Dataverse and WorkflowHub read: the dataset version with its makers, licence,
// date, source article, and every file with its format, size and SHA-256.

import { type Manifest } from '../store/loadDataset.js';
import { type Agent } from '../build/site.js';
import { datasetIri, versionIri } from '../model/iri.js';

export interface CrateFile {
  name: string;
  title: string;
  encodingFormat: string;
  bytes: number;
  sha256: string;
}

export const RO_CRATE_CONTEXT = 'https://w3id.org/ro/crate/1.1/context';
export const RO_CRATE_SPEC = 'https://w3id.org/ro/crate/1.1';

export function roCrate(manifest: Manifest, files: CrateFile[]): Record<string, unknown> {
  const site = manifest.site!;
  const agentId = (a: Agent) => a.orcid ?? (a.entity ? `${manifest.baseIri}id/${a.type === 'person' ? 'person' : 'organisation'}/${a.entity}` : a.url ?? `#${a.name.replace(/\s+/g, '-')}`);
  const agent = (a: Agent) => ({ '@id': agentId(a), '@type': a.type === 'person' ? 'Person' : 'Organization', name: a.name, ...(a.url ? { url: a.url } : {}) });
  const agents = [...site.creators, site.publisher, ...site.contributors];
  const uniqueAgents = [...new Map(agents.map((a) => [agentId(a), agent(a)])).values()];
  const articles = (manifest.articles ?? []).map((a) => ({
    '@id': a.doi ? `https://doi.org/${a.doi}` : a.iri,
    '@type': 'ScholarlyArticle',
    name: a.title,
    author: a.authors.join(', '),
    ...(a.journal ? { isPartOf: a.journal } : {}),
    ...(a.pages ? { pagination: a.pages } : {}),
  }));
  return {
    '@context': RO_CRATE_CONTEXT,
    '@graph': [
      { '@id': 'ro-crate-metadata.json', '@type': 'CreativeWork', conformsTo: { '@id': RO_CRATE_SPEC }, about: { '@id': './' } },
      {
        '@id': './',
        '@type': 'Dataset',
        name: `${site.name}: ${site.title} (version ${manifest.version})`,
        description: site.description,
        version: manifest.version,
        datePublished: manifest.issued,
        license: { '@id': site.licence },
        identifier: versionIri(manifest.version, manifest.baseIri),
        url: manifest.baseIri,
        isPartOf: { '@id': datasetIri(manifest.baseIri) },
        ...(manifest.previousVersion ? { isBasedOn: { '@id': versionIri(manifest.previousVersion, manifest.baseIri) } } : {}),
        creditText: manifest.citation,
        keywords: site.keywords.join(', '),
        inLanguage: site.language,
        author: site.creators.map((a) => ({ '@id': agentId(a) })),
        publisher: { '@id': agentId(site.publisher) },
        contributor: site.contributors.map((a) => ({ '@id': agentId(a) })),
        citation: articles.map((a) => ({ '@id': a['@id'] })),
        hasPart: files.map((f) => ({ '@id': f.name })),
      },
      ...files.map((f) => ({ '@id': f.name, '@type': 'File', name: f.title, encodingFormat: f.encodingFormat, contentSize: String(f.bytes), sha256: f.sha256, license: { '@id': site.licence } })),
      { '@id': site.licence, '@type': 'CreativeWork', name: site.licenceLabel, identifier: site.licenceId },
      ...uniqueAgents,
      ...articles,
    ],
  };
}
