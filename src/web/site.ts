// The presentation settings of the dataset being served (data/dataset.yaml, via
// the build's manifest). Set once when the server starts.

import { type SiteSettings } from '../build/site.js';

const FALLBACK: SiteSettings = {
  title: 'Linked-data edition', name: 'Delicacy', subtitle: '', description: '', citation: '', licence: 'https://creativecommons.org/licenses/by/4.0/',
  licenceLabel: 'CC BY 4.0', licenceId: 'CC-BY-4.0', language: 'en', creators: [], publisher: { name: 'Delicacy', type: 'organisation' }, contributors: [], keywords: [], period: { from: '1900-01-01', focus: '2000-12-31', to: '2000-12-31' }, comparedSides: ['british', 'soviet'],
};

let current: SiteSettings = FALLBACK;

export function useSite(settings: SiteSettings | undefined): void {
  current = settings ?? FALLBACK;
}

export function site(): SiteSettings {
  return current;
}
