// claims (with quotations) and comparisons of accounts.

import { DataFactory } from 'n3';
import { ns } from '../../../model/namespaces.js';
import { childIri, type EntryCompiler } from '../entry.js';
import { type ArticleScope } from '../article-scope.js';

const { namedNode, literal } = DataFactory;

/** Whose account a source gives by default: its creators, else its probable creator. */
function defaultAccount(e: EntryCompiler, sourceId: string | undefined): string[] {
  const source = sourceId ? e.ctx.lookup(sourceId) : undefined;
  if (!source) return [];
  const ids = [source.data.creators, source.data.probableCreator]
    .map((value) => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]))
    .find((list) => list.length > 0) ?? [];
  return ids.flatMap((id) => {
    const found = typeof id === 'string' ? e.ctx.lookup(id) : undefined;
    return found ? [found.iri] : [];
  });
}

/** The side of a claim: that of its source document, else of whoever gives the account. */
function claimSide(e: EntryCompiler, sourceId: string | undefined, accountIds: string[]): string | undefined {
  const candidates = [sourceId, ...accountIds].map((id) => (id ? e.ctx.lookup(id)?.data.side : undefined));
  const side = candidates.find((value) => typeof value === 'string' || (Array.isArray(value) && value.length > 0));
  const id = Array.isArray(side) ? side[0] : side;
  return typeof id === 'string' ? e.ctx.concept('side', id) : undefined;
}

const CLAIM_CLASS = { source: 'SourceClaim', judgement: 'AuthorJudgement', omission: 'Omission' } as const;

export function compileClaim(e: EntryCompiler, scope: ArticleScope | undefined): void {
  const type = e.oneOf('type', Object.keys(CLAIM_CLASS) as (keyof typeof CLAIM_CLASS)[], 'source')!;
  // An omission is the article's observation that a record leaves something out:
  // a judgement of the author's about the record, never something the record says.
  const byAuthor = type !== 'source';
  e.type(ns.dly(CLAIM_CLASS[type]));
  e.labels({ key: 'text' });
  e.refs('concerns', ns.dly('concerns'));
  e.refs('agents', ns.dly('agent'));
  e.refs('addressees', ns.dly('addressee'));
  e.refs('about', ns.dly('about'));
  e.concepts('topics', ns.dly('topic'), 'topic');
  const act = e.has('act') ? String(e.data.act) : undefined;
  if (type === 'omission') {
    if (act !== undefined && act !== 'omitted') e.fail('act', 'record silence', `an omission's act is 'omitted' (leave act out); found '${act}'`);
    e.skip('act');
    e.add(ns.dly('speechAct'), namedNode(e.conceptIriOf('speech-act', 'omitted')));
    if (e.resolve('omittedFrom', e.strings('omittedFrom')).map((iri) => e.add(ns.dly('omittedFrom'), namedNode(iri), 'omittedFrom')).length === 0) {
      e.fail('omittedFrom', 'record silence', 'an omission names the record that leaves the matter out (omittedFrom: [document id])');
    }
    if (e.has('source')) e.fail('source', 'record silence', "a record's silence is not something the record says: an omission is the article's observation (no source); name the silent record in omittedFrom");
    e.skip('source');
  } else {
    if (act === 'omitted') e.fail('act', 'record silence', "a record's silence is written as type: omission with omittedFrom: [the silent record], not as something a source says or a judgement with act: omitted");
    if (e.has('omittedFrom')) e.fail('omittedFrom', 'record silence', 'omittedFrom belongs to claims of type: omission');
    e.skip('omittedFrom');
    e.concepts('act', ns.dly('speechAct'), 'speech-act');
  }
  e.concepts('certainty', ns.dly('certainty'), 'certainty');
  e.dates();

  const sourceIds = type === 'omission' ? [] : e.strings('source');
  const sources = e.resolve('source', sourceIds);
  if (sources.length === 0 && byAuthor && scope) sources.push(scope.iri);
  for (const source of sources) e.add(ns.prov('wasDerivedFrom'), namedNode(source), 'source');

  const accountIds = e.strings('account');
  let accounts = e.resolve('account', accountIds);
  if (accounts.length === 0) accounts = byAuthor ? [...(scope?.authors ?? [])] : sourceIds.flatMap((id) => defaultAccount(e, id));
  for (const account of accounts) e.add(ns.prov('wasAttributedTo'), namedNode(account), 'account');

  const side = byAuthor ? e.ctx.concept('side', 'scholarly') : claimSide(e, sourceIds[0], accountIds);
  if (side) e.add(ns.dly('side'), namedNode(side));

  e.footnotes();
  e.passages();
  e.common();
  e.mappings('quotes').forEach((quote, index) => {
    const node = childIri(e.subject, `quote-${index + 1}`);
    const q = e.nested(quote, node, `${e.entity} quote ${index + 1}`);
    q.type(ns.dly('Quotation'));
    const text = q.text('text', ns.dly('quotedText'));
    if (text) q.add(ns.rdfs('label'), literal(text));
    q.refs('speaker', ns.dly('speaker'));
    // Without its own source a quotation may come from any of the claim's sources:
    // when a footnote cites several together, the article does not say which.
    const quotedFrom = q.has('source') ? q.refs('source', ns.dly('quotedFrom')) : sources;
    if (!q.has('source')) for (const source of quotedFrom) q.add(ns.dly('quotedFrom'), namedNode(source));
    q.text('sourceBasis', ns.dly('sourceBasis'));
    q.text('note', ns.skos('note'));
    q.finish();
    e.add(ns.dly('quotation'), namedNode(node), 'quotes');
  });
}

export function compileComparison(e: EntryCompiler, scope: ArticleScope | undefined): void {
  const verdict = e.oneOf('verdict', ['differ', 'concur'] as const);
  e.type(ns.dly(verdict === 'concur' ? 'ConcurringAccounts' : 'ConflictingAccounts'));
  const [concerns] = e.refs('concerns', ns.dly('concerns'));
  const concernsId = e.data.concerns;
  const concernsLabel = typeof concernsId === 'string' ? e.ctx.lookup(concernsId)?.data.label : undefined;
  e.labels({ fallback: typeof concernsLabel === 'string' ? `Accounts compared: ${concernsLabel}` : concerns ? `Accounts compared` : undefined });
  e.concepts('kinds', ns.dly('discrepancyType'), 'discrepancy');
  e.concepts('scope', ns.dly('comparisonScope'), 'comparison-scope');
  e.refs('claims', ns.dly('comparesClaim'));
  e.text('summary', ns.dly('discrepancySummary'));
  if (scope) {
    e.add(ns.prov('wasDerivedFrom'), namedNode(scope.iri));
    for (const author of scope.authors) e.add(ns.prov('wasAttributedTo'), namedNode(author));
  }
  e.footnotes();
  e.passages();
  e.common();
}
