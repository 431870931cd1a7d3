// Concept schemes (vocabulary/*.yaml) and an article's topics.

import { DataFactory } from 'n3';
import { ns } from '../../../model/namespaces.js';
import { type EntryCompiler } from '../entry.js';

const { namedNode } = DataFactory;

export function compileScheme(e: EntryCompiler): void {
  e.type(ns.skos('ConceptScheme'));
  e.labels({ skos: true });
  e.text('description', ns.dcterms('description'));
  e.skip('id', 'concepts');
}

export function compileConcept(e: EntryCompiler, schemeIri: string): void {
  e.type(ns.skos('Concept'));
  e.labels({ skos: true });
  e.text('description', ns.skos('definition'));
  e.text('note', ns.skos('editorialNote'));
  e.add(ns.skos('inScheme'), namedNode(schemeIri));
  e.add(ns.skos('topConceptOf'), namedNode(schemeIri));
  e.add(ns.skos('hasTopConcept'), namedNode(e.subject), undefined, schemeIri);
}
