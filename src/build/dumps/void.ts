// The VoID + DCAT description of the dataset: who made and publishes it, its
// licence, version and place among versions, what it is derived from, counts,
// classes, properties, graphs, its links to Wikidata (void:Linkset), and one DCAT
// distribution per dump with its size and SHA-256.
//
// Two parts. The header (title, licence, version, creators...) goes into every
// dump, in the metadata graph, so a dump carries its own licence and version.
// The full description (header, statistics, distributions) is void.ttl, which
// the server loads into the same graph: its counts therefore describe the data
// *and* the description itself, exactly as the SPARQL endpoint counts them.

import { DataFactory, type Quad, type Quad_Object, type Term } from 'n3';
import { ns } from '../../model/namespaces.js';
import { datasetIri, graphIri, isPageEntity, mint, pageEntityPattern, versionIri, type EntityKind } from '../../model/iri.js';
import { baseIri } from '../../model/namespaces.js';
import { type Agent } from '../site.js';

const { namedNode, literal, quad } = DataFactory;

export interface DumpFile {
  name: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  title: string;
  compression?: string;
}

export interface DatasetInfo {
  version: string;
  title: string;
  description: string;
  /** BCP 47 tag of the language the text is written in. */
  language: string;
  licence: string;
  creators: Agent[];
  publisher: Agent;
  contributors: Agent[];
  keywords: string[];
  /** How to cite this version, in words. */
  citation: string;
  sourceArticles: string[];
  /** The released version this one revises, if any. */
  previousVersion?: string;
}

/** Where the dumps are downloaded from and which node describes them. */
export interface DistributionInfo {
  /** Build time (dcterms:modified). */
  modified: string;
  /** Release date (dcterms:issued), for a release. */
  issued?: string;
  dumps: DumpFile[];
  /** URL the dump names are appended to (…/dumps/ or …/dumps/0.2.0/). */
  dumpBase: string;
  /** The dataset node the statistics and distributions describe (the dataset, or one version of it). */
  subject: string;
}

/** The graph that holds the dataset's own description. */
export const METADATA_GRAPH = 'void';

const integer = (n: number) => literal(String(n), namedNode(ns.xsd('integer')));
const LINK_PREDICATES = [ns.skos('exactMatch'), ns.skos('closeMatch'), ns.owl('sameAs')];
const WIKIDATA_ENTITIES = 'http://www.wikidata.org/entity/';

function agentIri(agent: Agent): string {
  if (agent.entity) return mint((agent.type === 'person' ? 'person' : 'organisation') as EntityKind, agent.entity);
  return `${datasetIri()}#agent-${agent.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

type Add = (s: string, p: string, o: Quad_Object) => void;

function describeAgent(add: Add, agent: Agent, language: string): string {
  const iri = agentIri(agent);
  // An agent that is an entity of the data is described there already (a triple
  // stated again in this graph would be counted twice by the endpoint's union graph).
  if (agent.entity) return iri;
  add(iri, ns.rdf('type'), namedNode(agent.type === 'person' ? ns.foaf('Person') : ns.foaf('Organization')));
  add(iri, ns.foaf('name'), literal(agent.name));
  if (agent.url) add(iri, ns.foaf('homepage'), namedNode(agent.url));
  if (agent.orcid) add(iri, ns.owl('sameAs'), namedNode(agent.orcid));
  if (agent.note) add(iri, ns.skos('note'), literal(agent.note, language));
  return iri;
}

/** The description that goes into every dump: no counts, checksums or build time, so equal data gives equal dumps. */
export function datasetHeader(info: DatasetInfo): Quad[] {
  const out: Quad[] = [];
  const graph = namedNode(graphIri(METADATA_GRAPH));
  const add: Add = (s, p, o) => out.push(quad(namedNode(s), namedNode(p), o, graph));
  const dataset = datasetIri();
  const version = versionIri(info.version);
  const base = baseIri();
  const text = (value: string) => literal(value, info.language);

  for (const node of [dataset, version]) {
    add(node, ns.rdf('type'), namedNode(ns.void('Dataset')));
    add(node, ns.rdf('type'), namedNode(ns.dcat('Dataset')));
    add(node, ns.dcterms('title'), text(node === dataset ? info.title : `${info.title} (version ${info.version})`));
    add(node, ns.dcterms('license'), namedNode(info.licence));
    add(node, ns.dcterms('language'), namedNode(`http://id.loc.gov/vocabulary/iso639-1/${info.language.split('-')[0]}`));
  }
  add(dataset, ns.rdfs('label'), text(info.title));
  add(dataset, ns.dcterms('description'), text(info.description));
  add(dataset, ns.owl('versionInfo'), literal(info.version));
  add(dataset, ns.dcat('version'), literal(info.version));
  add(dataset, ns.dcterms('hasVersion'), namedNode(version));
  add(version, ns.dcterms('isVersionOf'), namedNode(dataset));
  add(version, ns.owl('versionInfo'), literal(info.version));
  add(version, ns.dcat('version'), literal(info.version));
  add(version, ns.dcterms('bibliographicCitation'), text(info.citation));
  if (info.previousVersion) {
    add(version, ns.prov('wasRevisionOf'), namedNode(versionIri(info.previousVersion)));
    add(version, ns.dcat('previousVersion'), namedNode(versionIri(info.previousVersion)));
    add(dataset, ns.dcterms('hasVersion'), namedNode(versionIri(info.previousVersion)));
  }
  for (const creator of info.creators) add(dataset, ns.dcterms('creator'), namedNode(describeAgent(add, creator, info.language)));
  add(dataset, ns.dcterms('publisher'), namedNode(describeAgent(add, info.publisher, info.language)));
  for (const contributor of info.contributors) add(dataset, ns.dcterms('contributor'), namedNode(describeAgent(add, contributor, info.language)));
  for (const keyword of info.keywords) add(dataset, ns.dcat('keyword'), text(keyword));
  for (const article of info.sourceArticles) {
    add(dataset, ns.dcterms('source'), namedNode(article));
    add(dataset, ns.prov('wasDerivedFrom'), namedNode(article));
  }
  add(dataset, ns.dcat('landingPage'), namedNode(base));
  add(dataset, ns.void('uriSpace'), literal(`${base}id/`));
  add(dataset, ns.void('sparqlEndpoint'), namedNode(`${base}sparql`));
  add(dataset, ns.void('rootResource'), namedNode(`${base}id/`));
  add(dataset, ns.void('vocabulary'), namedNode(ns.dly('').replace(/#$/, '')));
  for (const vocabulary of ['prov', 'oa', 'skos', 'dcterms', 'foaf', 'schema', 'org']) {
    add(dataset, ns.void('vocabulary'), namedNode((ns as Record<string, (l: string) => string>)[vocabulary]('')));
  }
  return out;
}

const termKey = (t: Term) => (t.termType === 'Literal' ? `L${t.value}\u0000${(t as { datatype: Term }).datatype.value}\u0000${(t as { language: string }).language}` : `${t.termType[0]}${t.value}`);

interface Statistics {
  triples: number;
  entities: number;
  subjects: number;
  objects: number;
  classes: Map<string, number>;
  properties: Map<string, number>;
  graphs: Map<string, number>;
  /** Per named graph, its entities with a page of their own (isPageEntity): what the sitemap lists, graph by graph. */
  graphEntities: Map<string, number>;
  links: Map<string, number>;
}

/** Counts as the SPARQL endpoint counts them: triples of the union default graph, quads per named graph. */
function statistics(quads: Iterable<Quad>): Statistics {
  const triples = new Set<string>();
  const subjects = new Set<string>();
  const objects = new Set<string>();
  const properties = new Map<string, number>();
  const classes = new Map<string, Set<string>>();
  const graphs = new Map<string, Set<string>>();
  const graphEntities = new Map<string, Set<string>>();
  const links = new Map<string, number>();
  const base = `${baseIri()}id/`;
  for (const q of quads) {
    const triple = `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`;
    let inGraph = graphs.get(q.graph.value);
    if (!inGraph) graphs.set(q.graph.value, (inGraph = new Set()));
    inGraph.add(triple);
    let entities = graphEntities.get(q.graph.value);
    if (!entities) graphEntities.set(q.graph.value, (entities = new Set()));
    if (q.subject.termType === 'NamedNode' && isPageEntity(q.subject.value)) entities.add(q.subject.value);
    if (triples.has(triple)) continue;
    triples.add(triple);
    subjects.add(termKey(q.subject));
    objects.add(termKey(q.object));
    properties.set(q.predicate.value, (properties.get(q.predicate.value) ?? 0) + 1);
    if (q.predicate.value === ns.rdf('type')) {
      let members = classes.get(q.object.value);
      if (!members) classes.set(q.object.value, (members = new Set()));
      members.add(q.subject.value);
    }
    if (LINK_PREDICATES.includes(q.predicate.value) && q.object.value.startsWith(WIKIDATA_ENTITIES)) {
      links.set(q.predicate.value, (links.get(q.predicate.value) ?? 0) + 1);
    }
  }
  return {
    triples: triples.size,
    entities: [...subjects].filter((s) => s.startsWith(`N${base}`)).length,
    subjects: subjects.size,
    objects: objects.size,
    classes: new Map([...classes].map(([c, members]) => [c, members.size])),
    properties,
    graphs: new Map([...graphs].map(([g, members]) => [g, members.size])),
    graphEntities: new Map([...graphEntities].map(([g, members]) => [g, members.size])),
    links,
  };
}

function describeStatistics(info: DatasetInfo, where: DistributionInfo, stats: Statistics): Quad[] {
  const out: Quad[] = [];
  const graph = namedNode(graphIri(METADATA_GRAPH));
  const add: Add = (s, p, o) => out.push(quad(namedNode(s), namedNode(p), o, graph));
  const dataset = where.subject;
  const text = (value: string) => literal(value, info.language);

  add(dataset, ns.dcterms('modified'), literal(where.modified, namedNode(ns.xsd('dateTime'))));
  if (where.issued) add(dataset, ns.dcterms('issued'), literal(where.issued, namedNode(ns.xsd('date'))));
  add(dataset, ns.void('triples'), integer(stats.triples));
  add(dataset, ns.void('entities'), integer(stats.entities));
  add(dataset, ns.void('distinctSubjects'), integer(stats.subjects));
  add(dataset, ns.void('distinctObjects'), integer(stats.objects));
  add(dataset, ns.void('properties'), integer(stats.properties.size));
  add(dataset, ns.void('classes'), integer(stats.classes.size));
  for (const [cls, members] of [...stats.classes].sort((a, b) => a[0].localeCompare(b[0]))) {
    const partition = `${dataset}#class-${encodeURIComponent(cls)}`;
    add(dataset, ns.void('classPartition'), namedNode(partition));
    add(partition, ns.void('class'), namedNode(cls));
    add(partition, ns.void('entities'), integer(members));
  }
  for (const [property, count] of [...stats.properties].sort((a, b) => a[0].localeCompare(b[0]))) {
    const partition = `${dataset}#property-${encodeURIComponent(property)}`;
    add(dataset, ns.void('propertyPartition'), namedNode(partition));
    add(partition, ns.void('property'), namedNode(property));
    add(partition, ns.void('triples'), integer(count));
  }
  for (const [name, count] of [...stats.graphs].sort((a, b) => a[0].localeCompare(b[0]))) {
    const subset = `${dataset}#graph-${encodeURIComponent(name.slice(graphIri('').length))}`;
    add(dataset, ns.void('subset'), namedNode(subset));
    add(subset, ns.rdf('type'), namedNode(ns.void('Dataset')));
    add(subset, ns.sd('name'), namedNode(name));
    add(subset, ns.void('triples'), integer(count));
    // Its entities with a page, and the pattern that says which those are: a
    // server makes the sitemap index from these counts rather than count every
    // graph's entities with a query (one per graph: 1,000 at 1,000 articles).
    add(subset, ns.void('entities'), integer(stats.graphEntities.get(name) ?? 0));
    add(subset, ns.void('uriRegexPattern'), literal(pageEntityPattern()));
  }
  if (stats.links.size > 0) {
    const wikidata = `${datasetIri()}#wikidata`;
    add(wikidata, ns.rdf('type'), namedNode(ns.void('Dataset')));
    add(wikidata, ns.dcterms('title'), text('Wikidata'));
    add(wikidata, ns.void('uriSpace'), literal(WIKIDATA_ENTITIES));
    add(wikidata, ns.foaf('homepage'), namedNode('https://www.wikidata.org/'));
    add(wikidata, ns.void('sparqlEndpoint'), namedNode('https://query.wikidata.org/sparql'));
    for (const [predicate, count] of [...stats.links].sort()) {
      const linkset = `${dataset}#links-wikidata-${predicate.split('#').pop()}`;
      add(dataset, ns.void('subset'), namedNode(linkset));
      add(linkset, ns.rdf('type'), namedNode(ns.void('Linkset')));
      add(linkset, ns.dcterms('title'), text(`Links to Wikidata (${predicate.split('#').pop()})`));
      add(linkset, ns.void('subjectsTarget'), namedNode(dataset));
      add(linkset, ns.void('objectsTarget'), namedNode(wikidata));
      add(linkset, ns.void('target'), namedNode(dataset));
      add(linkset, ns.void('target'), namedNode(wikidata));
      add(linkset, ns.void('linkPredicate'), namedNode(predicate));
      add(linkset, ns.void('triples'), integer(count));
    }
  }
  for (const dump of where.dumps) {
    const url = `${where.dumpBase}${dump.name}`;
    const distribution = `${dataset}#dump-${dump.name}`;
    add(dataset, ns.void('dataDump'), namedNode(url));
    add(dataset, ns.dcat('distribution'), namedNode(distribution));
    add(distribution, ns.rdf('type'), namedNode(ns.dcat('Distribution')));
    add(distribution, ns.dcterms('title'), text(dump.title));
    add(distribution, ns.dcat('downloadURL'), namedNode(url));
    add(distribution, ns.dcat('mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${dump.mediaType}`));
    if (dump.compression) add(distribution, ns.dcat('compressFormat'), namedNode(`https://www.iana.org/assignments/media-types/${dump.compression}`));
    add(distribution, ns.dcat('byteSize'), literal(String(dump.bytes), namedNode(ns.xsd('nonNegativeInteger'))));
    add(distribution, ns.dcterms('license'), namedNode(info.licence));
    const checksum = `${distribution}-sha256`;
    add(distribution, ns.spdx('checksum'), namedNode(checksum));
    add(checksum, ns.rdf('type'), namedNode(ns.spdx('Checksum')));
    add(checksum, ns.spdx('algorithm'), namedNode(ns.spdx('checksumAlgorithm_sha256')));
    add(checksum, ns.spdx('checksumValue'), literal(dump.sha256, namedNode(ns.xsd('hexBinary'))));
  }
  return out;
}

/**
 * The full description: the header plus statistics and distributions. The counts
 * include the description's own triples (the endpoint serves both); since the
 * numbers are themselves objects, they are recomputed until they no longer change.
 */
export function describeDataset(quads: Quad[], info: DatasetInfo, where: DistributionInfo): { quads: Quad[]; statistics: Statistics } {
  const header = datasetHeader(info);
  let description = header;
  let previous = '';
  for (let round = 0; round < 10; round++) {
    const stats = statistics((function* () { yield* quads; yield* description; })());
    description = [...header, ...describeStatistics(info, where, stats)];
    const fingerprint = JSON.stringify([stats.triples, stats.entities, stats.subjects, stats.objects, [...stats.classes], [...stats.properties], [...stats.graphs], [...stats.graphEntities]]);
    if (fingerprint === previous) return { quads: description, statistics: stats };
    previous = fingerprint;
  }
  throw new Error('The VoID counts did not settle');
}
