// The named graphs a release consists of, as its VoID names them (each subset's
// sd:name), and the graph the VoID description itself is served in. A store that
// holds other graphs too (a triple store's own, or the next release during a
// reload) is queried on exactly these. The sizes and entity counts the VoID
// states for them are read in the same parse.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { DUMP_FILES } from '../build/pipeline.js';
import { ns } from '../model/namespaces.js';
import { pageEntityPattern } from '../model/iri.js';
import { type Manifest } from './loadDataset.js';

export function voidGraph(manifest: Pick<Manifest, 'baseIri'>): string {
  return `${manifest.baseIri}graph/void`;
}

/** What a server reads from a release's VoID. */
export interface ReleaseVoid {
  /** The release's named graphs (each subset's sd:name) and the VoID's own graph, sorted. */
  graphs: string[];
  /**
   * The size of each named graph as the VoID states it (a subset's sd:name and
   * void:triples): the build counts them, so a server need not count 30 M quads
   * again (10 s at 1,000 articles on Virtuoso) for its service description and
   * sitemap. Graphs without a stated size are left out.
   */
  sizes: Map<string, number>;
  /**
   * The entities with a page (isPageEntity) in each named graph, as the VoID
   * states them (a subset's void:entities under void:uriRegexPattern
   * pageEntityPattern): the sitemap index is made from them without a query.
   * Graphs without a count under that pattern (a release built before the
   * counts) are left out, and counted in the store.
   */
  entities: Map<string, number>;
}

/** The release's graphs and their stated sizes, from one parse of its VoID file (none if it has no VoID). */
export function readReleaseVoid(dist: string, manifest: Pick<Manifest, 'baseIri'>): ReleaseVoid {
  const file = join(dist, DUMP_FILES.void);
  const graphs = new Set([voidGraph(manifest)]);
  const names = new Map<string, string>();
  const stated = new Map<string, number>();
  const entityCounts = new Map<string, number>();
  const patterns = new Map<string, string>();
  if (existsSync(file)) {
    for (const quad of new Parser().parse(readFileSync(file, 'utf8'))) {
      if (quad.predicate.value === ns.sd('name') && quad.object.termType === 'NamedNode') {
        graphs.add(quad.object.value);
        names.set(quad.subject.value, quad.object.value);
      }
      if (quad.object.termType !== 'Literal') continue;
      if (quad.predicate.value === ns.void('triples')) stated.set(quad.subject.value, Number(quad.object.value));
      if (quad.predicate.value === ns.void('entities')) entityCounts.set(quad.subject.value, Number(quad.object.value));
      if (quad.predicate.value === ns.void('uriRegexPattern')) patterns.set(quad.subject.value, quad.object.value);
    }
  }
  const sizes = new Map([...names].filter(([subset]) => Number.isInteger(stated.get(subset))).map(([subset, graph]) => [graph, stated.get(subset)!]));
  const pattern = pageEntityPattern(manifest.baseIri);
  const entities = new Map([...names]
    .filter(([subset]) => patterns.get(subset) === pattern && Number.isInteger(entityCounts.get(subset)))
    .map(([subset, graph]) => [graph, entityCounts.get(subset)!]));
  return { graphs: [...graphs].sort(), sizes, entities };
}
