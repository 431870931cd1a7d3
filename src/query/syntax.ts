// The syntax tree of a parsed query: Traqula's AST (@traqula/rules-sparql-1-1),
// and the few facts about its nodes every later step asks. IRIs stay as written
// in the tree (a prefixed name keeps its prefix, so that regenerated text stays
// short); `iriOf` gives the IRI a term names, with the query's prefixes (and the
// dataset's predeclared ones) and BASE.

import { AstFactory } from '@traqula/rules-sparql-1-1';
import type * as T from '@traqula/rules-sparql-1-1';

export type Query = T.Query;
export type SparqlQuery = T.SparqlQuery;
export type Pattern = T.Pattern;
export type PatternBgp = T.PatternBgp;
export type PatternGroup = T.PatternGroup;
export type PatternGraph = T.PatternGraph;
export type PatternFilter = T.PatternFilter;
export type PatternValues = T.PatternValues;
export type QuerySelect = T.QuerySelect;
export type Expression = T.Expression;
export type Term = T.Term;
export type TermIri = T.TermIri;
export type TermVariable = T.TermVariable;
export type TermLiteral = T.TermLiteral;
export type Triple = T.TripleNesting | T.TripleCollection;
export type Path = T.Path;

/** Builds the nodes a rewrite adds (each marked as generated, not read from the text). */
export const factory = new AstFactory();

/** The names in scope: prefixes (predeclared and declared; the query's own win) and BASE. */
export interface Namespaces { prefixes: Readonly<Record<string, string>>; base?: string }

type Loose = { type?: unknown; subType?: unknown };

export const isTerm = (node: unknown): node is T.Term => (node as Loose)?.type === 'term';
export const isVariable = (node: unknown): node is T.TermVariable => isTerm(node) && node.subType === 'variable';
export const isIri = (node: unknown): node is T.TermIri => isTerm(node) && node.subType === 'namedNode';
export const isLiteral = (node: unknown): node is T.TermLiteral => isTerm(node) && node.subType === 'literal';
export const isBlank = (node: unknown): node is T.TermBlank => isTerm(node) && node.subType === 'blankNode';
export const isCollection = (node: unknown): node is T.TripleCollection => (node as Loose)?.type === 'tripleCollection';

/** What a pattern is: its subType, or 'query' for a sub-select. */
export function kindOf(pattern: Pattern): string {
  return pattern.type === 'query' ? 'query' : (pattern as { subType: string }).subType;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/** The IRI a term names: a prefixed name expanded, a relative IRI resolved against BASE. */
export function iriOf(term: T.TermIri, names: Namespaces): string {
  const prefix = (term as { prefix?: string }).prefix;
  const written = prefix === undefined ? term.value : (names.prefixes[prefix] ?? '') + term.value;
  if (names.base && !ABSOLUTE.test(written)) {
    try { return new URL(written, names.base).href; } catch { return written; }
  }
  return written;
}

/** A literal's datatype IRI, or its language tag, as written (lower case), or neither for a plain string. */
export function literalKind(literal: T.TermLiteral, names: Namespaces): { language?: string; datatype?: string } {
  const tagOrType = literal.langOrIri;
  if (tagOrType === undefined) return {};
  if (typeof tagOrType === 'string') return { language: tagOrType.toLowerCase() };
  return { datatype: iriOf(tagOrType, names) };
}
