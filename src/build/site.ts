// The dataset's presentation settings (data/dataset.yaml): titles, citation,
// licence, the period the views show and the two sides whose accounts they compare.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readYamlFile, lineOf } from './source/readYaml.js';
import { DataError } from './errors.js';

export interface SiteSettings {
  title: string;
  name: string;
  subtitle: string;
  description: string;
  citation: string;
  licence: string;
  licenceLabel: string;
  period: { from: string; focus: string; to: string };
  comparedSides: [string, string];
}

const REQUIRED = ['title', 'name', 'subtitle', 'description', 'citation', 'licence', 'licenceLabel', 'period', 'comparedSides'] as const;

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
  if (problems.length > 0) throw new DataError(problems);
  return { ...(site as unknown as SiteSettings), period: { from: String(period!.from), focus: String(period!.focus), to: String(period!.to) } };
}
