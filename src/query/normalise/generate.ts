// The text of a rewritten syntax tree: Traqula's SPARQL 1.1 Generator, taught
// the one pattern it does not know (LATERAL, SEP-0006, written by
// lateralOptional.ts). Built once per thread, like the parser.

import { GeneratorBuilder, traqulaIndentation } from '@traqula/core';
import { sparql11GeneratorBuilder } from '@traqula/generator-sparql-1-1';
import { completeGeneratorContext, gram } from '@traqula/rules-sparql-1-1';
import { type Query } from '../syntax.js';

type Rule = typeof gram.graphPatternNotTriples;
type Helpers = Parameters<Rule['gImpl']>[0];
type Print = ReturnType<Rule['gImpl']>;

/** graphPatternNotTriples, which also writes LATERAL { … }. */
const withLateral = {
  name: gram.graphPatternNotTriples.name,
  gImpl: (helpers: Helpers): Print => {
    const usual = gram.graphPatternNotTriples.gImpl(helpers);
    return (ast, context) => {
      if ((ast as { subType: string }).subType !== 'lateral') return usual(ast, context);
      const F = context.astFactory;
      helpers.PRINT_WORD('LATERAL');
      helpers.SUBRULE(gram.groupGraphPattern, F.patternGroup((ast as unknown as { patterns: [] }).patterns, F.gen()));
    };
  },
} as Rule;

type Context = ReturnType<typeof completeGeneratorContext>;
let generator: { queryOrUpdate: (ast: Query, context: Context) => string } | undefined;
/** On one line (indentation below zero: a space where a new line would go), which is also the cheapest to write. */
const ONE_LINE: Context = completeGeneratorContext({ indentInc: 0, [traqulaIndentation]: -1 } as Partial<Context>);

export function generateQuery(query: Query): string {
  generator ??= GeneratorBuilder.create(sparql11GeneratorBuilder).patchRule(withLateral).build() as unknown as typeof generator;
  return generator!.queryOrUpdate(query, { ...ONE_LINE }).trim();
}
