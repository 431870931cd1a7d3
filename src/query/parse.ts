// One parse of a query, with a maintained SPARQL 1.1 parser (Traqula, the
// Comunica team's successor of sparqljs): every later step — the form, the
// update and SERVICE checks, the nesting limit, the query's own dataset, the
// normaliser — reads the same syntax tree. Parses of recent texts are kept,
// because clients repeat their queries.

import { Parser } from '@traqula/parser-sparql-1-1';
import { AstFactory } from '@traqula/rules-sparql-1-1';
import { LruCache } from '../store/lruCache.js';
import { QueryRefusedError } from './errors.js';
import { type Namespaces, type Query, type SparqlQuery } from './syntax.js';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface ParsedQuery {
  /** The text as the client sent it. */
  text: string;
  ast: Query;
  form: QueryForm;
  /** Prefixes the query declares itself. */
  declaredPrefixes: ReadonlySet<string>;
  /** The prefixes in scope (predeclared, then the query's own) and the query's BASE, to read its IRIs. */
  namespaces: Namespaces;
}

const READ_ONLY = 'This endpoint is read-only: SPARQL Update is not accepted, and the dataset was not changed.';
const UPDATE_START = /^(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b/i;

interface CachedParse { parsed: ParsedQuery; length: number }
const MEMO_QUERY_CHARS = 8192;
/** About 12 bytes of syntax tree per character of text: 16 MB of trees per thread, 4 MB when heaps are lean. */
const PARSE_CACHE_BYTES = 16 * 1024 * 1024;
let recent = new LruCache<CachedParse>(PARSE_CACHE_BYTES);

/**
 * Keeps fewer recent parses (this thread's): for a server whose heaps favour
 * memory over speed (src/memory.ts). Clients' repeated texts still hit; a
 * stream of fresh texts no longer fills 16 MB per thread (at 100 articles,
 * three threads parse: 48 MB of trees of texts never sent again).
 */
export function leanParseCache(): void {
  recent = new LruCache<CachedParse>(PARSE_CACHE_BYTES / 4);
}

/** Where the parser stopped, what it expected there, and what it found. */
class SyntaxPosition extends Error {
  constructor(readonly offset: number, readonly expected: string[], readonly found: string | undefined) {
    super('syntax error');
  }
}

interface ChevrotainError { message: string; token: { image: string; startOffset: number; tokenType: { name: string } } }

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The parser's node factory, noting the first IRI written relative (`<p>`): SPARQL
 * resolves it against BASE, and a query without BASE that writes one is malformed
 * (the parser itself lets it through).
 */
const factory = new AstFactory({ tracksSourceLocation: false });
let relative: string | undefined;
const termNamed = factory.termNamed.bind(factory) as (loc: unknown, value: string, prefix?: string) => unknown;
factory.termNamed = ((loc: unknown, value: string, prefix?: string) => {
  if (prefix === undefined && relative === undefined && !ABSOLUTE.test(value)) relative = value;
  return termNamed(loc, value, prefix);
}) as AstFactory['termNamed'];

/**
 * One parser per thread (building one costs far more than a parse); it is not
 * re-entrant, which the synchronous callers never need.
 */
let parser: Parser | undefined;
function theParser(): Parser {
  parser ??= new Parser({
    errorHandler: (errors: ChevrotainError[]) => {
      const { message, token } = errors[0];
      const eof = token.tokenType.name === 'EOF';
      throw new SyntaxPosition(eof ? Number.NaN : token.startOffset, expectedTokens(message), eof ? undefined : token.image);
    },
  } as ConstructorParameters<typeof Parser>[0]);
  return parser;
}

/**
 * Parses a query with the given prefixes predeclared. Updates are refused (403);
 * malformed text is refused (400) with the parser's line and expectation.
 */
export function parseQuery(text: string, prefixes: Readonly<Record<string, string>> = {}): ParsedQuery {
  const key = text.length <= MEMO_QUERY_CHARS ? `${Object.keys(prefixes).length}\u0000${text}` : undefined;
  const hit = key === undefined ? undefined : recent.get(key);
  if (hit) return hit.parsed;
  const parsed = parseUncached(text, prefixes);
  if (key !== undefined) recent.set(key, { parsed, length: text.length * 12 });
  return parsed;
}

function parseUncached(text: string, prefixes: Readonly<Record<string, string>>): ParsedQuery {
  let ast: SparqlQuery;
  try {
    relative = undefined;
    ast = theParser().parse(text, { prefixes: prefixes as Record<string, string>, astFactory: factory });
  } catch (error) {
    if (error instanceof RangeError) throw error; // nested beyond the parser's stack: the caller refuses it as too deep
    // An update that does not parse is still an update: refuse it as one.
    if (UPDATE_START.test(withoutPrologue(text))) throw new QueryRefusedError(403, READ_ONLY, 'read-only');
    throw new QueryRefusedError(400, `Malformed query: ${syntaxMessage(error, text)}`, 'syntax');
  }
  if (ast.type === 'update') throw new QueryRefusedError(403, READ_ONLY, 'read-only');
  const declared: Record<string, string> = {};
  let base: string | undefined;
  for (const definition of ast.context) {
    if (definition.subType === 'prefix') declared[definition.key] = definition.value.value;
    else base = definition.value.value;
  }
  if (relative !== undefined && base === undefined) {
    throw new QueryRefusedError(400, `Malformed query: cannot resolve the relative IRI <${relative}>: the query declares no BASE.`, 'syntax');
  }
  return {
    text, ast, form: ast.subType.toUpperCase() as QueryForm,
    declaredPrefixes: new Set(Object.keys(declared)),
    namespaces: { prefixes: { ...prefixes, ...declared }, base },
  };
}

/** The text after comments, PREFIX and BASE declarations (only to recognise a malformed update). */
function withoutPrologue(text: string): string {
  let rest = text;
  for (;;) {
    const next = rest.replace(/^(?:\s+|#[^\n]*)/, '')
      .replace(/^PREFIX\s+[^\s:]*:\s*<[^>]*>/i, '')
      .replace(/^BASE\s+<[^>]*>/i, '');
    if (next === rest) return rest;
    rest = next;
  }
}

/** The parser's token names, as a person reads them. */
function tokenName(name: string): string {
  if (/^Var\d$/.test(name)) return 'VAR';
  if (/^PName/.test(name)) return 'PNAME';
  if (/^StringLiteral/.test(name)) return 'STRING';
  if (/^(?:Integer|Decimal|Double)/.test(name)) return 'NUMBER';
  if (name === 'IriRef') return 'IRIREF';
  if (name === 'BlankNodeLabel' || name === 'Anon') return 'BLANK_NODE';
  if (name === 'Nil') return '()';
  if (name === "type declaration 'a'") return 'a';
  return name;
}

/** The tokens a Chevrotain message says were expected ("[Var1] ,[Var2]" or "--> } <--"). */
function expectedTokens(message: string): string[] {
  const expecting = message.split(/\nbut found/)[0];
  const single = /Expecting --> (.+?) <--/.exec(expecting);
  const names = single ? [single[1]] : [...expecting.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
  return [...new Set(names.map(tokenName))];
}

/** Line and column (from 1) of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** "error at LINE:COLUMN: expected …; found …", from the parser's own account of where it stopped. */
function syntaxMessage(error: unknown, text: string): string {
  if (error instanceof SyntaxPosition) {
    const at = lineAndColumn(text, Number.isNaN(error.offset) ? text.length : error.offset);
    const shown = error.expected.length > 12 ? `${error.expected.slice(0, 12).join(', ')}, …` : error.expected.join(', ');
    const found = error.found === undefined ? 'the end of the query' : `'${error.found}'`;
    return `error at ${at}: expected ${shown || 'something else'}; found ${found}`;
  }
  const message = String((error as Error)?.message ?? error);
  // The lexer's message names the offset of the character it could not read.
  const lexed = /^unexpected character: ->(.*?)<- at offset: (\d+)/.exec(message);
  if (lexed) return `error at ${lineAndColumn(text, Number(lexed[2]))}: unexpected character '${lexed[1]}'`;
  return message.split('\n')[0];
}
