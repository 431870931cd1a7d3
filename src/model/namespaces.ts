// The one place where the base IRI and every prefix are defined.
// Override the base at build time with DELICACY_BASE_IRI (it must end with '/').

export const DEFAULT_BASE_IRI = 'https://w3id.org/delicacy/';

export function baseIri(): string {
  const fromEnv = process.env.DELICACY_BASE_IRI;
  if (fromEnv && !fromEnv.endsWith('/')) {
    throw new Error(`DELICACY_BASE_IRI must end with '/': ${fromEnv}`);
  }
  return fromEnv || DEFAULT_BASE_IRI;
}

export const ONTOLOGY_IRI = 'https://w3id.org/delicacy/ontology';

/** Prefixes used in dumps, the JSON-LD context, the query UI and generated queries. */
export const PREFIXES = {
  dly: 'https://w3id.org/delicacy/ontology#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dcterms: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  oa: 'http://www.w3.org/ns/oa#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  schema: 'https://schema.org/',
  org: 'http://www.w3.org/ns/org#',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  sh: 'http://www.w3.org/ns/shacl#',
  vann: 'http://purl.org/vocab/vann/',
  spdx: 'http://spdx.org/rdf/terms#',
  edtf: 'http://id.loc.gov/datatypes/edtf/',
  wd: 'http://www.wikidata.org/entity/',
} as const;

export type Prefix = keyof typeof PREFIXES;

/** Namespaces whose IRIs may appear in the dataset besides our own base. */
export const KNOWN_EXTERNAL_NAMESPACES: readonly string[] = [
  ...Object.values(PREFIXES),
  'http://id.loc.gov/datatypes/edtf/',
  'https://creativecommons.org/licenses/',
  'http://creativecommons.org/licenses/',
  'https://www.wikidata.org/wiki/',
  'https://www.loc.gov/standards/datetime/',
  'https://www.w3.org/TR/',
  'http://www.w3.org/ns/',
  'http://www.iana.org/assignments/media-types/',
  'https://www.iana.org/assignments/media-types/',
  'http://www.w3.org/ns/formats/',
];

export const EDTF_DATATYPE = 'http://id.loc.gov/datatypes/edtf/EDTF';

/** Builds full IRIs from a prefix and a local name: ns.dly('Claim'). */
export const ns = Object.fromEntries(
  Object.entries(PREFIXES).map(([prefix, iri]) => [prefix, (local: string) => iri + local]),
) as { [P in Prefix]: (local: string) => string };
