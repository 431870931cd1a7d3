// A meeting is backed by every footnote that the article uses for it: the
// footnotes that cite one of its records, and those of the claims and comparisons
// about it. A footnote missing from the meeting hides it from "which footnotes
// document this meeting?".

import { type CompileContext } from '../context.js';
import { lineOf, type YamlMap } from '../../source/readYaml.js';
import { type CompiledFootnote } from './citations.js';

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);

export function checkMeetingFootnotes(ctx: CompileContext, footnotes: CompiledFootnote[]): void {
  // document id -> footnotes citing it (per article folder)
  const citing = new Map<string, Set<number>>();
  for (const footnote of footnotes) {
    for (const item of Array.isArray(footnote.data.items) ? footnote.data.items : []) {
      if (typeof item !== 'object' || item === null || Array.isArray(item) || typeof item.cites !== 'string') continue;
      const set = citing.get(item.cites) ?? new Set<number>();
      set.add(footnote.n);
      citing.set(item.cites, set);
    }
  }
  // meeting id -> footnotes of the claims and comparisons that concern it
  const about = new Map<string, Map<number, string>>();
  for (const [id, entry] of ctx.entries()) {
    if (entry.kind !== 'claim' && entry.kind !== 'comparison') continue;
    for (const concerned of [...list(entry.data.concerns), ...list(entry.data.about)]) {
      if (ctx.lookup(concerned)?.kind !== 'meeting') continue;
      const map = about.get(concerned) ?? new Map<number, string>();
      for (const n of list(entry.data.footnotes)) if (!map.has(Number(n))) map.set(Number(n), id);
      about.set(concerned, map);
    }
  }
  for (const [id, entry] of ctx.entries()) {
    if (entry.kind !== 'meeting') continue;
    const own = new Set(list(entry.data.footnotes).map(Number));
    const missing = new Map<number, string>();
    for (const record of list(entry.data.records)) {
      for (const n of citing.get(record) ?? []) if (!own.has(n) && !missing.has(n)) missing.set(n, `it cites the record ${record}`);
    }
    for (const [n, claim] of about.get(id) ?? []) if (!own.has(n) && !missing.has(n)) missing.set(n, `${claim} about the meeting cites it`);
    for (const [n, why] of [...missing].sort((a, b) => a[0] - b[0])) {
      ctx.problem({ file: entry.location.file, line: lineOf(entry.data as YamlMap, 'footnotes') }, id, 'meeting footnotes',
        `footnote ${n} is missing from the meeting's footnotes (${why})`);
    }
  }
}
