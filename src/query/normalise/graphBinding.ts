// A guard for an evaluation fault of the embedded engine (Oxigraph 0.5.11; fixed
// upstream by oxigraph/oxigraph#1758, not yet released on npm). It evaluates
// `GRAPH ?g { P }` by pushing the graph into P's triple patterns; when nothing in
// P's join reads the graph, the graph is lost: `GRAPH ?g { VALUES ?c { :x } }`
// gives one solution without ?g instead of one per named graph, and sub-selects
// are not confined to the graph at all. A group led by OPTIONAL, MINUS or BIND
// keeps the empty pattern it starts from (which is evaluated in the graph); one
// led by VALUES does not.
//
// Every rewrite is correct by the SPARQL algebra, but moving a VALUES to the
// front of such a group (as required-first may) turns a query the engine answers
// right into one it answers wrong. So the normaliser drops its rewrite of any
// query in which a GRAPH pattern's group would not read its graph.

import { kindOf, type Pattern } from '../syntax.js';
import { holds } from './scope.js';

/** Whether some GRAPH pattern in the tree has a group the engine evaluates without its graph. */
export function hasGraphBlindGroup(node: unknown): boolean {
  return holds(node, (record) => record.type === 'pattern' && record.subType === 'graph' && !readsGraph(record.patterns as Pattern[]));
}

/** A group reads the active graph when it keeps its empty start or joins something that reads it. */
function readsGraph(patterns: Pattern[]): boolean {
  const joined = patterns.filter((pattern) => kindOf(pattern) !== 'filter');
  if (joined.length === 0) return true;
  if (['optional', 'minus', 'bind'].includes(kindOf(joined[0]))) return true;
  return joined.some(elementReadsGraph);
}

/** Conservative: only what certainly evaluates in the graph counts (a sub-select never does). */
function elementReadsGraph(pattern: Pattern): boolean {
  switch (kindOf(pattern)) {
    case 'bgp':
      return (pattern as { triples: unknown[] }).triples.length > 0;
    case 'group': {
      const inner = (pattern as { patterns: Pattern[] }).patterns;
      return inner.length > 0 && readsGraph(inner);
    }
    case 'union':
      return (pattern as { patterns: Pattern[] }).patterns.every(elementReadsGraph);
    default:
      return false;
  }
}
