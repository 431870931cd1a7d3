// What changed between two versions of the dataset, computed from their N-Quads
// dumps: entities added, removed and changed, per kind, with the statements
// added and removed for each changed entity. A statement belongs to the entity
// it is about; the parts of an entity (hash IRIs: a claim's quotation, a
// person's office holding) belong to the entity. The dataset's own description
// (the metadata graph) changes with every version and is left out.

import { Parser, Writer, type Quad, type Term } from 'n3';
import { datasetPrefixes, parseIri } from '../model/iri.js';
import { PREFIXES } from '../model/namespaces.js';

export interface EntitySummary {
  iri: string;
  kind: string;
  label?: string;
  statements: number;
}

export interface EntityChange extends EntitySummary {
  /** Statements added and removed, as N-Quads lines. */
  added: string[];
  removed: string[];
}

export interface ChangeList {
  from?: string;
  to: string;
  /** Per kind of entity: how many were added, removed and changed. */
  summary: Record<string, { added: number; removed: number; changed: number }>;
  added: EntitySummary[];
  removed: EntitySummary[];
  changed: EntityChange[];
}

const quadLine = (q: Quad) => new Writer({ format: 'N-Quads' }).quadToString(q.subject, q.predicate, q.object, q.graph).trim();

/** The entity a subject belongs to, and its kind. */
function entityOf(subject: string): { iri: string; kind: string } {
  const parsed = parseIri(subject);
  if (parsed) return { iri: subject.split('#')[0], kind: parsed.kind };
  if (subject.startsWith(PREFIXES.dly)) return { iri: subject, kind: 'ontology term' };
  return { iri: subject.split('#')[0], kind: 'other' };
}

interface Indexed { statements: Map<string, Set<string>>; kinds: Map<string, string>; labels: Map<string, string> }

function index(nquads: string, metadataGraph: string): Indexed {
  const statements = new Map<string, Set<string>>();
  const kinds = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const q of new Parser({ format: 'N-Quads' }).parse(nquads)) {
    if (q.graph.value === metadataGraph) continue;
    const { iri, kind } = entityOf(q.subject.value);
    let set = statements.get(iri);
    if (!set) { statements.set(iri, (set = new Set())); kinds.set(iri, kind); }
    set.add(quadLine(q));
    if (q.subject.value === iri && q.predicate.value === `${PREFIXES.rdfs}label` && !labels.has(iri)) labels.set(iri, q.object.value);
  }
  return { statements, kinds, labels };
}

export function computeChanges(previous: { version: string; nquads: string } | undefined, current: { version: string; nquads: string }, metadataGraph: string): ChangeList {
  const before = index(previous?.nquads ?? '', metadataGraph);
  const after = index(current.nquads, metadataGraph);
  const list: ChangeList = { from: previous?.version, to: current.version, summary: {}, added: [], removed: [], changed: [] };
  const count = (kind: string, what: 'added' | 'removed' | 'changed') => {
    list.summary[kind] ??= { added: 0, removed: 0, changed: 0 };
    list.summary[kind][what]++;
  };
  for (const [iri, statements] of after.statements) {
    const kind = after.kinds.get(iri)!;
    const old = before.statements.get(iri);
    const summary = { iri, kind, label: after.labels.get(iri), statements: statements.size };
    if (!old) { list.added.push(summary); count(kind, 'added'); continue; }
    const added = [...statements].filter((s) => !old.has(s)).sort();
    const removed = [...old].filter((s) => !statements.has(s)).sort();
    if (added.length || removed.length) { list.changed.push({ ...summary, added, removed }); count(kind, 'changed'); }
  }
  for (const [iri, statements] of before.statements) {
    if (after.statements.has(iri)) continue;
    const kind = before.kinds.get(iri)!;
    list.removed.push({ iri, kind, label: before.labels.get(iri), statements: statements.size });
    count(kind, 'removed');
  }
  const byKind = (a: EntitySummary, b: EntitySummary) => a.kind.localeCompare(b.kind) || a.iri.localeCompare(b.iri);
  list.added.sort(byKind);
  list.removed.sort(byKind);
  list.changed.sort(byKind);
  list.summary = Object.fromEntries(Object.entries(list.summary).sort(([a], [b]) => a.localeCompare(b)));
  return list;
}

/** A term as people read it: prefixed names, literals with their tag or datatype. */
function readable(term: Term, prefixes: Record<string, string>): string {
  if (term.termType === 'NamedNode') {
    let best: [string, string] | undefined;
    for (const [prefix, namespace] of Object.entries(prefixes)) {
      if (term.value.startsWith(namespace) && (!best || namespace.length > best[1].length)) best = [prefix, namespace];
    }
    const local = best ? term.value.slice(best[1].length) : '';
    return best && /^[\w.\-/]*$/.test(local) ? `${best[0]}:${local}` : `<${term.value}>`;
  }
  if (term.termType === 'Literal') {
    const literal = term as Term & { language: string; datatype: Term };
    const text = JSON.stringify(literal.value);
    if (literal.language) return `${text}@${literal.language}`;
    return literal.datatype.value === `${PREFIXES.xsd}string` ? text : `${text}^^${readable(literal.datatype, prefixes)}`;
  }
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

function readableStatement(line: string, prefixes: Record<string, string>): string {
  const [q] = new Parser({ format: 'N-Quads' }).parse(line);
  return `${readable(q.subject, prefixes)} ${readable(q.predicate, prefixes)} ${readable(q.object, prefixes)}`;
}

/** The change list as Markdown, for people. */
export function changesMarkdown(list: ChangeList, issued: string): string {
  const prefixes = datasetPrefixes() as Record<string, string>;
  const name = (e: EntitySummary) => `${e.label ? `${e.label} ` : ''}(\`${readable({ termType: 'NamedNode', value: e.iri } as Term, prefixes)}\`)`;
  const lines = [`# Changes in version ${list.to}`, '', list.from ? `Released ${issued}; compared with version ${list.from}.` : `Released ${issued}; the first release, so every entity is new.`, ''];
  const kinds = Object.entries(list.summary);
  if (kinds.length === 0) lines.push('No entity changed.', '');
  else {
    lines.push('| kind | added | removed | changed |', '|---|---:|---:|---:|');
    for (const [kind, n] of kinds) lines.push(`| ${kind} | ${n.added} | ${n.removed} | ${n.changed} |`);
    lines.push('');
  }
  if (!list.from) return `${lines.join('\n')}\n`;
  if (list.changed.length) {
    lines.push('## Changed', '');
    for (const e of list.changed) {
      lines.push(`### ${e.kind}: ${name(e)}`, '');
      for (const s of e.removed) lines.push(`- removed: \`${readableStatement(s, prefixes)}\``);
      for (const s of e.added) lines.push(`- added: \`${readableStatement(s, prefixes)}\``);
      lines.push('');
    }
  }
  for (const [title, entities] of [['Added', list.added], ['Removed', list.removed]] as const) {
    if (!entities.length) continue;
    lines.push(`## ${title}`, '');
    for (const e of entities) lines.push(`- ${e.kind}: ${name(e)}, ${e.statements} statements`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
