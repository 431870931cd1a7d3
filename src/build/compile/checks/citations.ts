// Checks across footnotes that no single entry can make, and the facts they
// establish: what each "ibid." stands for must be what the preceding reference
// has; a docket repeated from the preceding item within a footnote must say how
// (ibid., or one reference printed for both); and how each document's registry
// number is known (printed, inherited through ibid., inferred) is derived here,
// from the citation items, so that it cannot disagree with them.

import { DataFactory } from 'n3';
import { type CompileContext, type Registered } from '../context.js';
import { type ArticleScope } from '../article-scope.js';
import { lineOf, type YamlMap } from '../../source/readYaml.js';
import { printsRegistry, readCitationForm, type CitationReading } from '../collections/article.js';
import { ns } from '../../../model/namespaces.js';

const { namedNode } = DataFactory;

export interface CompiledFootnote {
  scope: ArticleScope;
  n: number;
  data: YamlMap;
  file: string;
}

interface Item {
  footnote: CompiledFootnote;
  index: number;
  data: YamlMap;
  reading: CitationReading;
  sourceId?: string;
  source?: Registered;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined);

/** The value of one part of a source's reference, to compare an ibid. with. */
function part(source: Registered | undefined, sourceId: string | undefined, name: string): string | undefined {
  const data = source?.data ?? {};
  switch (name) {
    case 'registry': return text(data.registry);
    case 'piece': return text(data.piece) ? `${text(data.series) ?? ''} ${text(data.piece)}`.trim() : undefined;
    // A document printed in a collection: its volume; a work cited again: the work itself.
    case 'volume': return text(data.publishedIn) ?? (source?.kind === 'work' ? sourceId : undefined);
    default: return undefined;
  }
}

function describe(value: string | undefined): string {
  return value === undefined ? 'none' : `'${value}'`;
}

export function checkCitations(ctx: CompileContext, footnotes: CompiledFootnote[], graphOf: (folder: string) => string): void {
  const items: Item[] = [];
  const ordered = [...footnotes].sort((a, b) => a.scope.id.localeCompare(b.scope.id) || a.n - b.n);
  for (const footnote of ordered) {
    const list = Array.isArray(footnote.data.items) ? footnote.data.items : [];
    list.forEach((data, index) => {
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
      const sourceId = text(data.cites);
      items.push({ footnote, index, data, reading: readCitationForm(data), sourceId, source: sourceId ? ctx.lookup(sourceId) : undefined });
    });
  }

  const problem = (item: Item, rule: string, message: string) =>
    ctx.problem({ file: item.footnote.file, line: lineOf(item.data) }, `footnote ${item.footnote.n} item ${item.index + 1}`, rule, message);

  items.forEach((item, position) => {
    const previous = items[position - 1];
    const samePreceding = previous && previous.footnote.scope === item.footnote.scope ? previous : undefined;
    // ibid.: the preceding reference is the previous item, or the last item of the previous footnote.
    for (const name of item.reading.ibidFor) {
      if (!samePreceding) { problem(item, 'ibid matches preceding reference', 'ibid. has no preceding reference to stand for'); continue; }
      const mine = part(item.source, item.sourceId, name);
      const theirs = part(samePreceding.source, samePreceding.sourceId, name);
      if (mine === undefined || mine !== theirs) {
        problem(item, 'ibid matches preceding reference',
          `ibid. stands for the ${name} of the preceding reference (${samePreceding.sourceId}: ${describe(theirs)}), but ${item.sourceId} has ${describe(mine)}`);
      }
    }
    // The same docket as the previous item of the same footnote, printed again in full?
    const before = samePreceding && samePreceding.footnote === item.footnote ? samePreceding : undefined;
    const docket = part(item.source, item.sourceId, 'registry');
    if (before && docket !== undefined && docket === part(before.source, before.sourceId, 'registry')
        && !item.reading.ibidFor.includes('registry') && item.data.joint !== true
        && printsRegistry(item.reading)) {
      problem(item, 'repeated docket',
        `${item.sourceId} has the registry number of the preceding item (${docket}); if the footnote prints 'ibid.' for it, write ibidFor: [registry, ...]; if one reference is printed for both documents, write joint: true`);
    }
  });

  // How each document's registry number is known.
  const basis = new Map<string, { printed: boolean; inherited: boolean }>();
  for (const item of items) {
    if (!item.sourceId || item.source?.kind !== 'document' || text(item.source.data.registry) === undefined) continue;
    const known = basis.get(item.sourceId) ?? { printed: false, inherited: false };
    if (printsRegistry(item.reading)) known.printed = true;
    else if (item.reading.ibidFor.includes('registry')) known.inherited = true;
    basis.set(item.sourceId, known);
  }
  for (const [id, entry] of ctx.entries()) {
    if (entry.kind !== 'document' || text(entry.data.registry) === undefined) continue;
    const known = basis.get(id) ?? { printed: false, inherited: false };
    const derived = known.printed ? 'printed' : known.inherited ? 'inherited' : 'inferred';
    const declared = text(entry.data.registryBasis);
    const where = { file: entry.location.file, line: lineOf(entry.data as YamlMap, 'registry') };
    if (derived === 'inferred' && declared !== 'inferred') {
      ctx.problem(where, id, 'docket known', 'no citation item prints this registry number or inherits it through ibid.; if it was inferred, write registryBasis: inferred and a registryNote saying how');
    } else if (derived !== 'inferred' && declared === 'inferred') {
      ctx.problem(where, id, 'docket known', `registryBasis: inferred, but the footnotes give the number (${derived}); drop registryBasis`);
    } else if (derived === 'inferred' && text(entry.data.registryNote) === undefined) {
      ctx.problem(where, id, 'docket known', 'an inferred registry number needs a registryNote saying how it was inferred');
    }
    const concept = ctx.concept('reference-basis', derived);
    if (concept) ctx.add(entry.iri, ns.dly('registryNumberBasis'), namedNode(concept), graphOf(entry.folder ?? ''));
  }
}
