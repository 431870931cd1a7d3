// people, groups, organisations and posts.

import { DataFactory } from 'n3';
import { ns } from '../../../model/namespaces.js';
import { childIri, type EntryCompiler } from '../entry.js';

const { namedNode, literal } = DataFactory;

const PERSON_CLASS = {
  actor: 'HistoricalActor',
  writer: 'ContemporaryWriter',
  scholar: 'Scholar',
  figure: 'HistoricalFigure',
} as const;

export function compilePerson(e: EntryCompiler): void {
  const role = e.oneOf('role', Object.keys(PERSON_CLASS) as (keyof typeof PERSON_CLASS)[], 'actor')!;
  e.type(ns.dly(PERSON_CLASS[role]));
  e.labels({ skos: true });
  e.concepts('side', ns.dly('side'), 'side');
  if (e.boolean('unnamed')) e.add(ns.dly('isUnnamed'), literal('true', namedNode(ns.xsd('boolean'))), 'unnamed');
  e.passages();
  e.footnotes();
  e.common();
  e.mappings('offices').forEach((office, index) => {
    const post = typeof office.post === 'string' ? office.post : `${index + 1}`;
    const holding = childIri(e.subject, `office-${post}`);
    const h = e.nested(office, holding, `${e.entity} (office ${post})`);
    h.type(ns.dly('OfficeHolding'));
    h.add(ns.dly('holder'), namedNode(e.subject));
    const [postIri] = h.refs('post', ns.dly('post'));
    const postEntry = typeof office.post === 'string' ? e.ctx.lookup(office.post) : undefined;
    const organisation = postEntry?.data.organisation;
    if (typeof organisation === 'string') {
      const org = e.ctx.lookup(organisation);
      if (org) h.add(ns.dly('organisation'), namedNode(org.iri));
    }
    const postLabel = typeof postEntry?.data.label === 'string' ? postEntry.data.label : post;
    const personLabel = typeof e.data.label === 'string' ? e.data.label : e.entity;
    h.add(ns.rdfs('label'), literal(`${personLabel}: ${postLabel}`));
    h.dates();
    h.passages();
    h.footnotes();
    h.common();
    h.finish();
    if (postIri) e.add(ns.dly('heldOffice'), namedNode(holding), 'offices');
  });
}

export function compileGroup(e: EntryCompiler): void {
  e.type(ns.dly('Group'));
  e.labels({ skos: true });
  e.concepts('side', ns.dly('side'), 'side');
  e.refs('memberOf', ns.org('memberOf'));
  e.passages();
  e.footnotes();
  e.common();
}

export function compileOrganisation(e: EntryCompiler): void {
  e.type(ns.dly('Organisation'));
  e.labels({ skos: true });
  e.concepts('type', ns.dly('organisationType'), 'organisation-type');
  e.refs('partOf', ns.dcterms('isPartOf'));
  e.concepts('side', ns.dly('side'), 'side');
  e.refs('location', ns.dly('location'));
  e.passages();
  e.footnotes();
  e.common();
}

export function compilePost(e: EntryCompiler): void {
  e.type(ns.dly('Post'));
  e.labels({ skos: true });
  e.refs('organisation', ns.dly('organisation'));
  e.refs('location', ns.dly('location'));
  e.concepts('side', ns.dly('side'), 'side');
  e.passages();
  e.footnotes();
  e.common();
}
