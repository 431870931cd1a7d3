// The two sides whose accounts the dataset compares (data/dataset.yaml), with
// their labels from the side vocabulary.

import { perRelease, type Lookup } from '../../engine/lookup.js';
import { conceptIri } from '../../model/iri.js';
import { site } from '../site.js';
import { iriTerm } from './common.js';

export interface Side { iri: string; label: string }

/** Read once per release (a store switch may bring other labels). */
export const comparedSides: (lookup: Lookup) => Promise<Side[]> = perRelease((lookup) => Promise.all(site().comparedSides.map(async (id) => {
  const iri = conceptIri('side', id);
  const [row] = await lookup.select(`SELECT ?label WHERE { ${iriTerm(iri)} skos:prefLabel ?label }`);
  return { iri, label: row?.label ?? id };
})));
