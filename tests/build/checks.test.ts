// The build's checks across entries (src/build/compile/checks/): each kind of
// error an audit found in the data is stopped with the file, the entity and the
// rule, so that it cannot come back. The mini dataset passes; one change at a time
// breaks one rule.

import { describe, expect, it } from 'vitest';
import { Store } from 'n3';
import { compileAndValidate } from '../../src/build/pipeline.js';
import { DataError, ValidationError, type Problem } from '../../src/build/errors.js';
import { entry, writeMiniData, type MiniData } from '../fixtures/miniData.js';

const DLY = 'https://w3id.org/delicacy/ontology#';
const ID = 'https://w3id.org/delicacy/id/';

async function problemsOf(mutate: (data: MiniData) => void): Promise<Problem[]> {
  const error = await compileAndValidate({ dataDir: writeMiniData(mutate) }).catch((e) => e);
  if (!(error instanceof DataError) && !(error instanceof ValidationError)) throw new Error(`expected the build to fail, got ${error?.message ?? 'success'}`);
  return error.problems;
}

function expectRule(problems: Problem[], rule: string, entity: string, words: string): void {
  const match = problems.find((p) => p.rule === rule && p.entity === entity);
  expect(match, `reported: ${problems.map((p) => `${p.rule}/${p.entity}: ${p.message}`).join('\n')}`).toBeDefined();
  expect(match!.message).toContain(words);
  expect(match!.location.file).toMatch(/entries\.yaml$/);
  expect(match!.location.line).toBeGreaterThan(0);
}

const items = (d: MiniData, n: number) => entry(d.footnotes, n).items as Record<string, unknown>[];

async function built(mutate?: (data: MiniData) => void): Promise<Store> {
  const { quads } = await compileAndValidate({ dataDir: writeMiniData(mutate) });
  return new Store(quads);
}

describe('citation forms and dockets', () => {
  it('records which items print a docket and how each document\'s docket is known', async () => {
    const store = await built();
    const item = (n: number) => `${ID}footnote/test-article/1#item-${n}`;
    expect(store.getObjects(item(1), `${DLY}printedRegistryNumber`, null).map((o) => o.value)).toEqual(['N5342/92/38']);
    expect(store.getObjects(item(2), `${DLY}printedRegistryNumber`, null)).toEqual([]);
    expect(store.getObjects(item(2), `${DLY}citedAs`, null).map((o) => o.value)).toEqual([`${ID}concept/citation-form/ibid`]);
    const basis = (doc: string) => store.getObjects(`${ID}document/${doc}`, `${DLY}registryNumberBasis`, null).map((o) => o.value);
    expect(basis('halifax-despatch')).toEqual([`${ID}concept/reference-basis/printed`]);
    expect(basis('halifax-minute')).toEqual([`${ID}concept/reference-basis/inherited`]);
  });

  it('an item cited as ibid. must say what the ibid. stands for', async () => {
    const problems = await problemsOf((d) => { const item = items(d, 1)[1]; delete item.ibidFor; item.citedAs = 'ibid'; });
    expectRule(problems, 'ibid stands for', 'footnote 1 item 2', 'ibidFor');
  });

  it('an ibid. must stand for what the preceding reference has', async () => {
    const problems = await problemsOf((d) => { entry(d.documents, 'halifax-minute').registry = 'N9999/92/38'; });
    expectRule(problems, 'ibid matches preceding reference', 'footnote 1 item 2', "'N5342/92/38'");
  });

  it('a docket repeated from the preceding item must be an ibid. or a joint reference', async () => {
    const problems = await problemsOf((d) => { delete items(d, 1)[1].ibidFor; });
    expectRule(problems, 'repeated docket', 'footnote 1 item 2', 'joint: true');
    await expect(built((d) => { delete items(d, 1)[1].ibidFor; items(d, 1)[1].joint = true; })).resolves.toBeDefined();
  });

  it('a docket that no footnote prints or inherits must be declared inferred, with a note', async () => {
    const uncited = (d: MiniData) => { items(d, 1).splice(1, 1); };
    expectRule(await problemsOf(uncited), 'docket known', 'halifax-minute', 'registryBasis: inferred');
    expectRule(await problemsOf((d) => { uncited(d); entry(d.documents, 'halifax-minute').registryBasis = 'inferred'; }), 'docket known', 'halifax-minute', 'registryNote');
    const store = await built((d) => { uncited(d); Object.assign(entry(d.documents, 'halifax-minute'), { registryBasis: 'inferred', registryNote: 'Same file as the despatch it minutes.' }); });
    expect(store.getObjects(`${ID}document/halifax-minute`, `${DLY}registryNumberBasis`, null).map((o) => o.value)).toEqual([`${ID}concept/reference-basis/inferred`]);
    expectRule(await problemsOf((d) => { entry(d.documents, 'halifax-minute').registryBasis = 'inferred'; }), 'docket known', 'halifax-minute', 'drop registryBasis');
  });
});

describe('dates no more exact than their evidence', () => {
  const meeting = (d: MiniData) => entry(d.meetings, 'halifax-maiskii-1939-10-16');
  const office = (d: MiniData) => (entry(d.people, 'halifax').offices as Record<string, unknown>[])[0];

  it('a date taken from a record is that record\'s date', async () => {
    await expect(built((d) => Object.assign(meeting(d), { dateStatus: 'from-record', dateNote: 'From the despatch.' }))).resolves.toBeDefined();
    const problems = await problemsOf((d) => Object.assign(meeting(d), { date: '1939-10-15', dateStatus: 'from-record', dateNote: 'From the despatch.' }));
    expectRule(problems, 'date from a record', 'halifax-maiskii-1939-10-16', 'on-or-before-record');
  });

  it('a meeting known only from a later report is a range ending on the report\'s date, with the report as evidence', async () => {
    const report = (d: MiniData, date: string) => Object.assign(meeting(d), { date, dateStatus: 'on-or-before-record', dateEvidence: 'halifax-minute', dateNote: 'Only the minute is dated.' });
    const store = await built((d) => report(d, '1939-10/1939-10-17'));
    expect(store.getObjects(`${ID}meeting/halifax-maiskii-1939-10-16`, `${DLY}dateEvidence`, null).map((o) => o.value)).toEqual([`${ID}document/halifax-minute`]);
    expectRule(await problemsOf((d) => report(d, '1939-10-17')), 'date from a record', 'halifax-maiskii-1939-10-16', 'more exact');
    expectRule(await problemsOf((d) => report(d, '1939-10/1939-10-20')), 'date from a record', 'halifax-maiskii-1939-10-16', 'does not end on the date');
    expectRule(await problemsOf((d) => { report(d, '1939-10/1939-10-17'); delete meeting(d).dateEvidence; meeting(d).records = []; }),
      'date from a record', 'halifax-maiskii-1939-10-16', 'dateEvidence');
  });

  it('a meeting is not dated after its record', async () => {
    expectRule(await problemsOf((d) => { meeting(d).date = '1939-10-18'; }), 'not after its record', 'halifax-maiskii-1939-10-16', 'halifax-despatch');
  });

  it('an office the article gives no dates for has none, rather than bounds that reach into the period', async () => {
    expectRule(await problemsOf((d) => { office(d).date = '[..1939]'; }), 'office dates', 'halifax (office foreign-secretary)', 'not-stated');
    expectRule(await problemsOf((d) => { office(d).date = '193X'; }), 'office dates', 'halifax (office foreign-secretary)', 'not-stated');
    expectRule(await problemsOf((d) => { delete office(d).date; }), 'office dates', 'halifax (office foreign-secretary)', 'not-stated');
    expectRule(await problemsOf((d) => Object.assign(office(d), { dateStatus: 'not-stated', dateNote: 'Former.' })), 'date not stated', 'halifax (office foreign-secretary)', 'leave the date out');
    const store = await built((d) => { delete office(d).date; Object.assign(office(d), { dateStatus: 'not-stated', dateNote: 'Called former foreign secretary.' }); });
    const holding = `${ID}person/halifax#office-foreign-secretary`;
    expect(store.getObjects(holding, `${DLY}earliest`, null)).toEqual([]);
    expect(store.getObjects(holding, `${DLY}latest`, null)).toEqual([]);
  });
});

describe('footnotes of a meeting', () => {
  it('a meeting lists every footnote that cites one of its records or backs a claim about it', async () => {
    const meeting = (d: MiniData) => entry(d.meetings, 'halifax-maiskii-1939-10-16');
    expectRule(await problemsOf((d) => { meeting(d).footnotes = [2]; }), 'meeting footnotes', 'halifax-maiskii-1939-10-16', 'footnote 1');
    const problems = await problemsOf((d) => { Object.assign(entry(d.claims, 'claim-judgement'), { about: ['halifax-maiskii-1939-10-16'], footnotes: [2] }); });
    expectRule(problems, 'meeting footnotes', 'halifax-maiskii-1939-10-16', 'claim-judgement');
  });
});

describe('quotations tied to no more exact a source than the article allows', () => {
  const claim = (d: MiniData) => entry(d.claims, 'claim-british');
  const quote = (d: MiniData) => (claim(d).quotes as Record<string, unknown>[])[0];
  const twoSources = (d: MiniData) => { claim(d).source = ['halifax-despatch', 'halifax-minute']; };

  it('a quotation of a claim with several sources may come from any of them', async () => {
    const store = await built(twoSources);
    const quoted = store.getObjects(`${ID}claim/claim-british#quote-1`, `${DLY}quotedFrom`, null).map((o) => o.value).sort();
    expect(quoted).toEqual([`${ID}document/halifax-despatch`, `${ID}document/halifax-minute`]);
  });

  it('naming only one of them needs the evidence that shows it', async () => {
    expectRule(await problemsOf((d) => { twoSources(d); quote(d).source = 'halifax-minute'; }), 'quotation source', 'claim-british quote 1', 'sourceBasis');
    await expect(built((d) => { twoSources(d); Object.assign(quote(d), { source: 'halifax-minute', sourceBasis: 'The article gives the page of the minute.' }); })).resolves.toBeDefined();
  });

  it('a quotation comes from the claim\'s sources or what its footnotes cite', async () => {
    expectRule(await problemsOf((d) => { quote(d).source = 'collection'; }), 'quotation source', 'claim-british quote 1', 'neither a source of the claim');
  });
});

describe('a record\'s silence, said one way', () => {
  const claim = (d: MiniData) => entry(d.claims, 'claim-soviet');
  it('a source claim cannot say what its own record leaves out', async () => {
    expectRule(await problemsOf((d) => { claim(d).act = 'omitted'; }), 'record silence', 'claim-soviet', 'type: omission');
  });
  it('an omission names the silent record and has no source', async () => {
    const omission = (d: MiniData) => { Object.assign(claim(d), { type: 'omission', omittedFrom: ['maiskii-cable'] }); delete claim(d).source; };
    const store = await built(omission);
    const iri = `${ID}claim/claim-soviet`;
    expect(store.getObjects(iri, `${DLY}omittedFrom`, null).map((o) => o.value)).toEqual([`${ID}document/maiskii-cable`]);
    expect(store.getObjects(iri, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', null).map((o) => o.value))
      .toEqual(expect.arrayContaining([`${DLY}Omission`, `${DLY}AuthorJudgement`]));
    expect(store.getObjects(iri, `${DLY}speechAct`, null).map((o) => o.value)).toEqual([`${ID}concept/speech-act/omitted`]);
    expect(store.getObjects(iri, 'http://www.w3.org/ns/prov#wasDerivedFrom', null).map((o) => o.value)).toEqual([`${ID}work/test-article`]);
    expectRule(await problemsOf((d) => { omission(d); delete claim(d).omittedFrom; }), 'record silence', 'claim-soviet', 'omittedFrom');
    expectRule(await problemsOf((d) => { omission(d); claim(d).source = 'maiskii-cable'; }), 'record silence', 'claim-soviet', 'no source');
  });
});

describe('venues are places', () => {
  const withBuilding = (d: MiniData) => {
    d.places.push({ id: 'foreign-office-building', label: 'Foreign Office building', altLabels: ['Whitehall'], type: 'building', partOf: 'london' },
      { id: 'secretary-room', label: "Secretary of State's room", type: 'building', partOf: 'foreign-office-building' });
    entry(d.meetings, 'halifax-maiskii-1939-10-16').setting = 'In Whitehall, at the invitation of Halifax.';
  };
  it('a building the setting names is the meeting\'s location (or contains it)', async () => {
    expectRule(await problemsOf(withBuilding), 'venue is a place', 'halifax-maiskii-1939-10-16', 'foreign-office-building');
    await expect(built((d) => { withBuilding(d); entry(d.meetings, 'halifax-maiskii-1939-10-16').location = 'foreign-office-building'; })).resolves.toBeDefined();
    await expect(built((d) => { withBuilding(d); entry(d.meetings, 'halifax-maiskii-1939-10-16').location = 'secretary-room'; })).resolves.toBeDefined();
  });
  it('places that are not buildings, and words inside other words, are not venues', async () => {
    await expect(built((d) => { entry(d.meetings, 'halifax-maiskii-1939-10-16').setting = 'Maiskii had just come back from London.'; })).resolves.toBeDefined();
    await expect(built((d) => { withBuilding(d); entry(d.meetings, 'halifax-maiskii-1939-10-16').setting = 'Whitehallish manners.'; })).resolves.toBeDefined();
  });
});

describe('one type rule and one label style for documents', () => {
  const cable = (d: MiniData) => entry(d.documents, 'maiskii-cable');
  it('a message marked immediate or highest priority is a cable', async () => {
    expectRule(await problemsOf((d) => { cable(d).type = 'communication'; }), 'document type', 'maiskii-cable', 'type: cable');
  });
  it('a cable without a telegraphic marking needs the passage that calls it one', async () => {
    expectRule(await problemsOf((d) => { delete cable(d).classification; }), 'document type', 'maiskii-cable', 'typeBasis');
    const store = await built((d) => { delete cable(d).classification; cable(d).typeBasis = 'I.1 calls it his cable.'; });
    expect(store.getObjects(`${ID}document/maiskii-cable`, `${DLY}typeBasis`, null).map((o) => o.value)).toEqual(['I.1 calls it his cable.']);
  });
  it('a despatch is numbered', async () => {
    expectRule(await problemsOf((d) => { delete entry(d.documents, 'halifax-despatch').number; }), 'document type', 'halifax-despatch', 'number');
  });
  it('labels write the document\'s date in full, the same as its date', async () => {
    expectRule(await problemsOf((d) => { cable(d).label = 'Maiskii to Narkomindel, 16 Oct. 1939'; }), 'label style', 'maiskii-cable', "'Oct.'");
    expectRule(await problemsOf((d) => { cable(d).label = 'Maiskii to Narkomindel, 15 October 1939'; }), 'label style', 'maiskii-cable', '16 October 1939');
    await expect(built((d) => Object.assign(cable(d), { date: '1939-10-16/1939-10-17', label: 'Maiskii to Narkomindel, 16–17 October 1939' }))).resolves.toBeDefined();
  });
});
