// The named graphs a release consists of, as its VoID names them (each subset's
// sd:name), and the graph the VoID description itself is served in. A store that
// holds other graphs too (a triple store's own, or the next release during a
// reload) is queried on exactly these.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { DUMP_FILES } from '../build/pipeline.js';
import { ns } from '../model/namespaces.js';
import { type Manifest } from './loadDataset.js';

export function voidGraph(manifest: Pick<Manifest, 'baseIri'>): string {
  return `${manifest.baseIri}graph/void`;
}

/**
 * The size of each named graph as the release's VoID states it (a subset's
 * sd:name and void:triples), read from the file: the build counts them, so a
 * server need not count 30 M quads again (10 s at 1,000 articles on Virtuoso)
 * for its service description and sitemap. Graphs without a stated size are left out.
 */
export function statedGraphSizes(dist: string): Map<string, number> {
  const file = join(dist, DUMP_FILES.void);
  if (!existsSync(file)) return new Map();
  const names = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (const quad of new Parser().parse(readFileSync(file, 'utf8'))) {
    if (quad.predicate.value === ns.sd('name') && quad.object.termType === 'NamedNode') names.set(quad.subject.value, quad.object.value);
    if (quad.predicate.value === ns.void('triples') && quad.object.termType === 'Literal') sizes.set(quad.subject.value, Number(quad.object.value));
  }
  return new Map([...names].filter(([subset]) => Number.isInteger(sizes.get(subset))).map(([subset, graph]) => [graph, sizes.get(subset)!]));
}

export function releaseGraphs(dist: string, manifest: Pick<Manifest, 'baseIri'>): string[] {
  const graphs = new Set<string>();
  const file = join(dist, DUMP_FILES.void);
  if (existsSync(file)) {
    for (const quad of new Parser().parse(readFileSync(file, 'utf8'))) {
      if (quad.predicate.value === ns.sd('name') && quad.object.termType === 'NamedNode') graphs.add(quad.object.value);
    }
  }
  graphs.add(voidGraph(manifest));
  return [...graphs].sort();
}
