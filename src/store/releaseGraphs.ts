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
