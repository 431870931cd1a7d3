// Language tags: every text literal of the built dataset carries one; text in
// another language or script says so ("Майский@ru"); the build stops a tag that
// does not fit its text's script, text with no tag, and a property of ours that
// does not declare whether it holds text or codes.

import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Parser } from 'n3';
import { compileAndValidate } from '../../src/build/pipeline.js';
import { ValidationError } from '../../src/build/errors.js';
import { textProperties } from '../../src/build/languages.js';
import { ns } from '../../src/model/namespaces.js';
import { projectPath } from '../../src/model/paths.js';
import { loadDataset } from '../../src/store/loadDataset.js';
import { entry, writeMiniData, type MiniData } from '../fixtures/miniData.js';
import { testDist } from '../fixtures/testDist.js';

async function languageProblems(mutate: (data: MiniData) => void, ontologyFile?: string) {
  try {
    await compileAndValidate({ dataDir: writeMiniData(mutate), ontologyFile });
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.filter((p) => p.rule === 'language tag' || p.rule === 'declared range');
    throw error;
  }
  return [];
}

describe('language tags', () => {
  it('are on every text literal of the built dataset, and a work in French has its titles in French', () => {
    const ontology = new Parser().parse(readFileSync(projectPath('ontology', 'delicacy.ttl'), 'utf8'));
    const text = [...textProperties(ontology).text];
    const { store } = loadDataset(testDist());
    const query = (q: string) => JSON.parse(store.query(q, { use_default_graph_as_union: true, results_format: 'json' }) as string).results.bindings;
    const values = text.map((p) => `<${p}>`).join(' ');
    const untagged = query(`SELECT ?s ?p ?o WHERE { VALUES ?p { ${values} } ?s ?p ?o FILTER (isLiteral(?o) && lang(?o) = "") } LIMIT 5`);
    expect(untagged.map((b: Record<string, { value: string }>) => `${b.s.value} ${b.p.value} ${b.o.value}`)).toEqual([]);
    const tagged = query(`SELECT (COUNT(*) AS ?n) WHERE { VALUES ?p { ${values} } ?s ?p ?o FILTER (lang(?o) != "") }`);
    expect(Number(tagged[0].n.value)).toBeGreaterThan(4000);
    // A text property of ours (declared rdf:langString in the ontology) and a sub-property of skos:editorialNote.
    expect(text).toContain(ns.dly('discrepancySummary'));
    expect(text).toContain(ns.dly('dateNote'));
    const french = query(`SELECT ?title WHERE { ?w <${ns.dcterms('title')}> ?title FILTER (lang(?title) = "fr" && CONTAINS(?title, "drôle de guerre")) }`);
    expect(french).toHaveLength(1);
    expect(french[0].title.value).not.toContain('@');
  });

  it('take the language a text gives itself, and the data\'s language otherwise', async () => {
    const dir = writeMiniData((d) => { entry(d.people, 'maiskii').altLabels = ['Maisky', 'Майский@ru', 'Maĭskiĭ@ru-Latn']; });
    const { quads } = await compileAndValidate({ dataDir: dir });
    const alt = quads.filter((q) => q.predicate.value === ns.skos('altLabel') && q.subject.value.endsWith('/person/maiskii'))
      .map((q) => `${q.object.value}@${(q.object as { language: string }).language}`).sort();
    expect(alt).toEqual(['Maisky@en', 'Maĭskiĭ@ru-latn', 'Майский@ru']); // tags compare case-insensitively; N3.js writes them in lower case
  });

  it('stop text in another script without a tag, naming the file, the entity and the rule', async () => {
    const problems = await languageProblems((d) => { entry(d.people, 'maiskii').altLabels = ['Майский']; });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ entity: 'maiskii', rule: 'language tag' });
    expect(problems[0].location.file).toMatch(/entries\.yaml$/);
    expect(problems[0].message).toContain('Майский@ru');
  });

  it('stop a tag that does not fit the script of its text', async () => {
    const problems = await languageProblems((d) => { entry(d.people, 'maiskii').altLabels = ['Maiskii@ru', 'Майский@en']; });
    expect(problems.map((p) => p.rule)).toEqual(['language tag', 'language tag']);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/tagged @ru but written in Latin script \(romanised text takes a script subtag: @ru-Latn\)/);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/tagged @en but written in Cyrillic script/);
  });

  it('stop a property of ours that holds strings without saying whether they are text or codes', async () => {
    const ontology = readFileSync(projectPath('ontology', 'delicacy.ttl'), 'utf8').replace(/(dly:archivalPiece a owl:DatatypeProperty ;[\s\S]*?) ;\s*rdfs:range xsd:string \./, '$1 .');
    expect(ontology).not.toMatch(/dly:archivalPiece[^.]*rdfs:range/);
    const file = join(tmpdir(), `delicacy-ontology-${process.pid}.ttl`);
    writeFileSync(file, ontology);
    const problems = await languageProblems(() => undefined, file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ entity: 'halifax-despatch', rule: 'declared range' });
    expect(problems[0].message).toContain('dly:archivalPiece');
  });
});
