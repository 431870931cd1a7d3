// The SPARQL 1.1 Service Description returned by GET /sparql without a query:
// the endpoint, the language, the result formats, the default dataset (union of
// the named graphs, with sizes) and a pointer to the VoID description.

import { DataFactory, type Quad, type Quad_Object } from 'n3';
import { type AppContext } from '../context.js';
import { ns } from '../../model/namespaces.js';
import { graphSizes } from '../graphs.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

const FORMATS = [
  'SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV',
  'Turtle', 'N-Triples', 'N-Quads', 'TriG', 'JSON-LD', 'RDF_XML',
];


export async function serviceDescription(context: AppContext, base: string): Promise<Quad[]> {
  const out: Quad[] = [];
  const add = (s: string | ReturnType<typeof blankNode>, p: string, o: Quad_Object) =>
    out.push(quad(typeof s === 'string' ? namedNode(s) : s, namedNode(p), o));
  const service = `${base}sparql`;
  const dataset = `${context.baseIri}dataset`;
  add(service, ns.rdf('type'), namedNode(ns.sd('Service')));
  add(service, ns.sd('endpoint'), namedNode(service));
  add(service, ns.sd('supportedLanguage'), namedNode(ns.sd('SPARQL11Query')));
  add(service, ns.sd('feature'), namedNode(ns.sd('UnionDefaultGraph')));
  for (const format of FORMATS) add(service, ns.sd('resultFormat'), namedNode(`http://www.w3.org/ns/formats/${format}`));
  add(service, ns.dcterms('title'), literal('Delicacy SPARQL endpoint (read-only)', 'en'));
  add(service, ns.dcterms('description'), literal(`Read-only SPARQL 1.1 Query endpoint. The default graph is the union of the named graphs. Limits: ${context.config.queryTimeoutMs / 1000} s per query, ${context.config.maxResults} result rows or triples (a cut result says so). Updates are refused; SERVICE only to allowlisted hosts.`, 'en'));
  add(service, ns.rdfs('seeAlso'), namedNode(`${base}.well-known/void`));
  add(service, ns.sd('defaultDataset'), namedNode(dataset));
  add(dataset, ns.rdf('type'), namedNode(ns.sd('Dataset')));
  add(dataset, ns.rdf('type'), namedNode(ns.void('Dataset')));
  add(dataset, ns.rdfs('seeAlso'), namedNode(`${base}.well-known/void`));
  const defaultGraph = blankNode('defaultGraph');
  add(dataset, ns.sd('defaultGraph'), defaultGraph);
  add(defaultGraph, ns.rdf('type'), namedNode(ns.sd('Graph')));
  add(defaultGraph, ns.void('triples'), literal(String(context.manifest.triples ?? context.manifest.quads), namedNode(ns.xsd('integer'))));
  [...await graphSizes(context)].sort().forEach(([name, count], index) => {
    const named = blankNode(`namedGraph${index}`);
    const graph = blankNode(`graph${index}`);
    add(dataset, ns.sd('namedGraph'), named);
    add(named, ns.rdf('type'), namedNode(ns.sd('NamedGraph')));
    add(named, ns.sd('name'), namedNode(name));
    add(named, ns.sd('graph'), graph);
    add(graph, ns.rdf('type'), namedNode(ns.sd('Graph')));
    add(graph, ns.void('triples'), literal(String(count), namedNode(ns.xsd('integer'))));
  });
  return out;
}
