// The schema.org Dataset description that dataset search engines read from the
// home page (JSON-LD in a <script> element): name, description, makers, licence,
// version, temporal coverage, the source article and every download.

import { type Manifest } from '../store/loadDataset.js';
import { type Agent } from '../build/site.js';
import { datasetIri, versionIri } from '../model/iri.js';
import { articleCitation } from './citation.js';

const ENCODINGS: Record<string, string> = { 'application/n-quads': 'application/n-quads', 'application/trig': 'application/trig', 'text/turtle': 'text/turtle', 'application/ld+json': 'application/ld+json' };

/** `base` is where this server is reached: the downloads are there. */
export function schemaOrgDataset(manifest: Manifest, base: string): Record<string, unknown> {
  const site = manifest.site!;
  const agent = (a: Agent) => ({ '@type': a.type === 'person' ? 'Person' : 'Organization', name: a.name, ...(a.url ? { url: a.url } : {}), ...(a.orcid ? { sameAs: a.orcid } : {}) });
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': datasetIri(manifest.baseIri),
    name: `${site.name}: ${site.title}`,
    alternateName: site.subtitle,
    description: site.description,
    url: base,
    identifier: versionIri(manifest.version, manifest.baseIri),
    version: manifest.version,
    ...(manifest.issued ? { datePublished: manifest.issued } : {}),
    dateModified: manifest.modified,
    inLanguage: site.language,
    keywords: site.keywords,
    license: site.licence,
    isAccessibleForFree: true,
    creator: site.creators.map(agent),
    publisher: agent(site.publisher),
    contributor: site.contributors.map(agent),
    temporalCoverage: `${site.period.from}/${site.period.to}`,
    citation: (manifest.articles ?? []).map(articleCitation),
    isBasedOn: (manifest.articles ?? []).map((a) => ({ '@type': 'ScholarlyArticle', name: a.title, author: a.authors.map((name) => ({ '@type': 'Person', name })) })),
    ...(manifest.citation ? { creditText: manifest.citation } : {}),
    distribution: manifest.dumps.map((d) => ({
      '@type': 'DataDownload', name: d.title, contentUrl: `${base}dumps/${d.name}`, encodingFormat: d.compression ?? ENCODINGS[d.mediaType] ?? d.mediaType, contentSize: `${d.bytes} B`,
    })),
  };
}
