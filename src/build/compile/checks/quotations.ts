// A quotation is tied to no more exact a source than the article allows: it may
// name fewer documents than its claim only with the evidence that shows which one
// holds the words (sourceBasis), and only documents its claim rests on or its
// footnotes cite.

import { type CompileContext } from '../context.js';
import { lineOf, type YamlMap } from '../../source/readYaml.js';
import { type CompiledFootnote } from './citations.js';

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);

export function checkQuotations(ctx: CompileContext, footnotes: CompiledFootnote[]): void {
  const cited = new Map<number, string[]>();
  for (const footnote of footnotes) {
    const items = Array.isArray(footnote.data.items) ? footnote.data.items : [];
    cited.set(footnote.n, items.flatMap((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? list(item.cites) : [])));
  }
  for (const [id, entry] of ctx.entries()) {
    if (entry.kind !== 'claim') continue;
    const claimSources = list(entry.data.source);
    const allowed = new Set([...claimSources, ...list(entry.data.footnotes).flatMap((n) => cited.get(Number(n)) ?? [])]);
    const quotes = Array.isArray(entry.data.quotes) ? entry.data.quotes : [];
    quotes.forEach((quote, index) => {
      if (typeof quote !== 'object' || quote === null || Array.isArray(quote)) return;
      const data = quote as YamlMap;
      const own = list(data.source);
      const where = { file: entry.location.file, line: lineOf(data, 'source') };
      const entity = `${id} quote ${index + 1}`;
      for (const source of own) {
        if (!allowed.has(source)) ctx.problem(where, entity, 'quotation source', `${source} is neither a source of the claim nor cited in its footnotes`);
      }
      if (own.length > 0 && own.length < claimSources.length && own.every((s) => claimSources.includes(s)) && data.sourceBasis === undefined) {
        ctx.problem(where, entity, 'quotation source',
          `the claim rests on ${claimSources.join(', ')} together, but the quotation names only ${own.join(', ')}: leave out its source (it may come from any of them), or say in sourceBasis what shows which one holds the words`);
      }
    });
  }
}
