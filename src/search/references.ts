// References a historian types, read into exact keys: archival references
// ("FO 371/23683", "FO 371 23683"), registry numbers ("N5342/92/38"), a footnote
// ("fn 38", "footnote 38", "n. 38"), a paragraph ("II.26", "§ II.26"), a
// Wikidata item ("Q134949"), and a volume and page of a printed collection
// ("DVP XXII/2 190", "DVP vol. 22, bk. 2, p. 190").

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

export function romanToNumber(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const text = value.toLowerCase();
  if (!/^[ivxlc]+$/.test(text)) return undefined;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const here = ROMAN[text[i]];
    const next = ROMAN[text[i + 1]] ?? 0;
    total += here < next ? -here : here;
  }
  return total;
}

/** A reference key: lower case, no spaces, one kind of dash. */
export function referenceKey(text: string): string {
  return text.toLowerCase().replace(/[\s.]+/g, '').replace(/[–—]/g, '-');
}

/** Page numbers as printed ("190–1", "582–83", "647") to a range. */
export function pageRange(pages: string): { from: number; to: number } | undefined {
  const match = /^(\d+)(?:\s*[-–]\s*(\d+))?/.exec(pages.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  if (!match[2]) return { from, to: from };
  // "190–1" is 190–191: the second number replaces the last digits of the first.
  const tail = match[2];
  const to = tail.length < match[1].length ? Number(match[1].slice(0, match[1].length - tail.length) + tail) : Number(tail);
  return { from, to: Math.max(from, to) };
}

export type ParsedReference =
  | { kind: 'footnote'; n: number }
  | { kind: 'paragraph'; section: string; n?: number }
  | { kind: 'qid'; qid: string }
  | { kind: 'volume'; collection: string; volume: number; book?: number; page?: number }
  | { kind: 'key'; key: string };

/** What a query may be besides words; several readings can apply. */
export function parseReferences(query: string): ParsedReference[] {
  const text = query.trim();
  const out: ParsedReference[] = [];
  const footnote = /^(?:fn|footnote|note|n)\.?\s*(\d{1,4})$/i.exec(text);
  if (footnote) out.push({ kind: 'footnote', n: Number(footnote[1]) });
  if (/^\d{1,4}$/.test(text)) out.push({ kind: 'footnote', n: Number(text) });
  const paragraph = /^(?:§\s*|section\s+)?([IVXLC]+)(?:\s*[.,]\s*|\s+(?:para(?:graph)?\.?\s*|¶\s*))(\d{1,3})$/i.exec(text) ?? /^(?:§\s*|section\s+)([IVXLC]+)$/i.exec(text);
  if (paragraph) out.push({ kind: 'paragraph', section: paragraph[1].toUpperCase(), n: paragraph[2] ? Number(paragraph[2]) : undefined });
  const qid = /^(?:wd:)?(Q\d+)$/i.exec(text);
  if (qid) out.push({ kind: 'qid', qid: qid[1].toUpperCase() });
  // "XXII/2", "XXII, bk. 2", or "XXII 2 190" (a small number between volume and page is the book).
  const volume = /^([A-Za-z][A-Za-z .]*?)\s*,?\s*(?:vol(?:ume)?\.?\s*)?([IVXLC]+|\d{1,3})(?:\s*(?:\/|,?\s*(?:bk|book|kn|kniga|pt|part)\.?)\s*(\d{1,2})|\s+(\d{1,2})(?=\s*[,:]?\s*(?:pp?\.?\s*)?\d))?(?:\s*[,:]?\s*(?:pp?\.?|page)?\s*(\d{1,4}))?$/i.exec(text);
  if (volume && romanToNumber(volume[2]) !== undefined && !/^(fn|footnote|note|n|section|q)$/i.test(volume[1].trim())) {
    const book = volume[3] ?? volume[4];
    out.push({ kind: 'volume', collection: referenceKey(volume[1]), volume: romanToNumber(volume[2])!, book: book ? Number(book) : undefined, page: volume[5] ? Number(volume[5]) : undefined });
  }
  // An archival or registry reference: letters and digits with slashes ("FO 371/23683", "N5342/92/38", "FO 371 23683").
  if (/\d/.test(text) && /^[A-Za-z]{0,4}\s*[\d/ .-]+$/.test(text)) {
    out.push({ kind: 'key', key: referenceKey(text.replace(/^([A-Za-z]+\s*\d+)\s+(\d+)$/, '$1/$2')) });
  }
  return out;
}
