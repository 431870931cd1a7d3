// The dataset's presentation settings (data/dataset.yaml): titles, citation,
// licence, the period the views show and the two sides whose accounts they compare.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readYamlFile, lineOf } from './source/readYaml.js';
import { DataError } from './errors.js';

/** A person or organisation credited for the dataset. */
export interface Agent {
  name: string;
  type: 'person' | 'organisation';
  url?: string;
  orcid?: string;
  /** Id of the agent's entry in the data, if it has one. */
  entity?: string;
  /** DataCite contributor type (contributors only). */
  role?: string;
  note?: string;
}

export interface SiteSettings {
  title: string;
  name: string;
  subtitle: string;
  description: string;
  citation: string;
  licence: string;
  licenceLabel: string;
  /** SPDX identifier of the data licence. */
  licenceId: string;
  /** BCP 47 tag of the language the data is written in. */
  language: string;
  creators: Agent[];
  publisher: Agent;
  contributors: Agent[];
  keywords: string[];
  period: { from: string; focus: string; to: string };
  comparedSides: [string, string];
}

const REQUIRED = ['title', 'name', 'subtitle', 'description', 'citation', 'licence', 'licenceLabel', 'licenceId', 'language', 'creators', 'publisher', 'period', 'comparedSides'] as const;

/** Problems with an agent entry: a name, a known type, well-formed identifiers. */
function agentProblems(agent: unknown, where: string): string[] {
  if (typeof agent !== 'object' || agent === null || Array.isArray(agent)) return [`${where} must be a mapping with a name`];
  const a = agent as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof a.name !== 'string' || !a.name.trim()) problems.push(`${where} needs a name`);
  if (a.type !== 'person' && a.type !== 'organisation') problems.push(`${where}: type must be person or organisation`);
  if (a.orcid !== undefined && !/^https:\/\/orcid\.org\/\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(String(a.orcid))) problems.push(`${where}: orcid must be https://orcid.org/NNNN-NNNN-NNNN-NNNN`);
  if (a.url !== undefined && !/^https?:\/\//.test(String(a.url))) problems.push(`${where}: url must be an http(s) URL`);
  return problems;
}

export function readSite(dataDir: string): SiteSettings {
  const file = join(dataDir, 'dataset.yaml');
  if (!existsSync(file)) throw new DataError([{ location: { file }, entity: 'dataset', rule: 'dataset settings', message: 'data/dataset.yaml is missing (title, citation, licence, period, compared sides)' }]);
  const root = readYamlFile(file, file);
  const site = root.dataset as Record<string, unknown> | undefined;
  const problems = REQUIRED.filter((key) => site?.[key] === undefined || site?.[key] === null)
    .map((key) => ({ location: { file, line: site ? lineOf(site as never) : 1 }, entity: 'dataset', rule: 'dataset settings', message: `'${key}' is required` }));
  const period = site?.period as Record<string, unknown> | undefined;
  for (const key of ['from', 'focus', 'to']) {
    if (period && !/^\d{4}-\d{2}-\d{2}$/.test(String(period[key]))) problems.push({ location: { file, line: lineOf(period as never, key) }, entity: 'dataset', rule: 'dataset settings', message: `period.${key} must be a date YYYY-MM-DD` });
  }
  const agentProblem = (message: string, key: string) => problems.push({ location: { file, line: lineOf(site as never, key) }, entity: 'dataset', rule: 'dataset settings', message });
  if (site && !Array.isArray(site.creators)) agentProblem("'creators' must be a list", 'creators');
  const creators = Array.isArray(site?.creators) ? site!.creators as unknown[] : [];
  const contributors = Array.isArray(site?.contributors) ? site!.contributors as unknown[] : [];
  if (site?.contributors !== undefined && !Array.isArray(site.contributors)) agentProblem("'contributors' must be a list", 'contributors');
  creators.forEach((agent, i) => agentProblems(agent, `creators[${i}]`).forEach((m) => agentProblem(m, 'creators')));
  contributors.forEach((agent, i) => agentProblems(agent, `contributors[${i}]`).forEach((m) => agentProblem(m, 'contributors')));
  if (site?.publisher !== undefined) agentProblems(site.publisher, 'publisher').forEach((m) => agentProblem(m, 'publisher'));
  if (site?.language !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(String(site.language))) agentProblem(`language must be a BCP 47 tag such as en, not '${site.language}'`, 'language');
  if (problems.length > 0) throw new DataError(problems);
  return {
    ...(site as unknown as SiteSettings),
    contributors: contributors as Agent[],
    keywords: Array.isArray(site!.keywords) ? (site!.keywords as unknown[]).map(String) : [],
    period: { from: String(period!.from), focus: String(period!.focus), to: String(period!.to) },
  };
}
