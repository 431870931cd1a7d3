// Wires `delicacy link verify` to the data files, the built dataset (for our
// names) and the Wikidata API, and turns the outcome into an exit code.

import { writeFileSync } from 'node:fs';
import { loadDataset } from '../store/loadDataset.js';
import { select } from '../store/select.js';
import { reportMarkdown, verifyCandidates, verifyLinks, WikidataClient, WikidataUnreachableError, writeResults,
  type NameIndex } from './verify.js';
import { CANDIDATES_FILE, LINKS_FILE, readCandidates, readLinks } from './linkFiles.js';

export interface VerifyOptions {
  api: string;
  dist: string;
  write: boolean;
  report?: string;
  only?: 'links' | 'candidates';
  linksFile?: string;
  candidatesFile?: string;
  today?: string;
  log?: (line: string) => void;
}

/** Every name (label and variants) of our entities, by id. */
export function nameIndex(dist: string): NameIndex {
  const { store } = loadDataset(dist);
  const index: NameIndex = new Map();
  for (const row of select(store, `SELECT ?e ?name WHERE { ?e rdfs:label|skos:altLabel ?name . FILTER(CONTAINS(STR(?e), "/id/")) FILTER(!CONTAINS(STR(?e), "#")) }`)) {
    const id = row.e!.split('/').pop()!;
    index.set(id, [...(index.get(id) ?? []), row.name!]);
  }
  return index;
}

export async function runLinkVerify(options: VerifyOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const linksFile = options.linksFile ?? LINKS_FILE;
  const candidatesFile = options.candidatesFile ?? CANDIDATES_FILE;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const links = readLinks(linksFile);
  const candidates = readCandidates(candidatesFile);
  const names = nameIndex(options.dist);
  const client = new WikidataClient(options.api);
  let linkReports;
  let candidateReports;
  try {
    linkReports = options.only === 'candidates' ? [] : await verifyLinks(client, links, names);
    candidateReports = options.only === 'links' ? [] : await verifyCandidates(client, candidates, names, today);
  } catch (error) {
    if (error instanceof WikidataUnreachableError) {
      log(`Wikidata is not reachable (${error.message}); nothing was checked or changed. Run this on a machine that is online.`);
      return 6;
    }
    throw error;
  }
  const markdown = reportMarkdown(linkReports, candidateReports, today);
  log(markdown);
  if (options.report) writeFileSync(options.report, markdown);
  if (options.write) writeResults(linksFile, candidatesFile, linkReports, candidateReports, today);
  return linkReports.some((r) => r.status !== 'confirmed') ? 5 : 0;
}
