// Every SHACL rule has a failing example: the mini dataset with one thing broken
// is rejected, naming the shape, the entity and the YAML line. Rules that the
// YAML compiler cannot produce a violation for are checked on hand-written RDF.

import { describe, expect, it } from 'vitest';
import { DataFactory, Parser, type Quad } from 'n3';
import { compileAndValidate } from '../../src/build/pipeline.js';
import { ValidationError, type Problem } from '../../src/build/errors.js';
import { checkIris, readShapes, validateShapes } from '../../src/build/validate.js';
import { projectPath } from '../../src/model/paths.js';
import { entry, writeMiniData, type MiniData } from '../fixtures/miniData.js';

async function violations(mutate: (data: MiniData) => void): Promise<Problem[]> {
  const error = await compileAndValidate({ dataDir: writeMiniData(mutate) }).catch((e) => e);
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${error?.message ?? 'success'}`);
  return error.problems;
}

const cases: [string, string, string, (d: MiniData) => void][] = [
  ['Labelled-label', 'london', 'exactly one non-empty label', (d) => { delete entry(d.places, 'london').label; }],
  ['Named-prefLabel', 'london', 'skos:prefLabel', (d) => { delete entry(d.places, 'london').label; }],
  ['DateStatusExplained', 'halifax-maiskii-1939-10-16', 'dateNote', (d) => { entry(d.meetings, 'halifax-maiskii-1939-10-16').dateStatus = 'inferred'; }],
  ['Actor-side', 'maiskii', 'need a side', (d) => { delete entry(d.people, 'maiskii').side; }],
  ['OfficeHolding-post', 'halifax (office 1)', 'exactly one post', (d) => { delete (entry(d.people, 'halifax').offices as Record<string, unknown>[])[0].post; }],
  ['OfficeHolding-passage', 'halifax (office foreign-secretary)', 'passage', (d) => { delete (entry(d.people, 'halifax').offices as Record<string, unknown>[])[0].passage; }],
  ['Event-date', 'pact', 'needs a date', (d) => { delete entry(d.events, 'pact').date; }],
  ['Event-passage', 'pact', 'passage', (d) => { delete entry(d.events, 'pact').passage; }],
  ['Event-participant', 'pact', 'people, groups or organisations', (d) => { entry(d.events, 'pact').participants = ['london']; }],
  ['Event-location', 'pact', 'is a place', (d) => { entry(d.events, 'pact').location = 'maiskii'; }],
  ['Meeting-participant', 'halifax-maiskii-1939-10-16', 'participants', (d) => { const m = entry(d.meetings, 'halifax-maiskii-1939-10-16'); delete m.participants; delete m.initiator; }],
  ['Meeting-record', 'halifax-maiskii-1939-10-16', 'documents', (d) => { entry(d.meetings, 'halifax-maiskii-1939-10-16').records = ['halifax']; }],
  ['Meeting-citedIn', 'halifax-maiskii-1939-10-16', 'footnote', (d) => {
    const m = entry(d.meetings, 'halifax-maiskii-1939-10-16'); delete m.footnotes; m.records = [];
    for (const id of ['claim-british', 'claim-soviet']) delete entry(d.claims, id).concerns;
    entry(d.comparisons, 'comparison').concerns = 'pact';
  }],
  ['Document', 'maiskii-cable', 'where to find it', (d) => { const doc = entry(d.documents, 'maiskii-cable'); delete doc.publishedIn; delete doc.pages; }],
  ['Document-date', 'maiskii-cable', 'its date', (d) => { delete entry(d.documents, 'maiskii-cable').date; }],
  ['Document-side', 'maiskii-cable', 'side', (d) => { delete entry(d.documents, 'maiskii-cable').side; }],
  ['Document-recipient', 'maiskii-cable', 'recipients', (d) => { entry(d.documents, 'maiskii-cable').recipients = ['london']; }],
  ['Document-archive', 'halifax-despatch', 'archive', (d) => { entry(d.documents, 'halifax-despatch').archive = 'london'; }],
  ['Document-publishedIn', 'maiskii-cable', 'published work', (d) => { entry(d.documents, 'maiskii-cable').publishedIn = 'halifax-despatch'; }],
  ['Document-creator', 'maiskii-cable', 'creators', (d) => { entry(d.documents, 'maiskii-cable').creators = ['london']; }],
  ['Footnote-item', 'footnote 2', 'citation item', (d) => { entry(d.footnotes, 2).items = []; }],
  ['Footnote-cites', 'footnote 2', 'resolve to at least one', (d) => { entry(d.footnotes, 2).items = []; }],
  ['CitationItem', 'footnote 2 item 1', 'corrected', (d) => { delete (entry(d.footnotes, 2).items as Record<string, unknown>[])[0].correction; }],
  ['CitationItem-cites', 'footnote 2 item 1', 'exactly one document or work', (d) => { (entry(d.footnotes, 2).items as Record<string, unknown>[])[0].cites = 'maiskii'; }],
  ['Claim-source', 'claim-soviet', 'needs a source', (d) => { delete entry(d.claims, 'claim-soviet').source; }],
  ['Claim-attribution', 'claim-soviet', 'whose account', (d) => { const c = entry(d.claims, 'claim-soviet'); c.source = 'collection'; }],
  ['Claim-passage', 'claim-soviet', 'passage', (d) => { delete entry(d.claims, 'claim-soviet').passage; }],
  ['Claim-agent', 'claim-soviet', 'agents are people', (d) => { entry(d.claims, 'claim-soviet').agents = ['london']; }],
  ['SourceClaim-footnote', 'claim-soviet', 'footnote', (d) => { delete entry(d.claims, 'claim-soviet').footnotes; }],
  ['AuthorJudgement-wasAttributedTo', 'claim-judgement', 'attributed to the author', (d) => { entry(d.claims, 'claim-judgement').account = 'foreign-office'; }],
  ['Quotation-text', 'claim-british quote 1', 'at most 25 words', (d) => {
    (entry(d.claims, 'claim-british').quotes as Record<string, unknown>[])[0].text = Array.from({ length: 26 }, (_, i) => `word${i}`).join(' ');
  }],
  ['Quotation-speaker', 'claim-british quote 1', 'speaker', (d) => { delete (entry(d.claims, 'claim-british').quotes as Record<string, unknown>[])[0].speaker; }],
  ['Comparison-claims', 'comparison', 'at least two claims', (d) => { entry(d.comparisons, 'comparison').claims = ['claim-british']; }],
  ['Comparison-summary', 'comparison', 'summary', (d) => { delete entry(d.comparisons, 'comparison').summary; }],
  ['Comparison-type', 'comparison', 'discrepancy scheme', (d) => { delete entry(d.comparisons, 'comparison').kinds; }],
  ['Comparison-concerns', 'comparison', 'meeting or matter', (d) => { delete entry(d.comparisons, 'comparison').concerns; }],
  ['Comparison-citedIn', 'comparison', 'footnotes', (d) => { delete entry(d.comparisons, 'comparison').footnotes; }],
  ['Comparison-scope', 'comparison', 'as a whole or on one point', (d) => { delete entry(d.comparisons, 'comparison').scope; }],
  ['DateAssertion-dateNote', 'halifax-maiskii-1939-10-16 (alternative date 2)', 'basis', (d) => { entry(d.meetings, 'halifax-maiskii-1939-10-16').alternativeDates = [{ date: '1939-10-17' }]; }],
  ['Group-memberOf', 'clerks', 'organisation', (d) => { entry(d.groups, 'clerks').memberOf = 'london'; }],
  ['Place-isPartOf', 'london', 'part of another place', (d) => { entry(d.places, 'london').partOf = 'foreign-office'; }],
  ['Work-isPartOf', 'collection', 'part of another work', (d) => { entry(d.works, 'collection').partOf = 'maiskii'; }],
  ['WikidataLink-record', 'halifax → Q333426', 'quotes its evidence', (d) => { delete (d.links[0].evidence as Record<string, unknown>).record; }],
  ['WikidataLink-method', 'halifax → Q333426', 'how it was matched', (d) => { (d.links[0].evidence as Record<string, unknown>).method = 'remembered'; }],
  ['WikidataLink-date', 'halifax → Q333426', 'when it was checked', (d) => { delete (d.links[0].evidence as Record<string, unknown>).checked; }],
];

describe('SHACL shapes, from YAML', () => {
  it.each(cases)('%s rejects a broken %s', async (rule, entity, words, mutate) => {
    const problems = await violations(mutate);
    const match = problems.find((p) => p.rule === rule);
    expect(match, `rules reported: ${problems.map((p) => `${p.rule}/${p.entity}`).join(', ')}`).toBeDefined();
    expect(match!.entity).toBe(entity);
    expect(match!.message).toContain(words);
    expect(match!.location.file).toMatch(/(entries|wikidata)\.yaml$/);
    expect(match!.location.line).toBeGreaterThan(0);
  });
});

// Rules whose violations the compiler never produces (it writes bounds and
// types itself) still guard hand-made RDF and future importers.
const BASE = 'https://w3id.org/delicacy/';
const prefixes = `@prefix dly: <https://w3id.org/delicacy/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
  @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
  @prefix oa: <http://www.w3.org/ns/oa#> . @prefix edtf: <http://id.loc.gov/datatypes/edtf/> . @base <${BASE}> .`;

async function shapeViolations(turtle: string): Promise<Problem[]> {
  const quads = new Parser().parse(`${prefixes}\n${turtle}`) as Quad[];
  return validateShapes(quads, readShapes(projectPath('shapes', 'delicacy.shapes.ttl')), new Map());
}

describe('SHACL shapes, on hand-written RDF', () => {
  it('Dated-date rejects a date that is not EDTF', async () => {
    const problems = await shapeViolations(`<id/event/x> dly:date "23 August 1939"^^edtf:EDTF ; dly:earliest "1939-08-23"^^xsd:date .`);
    expect(problems.map((p) => p.rule)).toContain('Dated-date');
  });
  it('Dated-earliest rejects bounds in the wrong order', async () => {
    const problems = await shapeViolations(`<id/event/x> dly:date "1939"^^edtf:EDTF ; dly:earliest "1939-12-31"^^xsd:date ; dly:latest "1939-01-01"^^xsd:date .`);
    expect(problems.map((p) => p.rule)).toContain('Dated-earliest');
  });
  it('Dated rejects a date without computed bounds', async () => {
    const problems = await shapeViolations(`<id/event/x> dly:date "1939"^^edtf:EDTF .`);
    expect(problems.map((p) => p.rule)).toContain('Dated');
  });
  it('Side rejects a side that is not a side concept', async () => {
    const problems = await shapeViolations(`<id/person/x> a dly:Person, dly:HistoricalActor ; rdfs:label "X" ; skos:prefLabel "X" ; dly:side <id/concept/classification/secret> .`);
    expect(problems.map((p) => p.rule)).toContain('Side');
  });
  it('Passage-source rejects a passage whose source is not a paragraph', async () => {
    const problems = await shapeViolations(`<id/claim/x#p> a oa:SpecificResource ; oa:hasSource <id/person/y> . <id/claim/x> dly:passage <id/claim/x#p> .`);
    expect(problems.map((p) => p.rule)).toContain('Passage-source');
  });
  it('OfficeHoldingDated rejects an office holding with neither a date nor not-stated', async () => {
    const problems = await shapeViolations(`<id/person/x#office-y> a dly:OfficeHolding ; rdfs:label "x: y" .`);
    expect(problems.map((p) => p.rule)).toContain('OfficeHoldingDated');
  });
  it('NotStatedUndated rejects a date the status says is not stated', async () => {
    const problems = await shapeViolations(`<id/person/x#office-y> dly:date "1939"^^edtf:EDTF ; dly:earliest "1939-01-01"^^xsd:date ;
      dly:dateStatus <id/concept/date-status/not-stated> ; dly:dateNote "none" .`);
    expect(problems.map((p) => p.rule)).toContain('NotStatedUndated');
  });
  it('EmbassyPartOf rejects an embassy that is part of no ministry or government', async () => {
    const problems = await shapeViolations(`<id/organisation/x> a dly:Organisation ; rdfs:label "X embassy" ; skos:prefLabel "X embassy" ;
      dly:organisationType <id/concept/organisation-type/embassy> .`);
    expect(problems.map((p) => p.rule)).toContain('EmbassyPartOf');
  });
  it('Claim rejects a claim typed both as a source claim and a judgement', async () => {
    const problems = await shapeViolations(`<id/claim/x> a dly:Claim, dly:SourceClaim, dly:AuthorJudgement ; rdfs:label "x" .`);
    expect(problems.map((p) => p.rule)).toContain('Claim');
  });
});

describe('Wikidata links', () => {
  it('Linked-evidence rejects a link to Wikidata without its evidence node', async () => {
    const problems = await shapeViolations(`<id/person/x> <http://www.w3.org/2004/02/skos/core#exactMatch> <http://www.wikidata.org/entity/Q8016> .`);
    expect(problems.map((p) => p.rule)).toContain('Linked-evidence');
  });
  it('a link without evidence in the YAML is rejected, and a candidate that is also linked too', async () => {
    const noEvidence = await compileAndValidate({ dataDir: writeMiniData((d) => { delete d.links[0].evidence; }) }).catch((e) => e);
    expect(noEvidence).toBeInstanceOf(ValidationError);
    expect(noEvidence.problems.map((p: Problem) => p.rule)).toEqual(expect.arrayContaining(['WikidataLink-method', 'WikidataLink-record', 'WikidataLink-date']));
    const both = await compileAndValidate({ dataDir: writeMiniData((d) => { d.candidates.push({ entity: 'halifax', type: 'person', name: 'Lord Halifax' }); }) }).catch((e) => e);
    expect(both.problems.map((p: Problem) => p.rule)).toEqual(['candidate or link']);
  });
  it('a bad QID is rejected at compile time', async () => {
    const bad = await compileAndValidate({ dataDir: writeMiniData((d) => { d.links[0].qid = 'Q0x'; }) }).catch((e) => e);
    expect(bad.problems.map((p: Problem) => p.rule)).toEqual(['Wikidata QID']);
  });
});

describe('IRI policy', () => {
  const { namedNode, literal, quad } = DataFactory;
  const g = namedNode(`${BASE}graph/test`);
  it('rejects an IRI outside our base and the known vocabularies', () => {
    const problems = checkIris([quad(namedNode(`${BASE}id/person/x`), namedNode('http://example.org/made-up#knows'), literal('y'), g)], new Map(), new Set());
    expect(problems.map((p) => p.rule)).toEqual(['IRI policy']);
  });
  it('rejects a term of our vocabulary that the ontology does not declare', () => {
    const problems = checkIris([quad(namedNode(`${BASE}id/person/x`), namedNode('https://w3id.org/delicacy/ontology#madeUp'), literal('y'), g)], new Map(), new Set());
    expect(problems.map((p) => p.rule)).toEqual(['declared vocabulary']);
  });
});

describe('the ontology is validated with the data', () => {
  it('a class aligned to Wikidata without its evidence is stopped, naming the ontology file', async () => {
    const { readFileSync, writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'delicacy-ontology-')), 'delicacy.ttl');
    writeFileSync(file, `${readFileSync(projectPath('ontology', 'delicacy.ttl'), 'utf8')}
dly:Person <http://www.w3.org/2004/02/skos/core#closeMatch> <http://www.wikidata.org/entity/Q5> .\n`);
    const error = await compileAndValidate({ dataDir: writeMiniData(), ontologyFile: file }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problem = (error as ValidationError).problems.find((p) => p.rule === 'Linked-evidence');
    expect(problem?.entity).toBe('https://w3id.org/delicacy/ontology#Person');
    expect(problem?.location.file).toMatch(/delicacy\.ttl$/);
  });
});
