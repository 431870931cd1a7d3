// Where the published Wikidata links and the candidates live, and how they are read.

import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { projectPath } from '../model/paths.js';
import { type CandidateEntry, type LinkEntry } from './verify.js';

export const LINKS_FILE = projectPath('data', 'links', 'wikidata.yaml');
export const CANDIDATES_FILE = projectPath('data', 'links', 'candidates.yaml');

export function readLinks(file = LINKS_FILE): LinkEntry[] {
  return (parse(readFileSync(file, 'utf8'))?.links ?? []) as LinkEntry[];
}

/** The candidates waiting for evidence; none when the file is absent. */
export function readCandidates(file = CANDIDATES_FILE): CandidateEntry[] {
  return existsSync(file) ? (parse(readFileSync(file, 'utf8'))?.candidates ?? []) as CandidateEntry[] : [];
}
