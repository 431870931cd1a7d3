// The kind table's classes hold for the built release: every entity under a
// kind's IRI space has one of its kind's classes (the lists find a kind's
// entities through them), and each class is one the ontology defines.

import { describe, expect, it } from 'vitest';
import { ENTITY_KINDS, KIND_CLASSES } from '../../src/model/iri.js';
import { baseIri, PREFIXES } from '../../src/model/namespaces.js';
import { loadDataset } from '../../src/store/loadDataset.js';
import { testDist } from '../fixtures/testDist.js';

const prefixes = Object.entries(PREFIXES).map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`).join('\n');

describe('KIND_CLASSES', () => {
  const { store } = loadDataset(testDist());
  const select = (query: string) => JSON.parse(store.query(`${prefixes}\n${query}`, { use_default_graph_as_union: true, results_format: 'json' }) as string).results.bindings as Record<string, { value: string }>[];

  it.each(ENTITY_KINDS.map((kind) => [kind]))('every %s has one of its classes, and the classes are the ontology’s', (kind) => {
    const space = JSON.stringify(`${baseIri()}id/${kind}/`);
    const entities = `?x ?p ?o FILTER(STRSTARTS(STR(?x), ${space}) && !CONTAINS(STR(?x), "#"))`;
    const untyped = select(`SELECT DISTINCT ?x WHERE { ${entities} FILTER NOT EXISTS { VALUES ?class { ${KIND_CLASSES[kind].join(' ')} } ?x a ?class } } LIMIT 5`);
    expect(untyped.map((row) => row.x.value)).toEqual([]);
    expect(select(`SELECT DISTINCT ?x WHERE { ${entities} } LIMIT 1`).length, `no ${kind} in the release`).toBe(1);
    for (const cls of KIND_CLASSES[kind].filter((c) => c.startsWith('dly:'))) {
      expect(select(`SELECT ?t WHERE { ${cls} a ?t FILTER(?t IN (owl:Class, rdfs:Class)) }`).length, cls).toBeGreaterThan(0);
    }
  });
});
