// Times the build steps that follow compilation on an existing set of quads:
// SHACL validation and writing every dump. Used to see how the build scales.

import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { readShapes, validateShapes } from '../../src/build/validate.js';
import { sortedUnique, unionTriples, writeRdf } from '../../src/build/dumps/rdfFiles.js';
import { writeJsonLd } from '../../src/build/dumps/jsonld.js';
import { datasetPrefixes } from '../../src/model/iri.js';
import { projectPath } from '../../src/model/paths.js';

export async function timeBuildSteps(nquadsFile: string, outDir: string): Promise<{ quads: number; validateMs: number; dumpsMs: number }> {
  const quads = new Parser({ format: 'N-Quads' }).parse(readFileSync(nquadsFile, 'utf8'));
  const shapes = readShapes(projectPath('shapes', 'delicacy.shapes.ttl'));
  let start = performance.now();
  await validateShapes(quads, shapes, new Map());
  const validateMs = performance.now() - start;
  mkdirSync(outDir, { recursive: true });
  start = performance.now();
  const sorted = sortedUnique(quads);
  const prefixes = datasetPrefixes();
  await writeRdf(join(outDir, 'd.nq'), sorted, 'N-Quads', prefixes);
  await writeRdf(join(outDir, 'd.trig'), sorted, 'TriG', prefixes);
  await writeRdf(join(outDir, 'd.ttl'), unionTriples(sorted), 'Turtle', prefixes);
  await writeJsonLd(join(outDir, 'd.jsonld'), sorted, prefixes);
  return { quads: quads.length, validateMs, dumpsMs: performance.now() - start };
}
