// works (published sources) and documents (primary sources).

import { DataFactory } from 'n3';
import { withoutLanguageSuffix } from '../../languages.js';
import { ns } from '../../../model/namespaces.js';
import { type EntryCompiler } from '../entry.js';

const { literal } = DataFactory;

export const WORK_CLASS = {
  'book': 'Book',
  'diary': 'Diary',
  'memoir': 'Memoir',
  'journal-article': 'JournalArticle',
  'chapter': 'Chapter',
  'journal': 'Journal',
  'newspaper': 'Newspaper',
  'document-collection': 'DocumentCollection',
  'collection-volume': 'CollectionVolume',
  'manuscript': 'Manuscript',
} as const;

export const DOCUMENT_CLASS = {
  'cable': 'Cable',
  'despatch': 'Despatch',
  'letter': 'Letter',
  'minute': 'Minute',
  'memorandum': 'Memorandum',
  'note': 'Note',
  'communication': 'Communication',
  'journal-entry': 'JournalEntry',
  'diary-entry': 'DiaryEntry',
  'record-of-conversation': 'RecordOfConversation',
  'cabinet-conclusions': 'CabinetConclusions',
  'speech': 'Speech',
  'declaration': 'Declaration',
  'report': 'Report',
} as const;

/** Fields shared by works and documents. */
function bibliographic(e: EntryCompiler): void {
  e.refs('creators', ns.dcterms('creator'));
  e.refs('partOf', ns.dcterms('isPartOf'));
  e.dates();
  e.text('pages', ns.dly('pages'));
  e.passages();
  e.footnotes();
  e.common();
}

export function compileWork(e: EntryCompiler): void {
  const type = e.oneOf('type', Object.keys(WORK_CLASS) as (keyof typeof WORK_CLASS)[]);
  if (type) e.type(ns.dly(WORK_CLASS[type]));
  const title = e.text('title', ns.dcterms('title'));
  e.labels({ fallback: title ?? volumeLabel(e) });
  e.texts('shortTitles', ns.dly('shortTitle'));
  e.refs('editors', ns.dly('editor'));
  e.text('publisher', ns.dly('publisherName'));
  e.text('publicationPlace', ns.dly('publicationPlace'));
  e.text('volume', ns.dly('volume'));
  e.text('issue', ns.dly('issue'));
  e.text('book', ns.dly('book'));
  bibliographic(e);
}

export function compileDocument(e: EntryCompiler): void {
  const type = e.oneOf('type', Object.keys(DOCUMENT_CLASS) as (keyof typeof DOCUMENT_CLASS)[]);
  if (type) e.type(ns.dly(DOCUMENT_CLASS[type]));
  e.labels();
  e.text('title', ns.dcterms('title'));
  e.refs('recipients', ns.dly('recipient'));
  e.refs('probableCreator', ns.dly('probableCreator'));
  e.text('attributionNote', ns.dly('attributionNote'));
  e.concepts('side', ns.dly('side'), 'side');
  e.text('number', ns.dly('documentNumber'));
  e.concepts('classification', ns.dly('classification'), 'classification');
  e.refs('archive', ns.dly('archive'));
  const series = e.text('series', ns.dly('archivalSeries'));
  const piece = e.text('piece', ns.dly('archivalPiece'));
  if (series && piece) e.add(ns.dly('archivalReference'), literal(`${series}/${piece}`), 'piece');
  e.text('typeBasis', ns.dly('typeBasis'));
  e.text('registry', ns.dly('registryNumber'));
  // printed / inherited are worked out from the footnotes (checks/citations.ts);
  // a curator says only when a docket was inferred, and how.
  e.oneOf('registryBasis', ['inferred'] as const);
  e.text('registryNote', ns.dly('registryNumberNote'));
  e.refs('publishedIn', ns.dly('publishedIn'));
  e.refs('firstPublishedIn', ns.dly('firstPublishedIn'));
  e.refs('knownFrom', ns.dly('knownFrom'));
  bibliographic(e);
}

/** "DVP, vol. XXII, bk. 2" for a volume without a title of its own. */
function volumeLabel(e: EntryCompiler): string | undefined {
  const { partOf, volume, book } = e.data;
  if (volume === undefined || volume === null) return undefined;
  const parent = typeof partOf === 'string' ? e.ctx.lookup(partOf)?.data : undefined;
  const shortTitles = parent?.shortTitles;
  const name = (Array.isArray(shortTitles) && typeof shortTitles[0] === 'string' ? shortTitles[0] : undefined)
    ?? (typeof parent?.title === 'string' ? withoutLanguageSuffix(parent.title) : String(partOf ?? ''));
  return `${name}, vol. ${volume}${book !== undefined && book !== null ? `, bk. ${book}` : ''}`;
}
