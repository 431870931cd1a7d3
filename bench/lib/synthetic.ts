// Synthetic datasets at k times our size with the same shape: the article's graph
// (people, documents, claims with provenance, footnotes...) and the links graph
// are copied k-1 more times with every entity IRI renamed (person/maiskii ->
// person/s7-maiskii); the ontology and the shared vocabulary stay single.

import { createReadStream, createWriteStream, mkdirSync, copyFileSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { join } from 'node:path';
import { DUMP_FILES } from '../../src/build/pipeline.js';
import { STATISTICS_FILE } from '../../src/query/normalise/statistics.js';

const ENTITY = /https:\/\/w3id\.org\/delicacy\/id\/(?!concept\/)([a-z]+)\/([^>#\s]+)/g;

export async function syntheticDist(source: string, factor: number, target: string): Promise<{ quads: number }> {
  mkdirSync(target, { recursive: true });
  const out = createWriteStream(join(target, DUMP_FILES.nquads));
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(join(source, DUMP_FILES.nquads)) })) if (line) lines.push(line);
  const copied = lines.filter((l) => !/graph\/(ontology|vocabulary)>\s*\.$/.test(l));
  let quads = 0;
  const write = async (text: string) => { if (!out.write(text)) await once(out, 'drain'); };
  for (const line of lines) { await write(`${line}\n`); quads++; }
  for (let k = 1; k < factor; k++) {
    const chunk: string[] = [];
    for (const line of copied) {
      const renamed = line.replace(ENTITY, (_m, kind, rest) => `https://w3id.org/delicacy/id/${kind}/s${k}-${rest}`);
      if (renamed !== line) chunk.push(renamed); // a quad naming no entity (a topic's label) stays single
    }
    await write(`${chunk.join('\n')}\n`);
    quads += chunk.length;
  }
  out.end();
  await once(out, 'finish');
  const manifest = JSON.parse(readFileSync(join(source, DUMP_FILES.manifest), 'utf8'));
  writeFileSync(join(target, DUMP_FILES.manifest), JSON.stringify({ ...manifest, quads, dumps: [], version: `${manifest.version}-x${factor}` }, null, 2));
  copyFileSync(join(source, DUMP_FILES.void), join(target, DUMP_FILES.void));
  copyFileSync(join(source, DUMP_FILES.context), join(target, DUMP_FILES.context));
  // The query normaliser's statistics: every count grows about k-fold, which leaves their order (all it uses) as it is.
  if (existsSync(join(source, STATISTICS_FILE))) copyFileSync(join(source, STATISTICS_FILE), join(target, STATISTICS_FILE));
  return { quads };
}
