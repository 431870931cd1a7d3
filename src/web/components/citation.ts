// A footnote's citation in the article's manner, rebuilt from its items: "Ibid."
// where the article says ibid., the short title where it uses one, and the full
// reference (archive and file, or the printed collection and pages) otherwise.

import { type CitationItemView } from '../data/entity.js';

export function citationItemText(item: CitationItemView): string {
  const locator = item.locator ? `, ${item.locator}` : '';
  switch (item.formId) {
    case 'ibid': return `Ibid.${locator}`;
    case 'idem': return `Idem, ${item.cites.label}${locator}`;
    case 'short-title': return `${item.shortTitle ?? item.cites.label}${locator}`;
    case 'cited-above': return `${item.cites.label}, cited above${locator}`;
    default: return [item.cites.label + locator, item.reference, item.published].filter(Boolean).join(', ');
  }
}

export function citationText(items: CitationItemView[]): string {
  return `${items.map(citationItemText).join('; ')}.`.replace(/\.\.$/, '.');
}
