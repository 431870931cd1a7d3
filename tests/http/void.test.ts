// The VoID/DCAT description, read as tools read it: from the endpoint itself.
// Every count it states agrees with what the SPARQL endpoint counts; it names
// creator, publisher, contributors and licence; it describes the links to
// Wikidata as linksets; its text is language-tagged; and every dump carries the
// licence and version itself.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { startTestServer } from '../fixtures/testServer.js';
import { testDist } from '../fixtures/testDist.js';
import { type RunningServer } from '../../src/http/server.js';
import { DUMP_FILES } from '../../src/build/pipeline.js';

const PREFIXES = `PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
  PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX prov: <http://www.w3.org/ns/prov#> `;
const DATASET = '<https://w3id.org/delicacy/dataset>';

let server: RunningServer;

async function rows(query: string): Promise<Record<string, string>[]> {
  const response = await fetch(`${server.url}sparql?query=${encodeURIComponent(PREFIXES + query)}`, { headers: { accept: 'application/sparql-results+json' } });
  expect(response.status, query).toBe(200);
  const body = await response.json() as { results: { bindings: Record<string, { value: string }>[] } };
  return body.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}
const one = async (query: string) => Number((await rows(query))[0].n);
const asMap = (list: Record<string, string>[], key: string) => new Map(list.map((r) => [r[key], Number(r.n)]));

beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

describe('VoID counts agree with the endpoint', () => {
  it('triples, entities, distinct subjects and objects, properties and classes', async () => {
    const stated = (await rows(`SELECT ?p ?n WHERE { GRAPH ?g { ${DATASET} ?p ?n } FILTER (?p IN (void:triples, void:entities, void:distinctSubjects, void:distinctObjects, void:properties, void:classes)) }`))
      .reduce<Record<string, number>>((all, r) => ({ ...all, [r.p.split('#')[1]]: Number(r.n) }), {});
    expect(Object.keys(stated).sort()).toEqual(['classes', 'distinctObjects', 'distinctSubjects', 'entities', 'properties', 'triples']);
    expect(stated.triples).toBe(await one('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'));
    expect(stated.triples).toBe(await one('SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }'));
    expect(stated.distinctSubjects).toBe(await one('SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }'));
    expect(stated.distinctObjects).toBe(await one('SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }'));
    expect(stated.properties).toBe(await one('SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }'));
    expect(stated.classes).toBe(await one('SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }'));
    expect(stated.entities).toBe(await one('SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?s), "https://w3id.org/delicacy/id/")) }'));
    const sd = await (await fetch(`${server.url}sparql`, { headers: { accept: 'application/n-triples' } })).text();
    const defaultGraph = new Parser({ format: 'N-Triples' }).parse(sd).filter((q) => q.predicate.value === 'http://rdfs.org/ns/void#triples' && q.subject.termType === 'BlankNode' && q.subject.value.includes('defaultGraph'));
    expect(defaultGraph.map((q) => Number(q.object.value))).toEqual([stated.triples]);
  });

  it('per graph, per class and per property', async () => {
    const graphs = asMap(await rows(`SELECT ?g ?n WHERE { ${DATASET} void:subset ?s . ?s sd:name ?g ; void:triples ?n }`), 'g');
    expect([...graphs.keys()].sort()).toEqual(['carley-1999', 'links', 'ontology', 'vocabulary', 'void'].map((g) => `https://w3id.org/delicacy/graph/${g}`));
    expect(graphs).toEqual(asMap(await rows('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'), 'g'));
    const classes = asMap(await rows(`SELECT ?c ?n WHERE { ${DATASET} void:classPartition ?x . ?x void:class ?c ; void:entities ?n }`), 'c');
    expect(classes.size).toBeGreaterThan(30);
    expect(classes).toEqual(asMap(await rows('SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c'), 'c'));
    const properties = asMap(await rows(`SELECT ?p ?n WHERE { ${DATASET} void:propertyPartition ?x . ?x void:property ?p ; void:triples ?n }`), 'p');
    expect(properties).toEqual(asMap(await rows('SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p'), 'p'));
  });

  it('the Wikidata linksets: predicate, target and count', async () => {
    const linksets = await rows(`SELECT ?predicate ?target ?space ?n WHERE { ${DATASET} void:subset ?l . ?l a void:Linkset ; void:linkPredicate ?predicate ;
      void:subjectsTarget ${DATASET} ; void:objectsTarget ?target ; void:triples ?n . ?target void:uriSpace ?space }`);
    expect(linksets.map((l) => l.predicate).sort()).toEqual(['http://www.w3.org/2004/02/skos/core#closeMatch', 'http://www.w3.org/2004/02/skos/core#exactMatch']);
    for (const linkset of linksets) {
      expect(linkset.space).toBe('http://www.wikidata.org/entity/');
      expect(Number(linkset.n)).toBe(await one(`SELECT (COUNT(*) AS ?n) WHERE { ?s <${linkset.predicate}> ?o FILTER (STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) }`));
    }
    expect(linksets.reduce((sum, l) => sum + Number(l.n), 0)).toBeGreaterThan(50);
  });
});

describe('VoID metadata', () => {
  it('names creator, publisher, contributors, licence, version and source, with language-tagged text', async () => {
    const [about] = await rows(`SELECT ?creator ?creatorName ?publisher ?licence ?version ?source ?contributor ?title WHERE {
      ${DATASET} dcterms:creator ?creator ; dcterms:publisher ?publisher ; dcterms:license ?licence ; owl:versionInfo ?version ;
        dcterms:source ?source ; dcterms:contributor ?contributor ; dcterms:title ?title . ?creator foaf:name ?creatorName }`);
    expect(about).toMatchObject({ licence: 'https://creativecommons.org/licenses/by/4.0/', creatorName: 'The Delicacy project', contributor: 'https://w3id.org/delicacy/id/person/carley' });
    expect(about.version).toBe(server.context.manifest.version);
    expect(about.source).toBe('https://w3id.org/delicacy/id/work/carley-1999');
    const untagged = await rows(`SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/delicacy/graph/void> { ?s ?p ?o } FILTER (?p IN (dcterms:title, dcterms:description, dcterms:bibliographicCitation) && lang(?o) = "") }`);
    expect(untagged).toEqual([]);
    const version = await rows(`SELECT ?v WHERE { ${DATASET} dcterms:hasVersion ?v . ?v dcterms:isVersionOf ${DATASET} ; owl:versionInfo "${server.context.manifest.version}" }`);
    expect(version).toHaveLength(1);
  });

  it('every dump carries the licence and version of the data it holds', () => {
    const dump = readFileSync(join(testDist(), DUMP_FILES.nquads), 'utf8');
    expect(dump).toContain('<https://w3id.org/delicacy/dataset> <http://purl.org/dc/terms/license> <https://creativecommons.org/licenses/by/4.0/> <https://w3id.org/delicacy/graph/void> .');
    expect(dump).toMatch(/<https:\/\/w3id\.org\/delicacy\/dataset> <http:\/\/www\.w3\.org\/2002\/07\/owl#versionInfo> "\d+\.\d+\.\d+"/);
    for (const file of [DUMP_FILES.trig, DUMP_FILES.turtle, DUMP_FILES.jsonld]) {
      expect(readFileSync(join(testDist(), file), 'utf8'), file).toContain('creativecommons.org/licenses/by/4.0/');
    }
  });
});
