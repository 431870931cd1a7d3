// The documents list by archive: archive -> series -> piece, then the printed
// collections by volume, then the rest. One grouping over a key accessor, so
// that the same code orders a whole (or filtered) list by the rows' indices
// and their columns (listColumns.ts), and groups the full rows of one page.

import { groupBy } from './common.js';

/** The row values the grouping reads (a document row's `extra`). */
export const DOCUMENT_FIELDS = ['archive', 'archiveLabel', 'series', 'piece', 'published', 'publishedLabel', 'pages'] as const;
export type DocumentField = typeof DOCUMENT_FIELDS[number];

export interface DocumentGroup<T> {
  archive: { label: string; iri?: string };
  series: { label: string; iri?: string; pieces: { label: string; rows: T[] }[] }[];
}

const byLabel = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Archive -> series -> piece, then the printed collections by volume; items in each in the order given (by date). */
export function groupDocuments<T>(items: T[], field: (item: T, name: DocumentField) => string | undefined): DocumentGroup<T>[] {
  const isArchived = (item: T) => Boolean(field(item, 'archiveLabel') || field(item, 'series'));
  const archived = items.filter(isArchived);
  const printed = items.filter((item) => !isArchived(item) && field(item, 'publishedLabel'));
  const rest = items.filter((item) => !isArchived(item) && !field(item, 'publishedLabel'));
  const firstPage = (item: T) => Number.parseInt(field(item, 'pages') ?? '', 10) || 0;
  const out: DocumentGroup<T>[] = [];
  for (const [archive, list] of groupBy(archived, (item) => field(item, 'archive') ?? '')) {
    out.push({
      archive: { label: field(list[0], 'archiveLabel') ?? 'Archive not stated', iri: archive || undefined },
      series: [...groupBy(list, (item) => field(item, 'series') ?? 'Series not stated')].sort(([a], [b]) => byLabel(a, b)).map(([series, inSeries]) => ({
        label: series,
        pieces: [...groupBy(inSeries, (item) => field(item, 'piece') ?? '')].sort(([a], [b]) => byLabel(a, b))
          .map(([piece, inPiece]) => ({ label: piece ? `${series}/${piece}` : `${series}, piece not stated`, rows: inPiece })),
      })),
    });
  }
  if (printed.length) {
    out.push({
      archive: { label: 'Printed in published collections' },
      series: [...groupBy(printed, (item) => field(item, 'publishedLabel')!)].sort(([a], [b]) => byLabel(a, b)).map(([label, list]) => ({
        label,
        pieces: [{ label, rows: [...list].sort((a, b) => firstPage(a) - firstPage(b)) }],
        iri: field(list[0], 'published'),
      })),
    });
  }
  if (rest.length) out.push({ archive: { label: 'Known from other sources (memoirs, newspapers, the article itself)' }, series: [{ label: 'Other', pieces: [{ label: 'Other', rows: rest }] }] });
  return out;
}

/** The items in the order the grouping shows them. */
export function flattenDocuments<T>(groups: DocumentGroup<T>[]): T[] {
  return groups.flatMap((archive) => archive.series.flatMap((series) => series.pieces.flatMap((piece) => piece.rows)));
}
