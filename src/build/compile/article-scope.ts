// What entries inside an article's folder can point at: its paragraphs (passages)
// and its footnote marks. Built from the `article:` entry's paragraph index.

import { mint } from '../../model/iri.js';

export class ArticleScope {
  readonly iri: string;
  /** 'II.19' -> paragraph IRI */
  private readonly paragraphs = new Map<string, string>();
  /** footnote number -> the paragraph key that carries its mark */
  readonly footnoteMarks = new Map<number, string>();
  readonly authors: string[] = [];

  constructor(readonly id: string, readonly folder: string) {
    this.iri = mint('work', id);
  }

  addParagraph(key: string): string {
    const iri = mint('passage', this.id, key);
    this.paragraphs.set(key, iri);
    return iri;
  }

  paragraphIri(key: string): string | undefined {
    return this.paragraphs.get(key);
  }

  footnoteIri(number: number): string | undefined {
    return Number.isInteger(number) && this.footnoteMarks.has(number) ? mint('footnote', this.id, String(number)) : undefined;
  }
}
