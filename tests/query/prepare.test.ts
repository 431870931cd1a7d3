// Query preparation: one parse, the nesting limit measured on the tree, the SERVICE
// rules (no bypass by spacing, BASE, variables or SILENT), updates refused, and the
// dataset a query runs on.

import { describe, expect, it } from 'vitest';
import { prepareQuery, type PrepareOptions } from '../../src/query/prepare.js';
import { QueryRefusedError } from '../../src/query/errors.js';
import { datasetPrefixes } from '../../src/model/iri.js';

const options: PrepareOptions = { prefixes: datasetPrefixes(), maxDepth: 100, serviceAllowlist: [], canFederate: false };

function refusal(text: string, extra: Partial<PrepareOptions> = {}): QueryRefusedError {
  try {
    prepareQuery(text, { ...options, ...extra });
  } catch (error) {
    if (error instanceof QueryRefusedError) return error;
    throw error;
  }
  throw new Error(`not refused: ${text.slice(0, 80)}`);
}

/** Shapes that nest n levels, each of which overflowed Oxigraph's stack somewhere between 150 and 3,200 levels. */
export const NESTING_SHAPES: Record<string, (n: number) => string> = {
  groups: (n) => `ASK ${'{'.repeat(n)}${'}'.repeat(n)}`,
  subqueries: (n) => `${'SELECT * { '.repeat(n)}${' }'.repeat(n)}`,
  'NOT EXISTS': (n) => `ASK { ${'FILTER NOT EXISTS { '.repeat(n)}${' }'.repeat(n)} }`,
  CONCAT: (n) => `SELECT (${'CONCAT('.repeat(n)}"a"${')'.repeat(n)} AS ?x) {}`,
  'a chain of ||': (n) => `ASK { BIND(1 AS ?a) FILTER(${Array(n).fill('?a = 1').join(' || ')}) }`,
  'a chain of +': (n) => `SELECT (${Array(n).fill('1').join(' + ')} AS ?x) {}`,
  'a chain of UNION': (n) => `SELECT * { ${Array(n).fill('{ BIND(1 AS ?x) }').join(' UNION ')} }`,
  'nested OPTIONAL': (n) => `SELECT * { ?s ?p ?o ${'OPTIONAL { ?s ?p ?o '.repeat(n)}${'}'.repeat(n)} } LIMIT 1`,
};

describe('nesting depth', () => {
  for (const [name, shape] of Object.entries(NESTING_SHAPES)) {
    it(`${name}: modest nesting passes; 1,000 levels are refused with 400 naming the limit`, () => {
      expect(() => prepareQuery(shape(10), options)).not.toThrow();
      const error = refusal(shape(name.startsWith('a chain') ? 3000 : 1000));
      expect(error.status).toBe(400);
      expect(error.rule).toBe('depth');
      expect(error.message).toMatch(/limit is 100 \(setting MAX_QUERY_DEPTH\)/);
    });
  }

  it('a long but flat list of alternatives is not mistaken for deep nesting', () => {
    const terms = Array.from({ length: 300 }, (_, i) => `?x = ${i}`).join(' || ');
    expect(() => prepareQuery(`SELECT * { VALUES ?x { 1 } FILTER(${terms}) }`, options)).not.toThrow();
  });

  it('nesting too deep for the parser itself is refused, not a crash', () => {
    expect(refusal(`SELECT * { ${Array(5000).fill('BIND(1 AS ?x)').join(' ')} FILTER(${Array(6000).fill('?x').join(' + ')} > 0) }`).status).toBe(400);
  });
});

describe('SERVICE', () => {
  const cases: [string, string][] = [
    ['with a space', 'SELECT * { SERVICE <http://127.0.0.1:39299/> { ?s ?p ?o } }'],
    ['with no space', 'SELECT * { SERVICE<http://127.0.0.1:39299/>{ ?s ?p ?o } }'],
    ['SILENT', 'SELECT * { SERVICE SILENT <http://127.0.0.1:39299/> { ?s ?p ?o } }'],
    ['a variable', 'SELECT * { VALUES ?v { <http://127.0.0.1:39299/> } SERVICE ?v { ?s ?p ?o } }'],
    ['a relative IRI against BASE', 'BASE <http://127.0.0.1:39299/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }'],
    ['a network-path reference', 'BASE <http://allowed.example/> SELECT * { SERVICE <//127.0.0.1:39299/> { ?s ?p ?o } }'],
    ['a prefixed name', 'PREFIX x: <http://127.0.0.1:39299/> SELECT * { SERVICE x:sparql { ?s ?p ?o } }'],
    ['inside a sub-query', 'SELECT * { { SELECT * { SERVICE <http://127.0.0.1:39299/> { ?s ?p ?o } } } }'],
    ['inside FILTER EXISTS', 'SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:39299/> { ?s ?p ?o } } }'],
    ['after a comment that holds a brace', 'SELECT * { # }\n SERVICE <http://127.0.0.1:39299/> { ?s ?p ?o } }'],
  ];
  for (const [name, text] of cases) {
    it(`is refused ${name}`, () => {
      const error = refusal(text, { serviceAllowlist: ['allowed.example'] });
      expect(error.status).toBe(403);
      expect(error.rule).toBe('service');
    });
  }

  it('to an allowed host, reports that this engine cannot federate (501)', () => {
    expect(refusal('SELECT * { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }', { serviceAllowlist: ['allowed.example'] }).status).toBe(501);
  });

  it('the word SERVICE in a string or comment is no SERVICE clause', () => {
    expect(() => prepareQuery('SELECT * { ?s ?p "SERVICE <http://127.0.0.1/>" } # SERVICE <http://127.0.0.1/> {}', options)).not.toThrow();
  });
});

describe('updates and syntax', () => {
  it('refuses updates with 403, well-formed or not', () => {
    for (const text of ['INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }', 'DELETE WHERE { ?s ?p ?o }', 'PREFIX x: <http://x/> CLEAR ALL', 'INSERT DATA { <b> <c> <d> }', 'DROP GRAPH <x']) {
      expect(refusal(text).status, text).toBe(403);
    }
  });

  it('refuses malformed text with 400, the line and column, and what was expected', () => {
    const error = refusal('SELECT ?x WHERE {\n  ?x ?y ');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/error at 2:\d+: expected .*VAR.*; found the end of the query/);
    expect(refusal('SELECT * WHERE {\n  ?s ?p ?o FILTER(?o = ) }').message).toMatch(/error at 2:24: expected .*; found '\)'/);
    expect(refusal('SELECT * WHERE {\n  ?s ?p @ }').message).toMatch(/error at 2:9: unexpected character '@'/);
  });

  it('refuses a relative IRI in a query without BASE (400), and reads it against BASE otherwise', () => {
    for (const text of ['SELECT * { ?s <p> ?o }', 'PREFIX x: <relative/> SELECT * { ?s x:p ?o }']) {
      const error = refusal(text);
      expect(error.status, text).toBe(400);
      expect(error.message).toMatch(/relative IRI <(p|relative\/)>.*no BASE/);
    }
    expect(prepareQuery('BASE <http://example.org/> SELECT * FROM <g> { ?s <p> ?o }', options).dataset).toEqual({ defaultGraphs: ['http://example.org/g'], namedGraphs: [] });
  });

  it('reads prefixed names in FROM with the predeclared prefixes', () => {
    expect(prepareQuery('SELECT * FROM NAMED dly:x { GRAPH ?g { ?s ?p ?o } }', options).dataset).toEqual({ defaultGraphs: [], namedGraphs: ['https://w3id.org/delicacy/ontology#x'] });
  });
});

describe('predeclared prefixes and the dataset', () => {
  it('declares the prefixes a query uses without declaring them, on the first line', () => {
    const prepared = prepareQuery('SELECT * { ?m a dly:Meeting }', options);
    expect(prepared.text.split('\n')).toHaveLength(1);
    expect(prepared.text).toContain('PREFIX dly: <https://w3id.org/delicacy/ontology#>');
    expect(prepared.text.endsWith('SELECT * { ?m a dly:Meeting }')).toBe(true);
  });

  it("keeps the query's own declaration of a prefix", () => {
    const prepared = prepareQuery('PREFIX dly: <http://example.org/other#> SELECT * { ?m a dly:Meeting }', options);
    expect(prepared.text).not.toContain('<https://w3id.org/delicacy/ontology#>');
  });

  it("runs on the union of the graphs, the query's FROM / FROM NAMED, or the protocol's graphs, in that order of precedence", () => {
    expect(prepareQuery('SELECT * { ?s ?p ?o }', options).dataset).toBe('union');
    expect(prepareQuery('SELECT * FROM <http://g/1> FROM NAMED <http://g/2> { ?s ?p ?o }', options).dataset)
      .toEqual({ defaultGraphs: ['http://g/1'], namedGraphs: ['http://g/2'] });
    expect(prepareQuery('SELECT * FROM NAMED <http://g/2> { GRAPH ?g { ?s ?p ?o } }', options).dataset)
      .toEqual({ defaultGraphs: [], namedGraphs: ['http://g/2'] });
    expect(prepareQuery('SELECT * FROM <http://g/1> { ?s ?p ?o }', { ...options, defaultGraphs: ['http://g/3'] }).dataset)
      .toEqual({ defaultGraphs: ['http://g/3'], namedGraphs: [] });
  });

  it("leaves the query's FROM and FROM NAMED out of the text when the protocol's dataset replaces them (an engine may read both)", async () => {
    const { parseQuery } = await import('../../src/query/parse.js');
    const { declaredDataset } = await import('../../src/query/inspect.js');
    const text = 'SELECT (COUNT(*) AS ?n) FROM <http://g/1> FROM NAMED dly:g2 WHERE { GRAPH ?g { ?s ?p "FROM <http://g/1>" } } LIMIT 3';
    const replaced = prepareQuery(text, { ...options, namedGraphs: ['http://g/3'] });
    expect(replaced.dataset).toEqual({ defaultGraphs: [], namedGraphs: ['http://g/3'] });
    const reparsed = parseQuery(replaced.text, {});
    expect(declaredDataset(reparsed.ast, reparsed.namespaces)).toBeUndefined();
    expect(replaced.text).toContain('"FROM <http://g/1>"');
    expect(replaced.text).toMatch(/LIMIT 3$/);
    // Without a protocol dataset, the query's own stays in the text as written.
    expect(prepareQuery(text, options).text.endsWith(text)).toBe(true);
  });
});

describe('bracket depth, the guard before the parser', () => {
  it('counts brackets, not those in strings, IRIs or comments', async () => {
    const { bracketDepth } = await import('../../src/query/bracketDepth.js');
    expect(bracketDepth('SELECT * { ?s ?p ?o FILTER((?o < 3) && (?o > 1)) }')).toBe(3);
    expect(bracketDepth('SELECT * { ?s ?p "(((((" . ?s ?p """{{{\n{{""" } # ((((((')).toBe(1);
    expect(bracketDepth("SELECT * { ?s <http://x/a(b)> '[[[' }")).toBe(1);
    expect(bracketDepth('SELECT * { FILTER(?a<?b && (?c)) }')).toBe(3);
  });

  it('refuses a deeply bracketed text at once', () => {
    const started = performance.now();
    expect(refusal(`ASK ${'{'.repeat(50_000)}${'}'.repeat(50_000)}`).rule).toBe('depth');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('values a query builds', () => {
  it('refuses doubling CONCATs that build a value larger than a response may hold (422)', () => {
    const doubling = `SELECT ?v WHERE { BIND("${'x'.repeat(80)}" AS ?a0) ${Array.from({ length: 20 }, (_, i) => `BIND(CONCAT(?a${i}, ?a${i}) AS ?a${i + 1})`).join(' ')} BIND(?a20 AS ?v) }`;
    const error = refusal(doubling, { maxValueBytes: 32 * 1024 * 1024 });
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/83886080 bytes.*MAX_RESULT_BYTES/);
    expect(refusal(`SELECT (REPLACE(REPLACE("${'a'.repeat(1000)}", "a", "${'b'.repeat(1000)}"), "b", "${'c'.repeat(1000)}") AS ?x) {}`, { maxValueBytes: 1e8 }).rule).toBe('result-bytes');
  });

  it('accepts the string functions people use on labels', () => {
    expect(() => prepareQuery('SELECT (CONCAT(?a, " — ", UCASE(?b)) AS ?x) (GROUP_CONCAT(?c; separator=", ") AS ?all) WHERE { ?s rdfs:label ?a, ?b, ?c } GROUP BY ?a ?b', { ...options, maxValueBytes: 1024 * 1024 })).not.toThrow();
  });
});
