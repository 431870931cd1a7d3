// The VoID + DCAT description of the dataset: counts, classes, graphs, licence,
// version, and one DCAT distribution per dump with its size and SHA-256.

import { DataFactory, type Quad, type Quad_Object } from 'n3';
import { ns } from '../../model/namespaces.js';
import { datasetIri, graphIri } from '../../model/iri.js';
import { baseIri } from '../../model/namespaces.js';

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
  modified: string;
  title: string;
  description: string;
  licence: string;
  sourceArticles: string[];
  dumps: DumpFile[];
}

const integer = (n: number) => literal(String(n), namedNode(ns.xsd('integer')));

export function describeDataset(quads: Quad[], info: DatasetInfo): Quad[] {
  const out: Quad[] = [];
  const graph = namedNode(graphIri('void'));
  const add = (s: string, p: string, o: Quad_Object) => out.push(quad(namedNode(s), namedNode(p), o, graph));
  const dataset = datasetIri();
  const base = baseIri();

  const triples = new Set<string>();
  const subjects = new Set<string>();
  const objects = new Set<string>();
  const properties = new Map<string, number>();
  const classes = new Map<string, Set<string>>();
  const graphs = new Map<string, number>();
  for (const q of quads) {
    triples.add(`${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`);
    subjects.add(q.subject.value);
    objects.add(`${q.object.termType}:${q.object.value}`);
    properties.set(q.predicate.value, (properties.get(q.predicate.value) ?? 0) + 1);
    graphs.set(q.graph.value, (graphs.get(q.graph.value) ?? 0) + 1);
    if (q.predicate.value === ns.rdf('type')) {
      let members = classes.get(q.object.value);
      if (!members) classes.set(q.object.value, (members = new Set()));
      members.add(q.subject.value);
    }
  }
  const entities = [...subjects].filter((s) => s.startsWith(`${base}id/`)).length;

  add(dataset, ns.rdf('type'), namedNode(ns.void('Dataset')));
  add(dataset, ns.rdf('type'), namedNode(ns.dcat('Dataset')));
  add(dataset, ns.dcterms('title'), literal(info.title));
  add(dataset, ns.rdfs('label'), literal(info.title));
  add(dataset, ns.dcterms('description'), literal(info.description));
  add(dataset, ns.dcterms('license'), namedNode(info.licence));
  add(dataset, ns.dcterms('modified'), literal(info.modified, namedNode(ns.xsd('dateTime'))));
  add(dataset, ns.owl('versionInfo'), literal(info.version));
  add(dataset, ns.dcat('version'), literal(info.version));
  for (const article of info.sourceArticles) add(dataset, ns.dcterms('source'), namedNode(article));
  add(dataset, ns.void('uriSpace'), literal(`${base}id/`));
  add(dataset, ns.void('sparqlEndpoint'), namedNode(`${base}sparql`));
  add(dataset, ns.void('rootResource'), namedNode(`${base}id/`));
  add(dataset, ns.void('vocabulary'), namedNode(ns.dly('').replace(/#$/, '')));
  for (const vocabulary of ['prov', 'oa', 'skos', 'dcterms', 'foaf', 'schema', 'org']) {
    add(dataset, ns.void('vocabulary'), namedNode((ns as Record<string, (l: string) => string>)[vocabulary]('')));
  }
  add(dataset, ns.void('triples'), integer(triples.size));
  add(dataset, ns.void('entities'), integer(entities));
  add(dataset, ns.void('distinctSubjects'), integer(subjects.size));
  add(dataset, ns.void('distinctObjects'), integer(objects.size));
  add(dataset, ns.void('properties'), integer(properties.size));
  add(dataset, ns.void('classes'), integer(classes.size));

  for (const [cls, members] of [...classes].sort((a, b) => a[0].localeCompare(b[0]))) {
    const partition = `${dataset}#class-${encodeURIComponent(cls)}`;
    add(dataset, ns.void('classPartition'), namedNode(partition));
    add(partition, ns.void('class'), namedNode(cls));
    add(partition, ns.void('entities'), integer(members.size));
  }
  for (const [property, count] of [...properties].sort((a, b) => a[0].localeCompare(b[0]))) {
    const partition = `${dataset}#property-${encodeURIComponent(property)}`;
    add(dataset, ns.void('propertyPartition'), namedNode(partition));
    add(partition, ns.void('property'), namedNode(property));
    add(partition, ns.void('triples'), integer(count));
  }
  for (const [name, count] of [...graphs].sort((a, b) => a[0].localeCompare(b[0]))) {
    const subset = `${dataset}#graph-${encodeURIComponent(name.slice(graphIri('').length))}`;
    add(dataset, ns.void('subset'), namedNode(subset));
    add(subset, ns.rdf('type'), namedNode(ns.void('Dataset')));
    add(subset, ns.sd('name'), namedNode(name));
    add(subset, ns.void('triples'), integer(count));
  }
  for (const dump of info.dumps) {
    const url = `${base}dumps/${dump.name}`;
    const distribution = `${dataset}#dump-${dump.name}`;
    add(dataset, ns.void('dataDump'), namedNode(url));
    add(dataset, ns.dcat('distribution'), namedNode(distribution));
    add(distribution, ns.rdf('type'), namedNode(ns.dcat('Distribution')));
    add(distribution, ns.dcterms('title'), literal(dump.title));
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
