// Compiles data/links/: each link becomes skos:exactMatch or skos:closeMatch on
// the entity plus a dly:WikidataLink node holding its evidence. Candidates are
// checked (they must name real entities and not be linked already) but publish
// nothing.

import { DataFactory } from 'n3';
import { type CompileContext } from '../build/compile/context.js';
import { EntryCompiler } from '../build/compile/entry.js';
import { type ExtraCollection, type LoadedFile } from '../build/compile/compileData.js';
import { type YamlMap } from '../build/source/readYaml.js';
import { lineOf } from '../build/source/readYaml.js';
import { mint } from '../model/iri.js';
import { ns } from '../model/namespaces.js';

const { namedNode, literal } = DataFactory;
export const WIKIDATA_ENTITY = 'http://www.wikidata.org/entity/';
const QID = /^Q[1-9][0-9]*$/;

export function linkIri(entity: string, qid: string): string {
  return mint('link', `${entity}-${qid.toLowerCase()}`);
}

const linkedEntities = new WeakMap<CompileContext, Set<string>>();

export const compileLinks: ExtraCollection = (ctx: CompileContext, file: LoadedFile, entries: YamlMap[], graph: string) => {
  const linked = linkedEntities.get(ctx) ?? new Set<string>();
  linkedEntities.set(ctx, linked);
  for (const data of entries) {
    const entity = typeof data.entity === 'string' ? data.entity : '';
    const qid = typeof data.qid === 'string' ? data.qid : '';
    const location = { file: file.display, line: lineOf(data) };
    const target = ctx.lookup(entity);
    if (!target) { ctx.problem(location, entity || '(link)', 'known reference', `the link names '${entity}', which is not defined in data/`); continue; }
    if (!QID.test(qid)) { ctx.problem(location, entity, 'Wikidata QID', `'${qid}' is not a Wikidata item id (Q followed by digits)`); continue; }
    const subject = linkIri(entity, qid);
    const e = new EntryCompiler(ctx, data, subject, `${entity} → ${qid}`, file.display, graph);
    e.skip('entity', 'qid');
    const match = e.oneOf('match', ['exact', 'close'] as const, 'exact')!;
    const property = match === 'exact' ? ns.skos('exactMatch') : ns.skos('closeMatch');
    const item = namedNode(`${WIKIDATA_ENTITY}${qid}`);
    e.add(property, item, 'qid', target.iri);
    e.type(ns.dly('WikidataLink'));
    e.add(ns.rdfs('label'), literal(`${entity} ${match === 'exact' ? '=' : '≈'} Wikidata ${qid}`));
    e.add(ns.dly('linkSubject'), namedNode(target.iri), 'entity');
    e.add(ns.dly('linkTarget'), item, 'qid');
    e.add(ns.dly('linkProperty'), namedNode(property), 'match');
    e.text('wikidataLabel', ns.dly('wikidataLabel'));
    e.text('wikidataDates', ns.dly('wikidataDates'));
    e.text('note', ns.skos('note'));
    const evidence = e.mappings('evidence')[0];
    if (evidence) {
      const ev = new EntryCompiler(ctx, evidence, subject, `${entity} → ${qid} (evidence)`, file.display, graph);
      ev.text('method', ns.dly('matchMethod'));
      ev.typed('checked', ns.dcterms('date'), ns.xsd('date'));
      ev.text('source', ns.dly('evidenceSource'));
      ev.text('record', ns.dly('evidenceRecord'));
      ev.finish();
    }
    e.finish();
    linked.add(entity);
  }
};

export const compileCandidates: ExtraCollection = (ctx, file, entries) => {
  const linked = linkedEntities.get(ctx) ?? new Set<string>();
  for (const data of entries) {
    const entity = typeof data.entity === 'string' ? data.entity : '';
    const location = { file: file.display, line: lineOf(data) };
    if (!ctx.lookup(entity)) ctx.problem(location, entity || '(candidate)', 'known reference', `the candidate names '${entity}', which is not defined in data/`);
    else if (linked.has(entity)) ctx.problem(location, entity, 'candidate or link', `'${entity}' is already linked in wikidata.yaml; remove it from the candidates`);
  }
};

export const LINK_COLLECTIONS = { links: compileLinks, candidates: compileCandidates };
