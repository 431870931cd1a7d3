// The text of a rewritten syntax tree: sparqljs's Generator, taught the one
// pattern it does not know (LATERAL, written by lateralOptional.ts).

import sparqljs, { type Query } from 'sparqljs';

interface PatternGenerator { toQuery(query: Query): string; group(pattern: unknown): string; lateral?: (pattern: unknown) => string }

export function generateQuery(query: Query): string {
  const generator = new sparqljs.Generator({ prefixes: query.prefixes, sparqlStar: true } as sparqljs.GeneratorOptions)
    .createGenerator() as unknown as PatternGenerator;
  generator.lateral = function lateral(this: PatternGenerator, pattern: unknown) { return `LATERAL ${this.group(pattern)}`; };
  return generator.toQuery(query);
}
