// The two sides whose accounts the dataset compares (data/dataset.yaml), with
// their labels from the side vocabulary.

import { type Lookup } from '../../engine/lookup.js';
import { conceptIri } from '../../model/iri.js';
import { site } from '../site.js';
import { iriTerm } from './common.js';

export interface Side { iri: string; label: string }

const cache = new WeakMap<Lookup, Promise<Side[]>>();

export function comparedSides(lookup: Lookup): Promise<Side[]> {
  let found = cache.get(lookup);
  if (!found) {
    found = Promise.all(site().comparedSides.map(async (id) => {
      const iri = conceptIri('side', id);
      const [row] = await lookup.select(`SELECT ?label WHERE { ${iriTerm(iri)} skos:prefLabel ?label }`);
      return { iri, label: row?.label ?? id };
    }));
    cache.set(lookup, found);
    found.catch(() => cache.delete(lookup));
  }
  return found;
}
