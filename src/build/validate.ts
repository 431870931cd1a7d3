// Validation of the compiled quads: the SHACL shapes, and the IRI policy (every
// IRI ours or from a known vocabulary). Results become Problems that point at
// the YAML file and line the offending node came from.

import { readFileSync } from 'node:fs';
import { Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { type Problem } from './errors.js';
import { type SubjectOrigin } from './compile/context.js';
import { baseIri, KNOWN_EXTERNAL_NAMESPACES, PREFIXES } from '../model/namespaces.js';

export function readShapes(path: string): Store {
  const store = new Store();
  store.addQuads(new Parser({ baseIRI: baseIri() }).parse(readFileSync(path, 'utf8')));
  return store;
}

export function curie(iri: string): string {
  for (const [prefix, namespace] of Object.entries(PREFIXES)) {
    if (iri.startsWith(namespace)) return `${prefix}:${iri.slice(namespace.length)}`;
  }
  return `<${iri}>`;
}

function localName(iri: string): string {
  return iri.split(/[#/]/).pop() ?? iri;
}

export function locate(origins: Map<string, SubjectOrigin>, node: string, predicate?: string): Pick<Problem, 'location' | 'entity'> {
  const origin = origins.get(node) ?? origins.get(node.split('#')[0]);
  if (!origin) return { location: { file: '(generated)' }, entity: node };
  const line = (predicate && origin.predicateLines.get(predicate)) || origin.location.line;
  return { location: { file: origin.location.file, line }, entity: origin.entity };
}

export async function validateShapes(quads: Quad[], shapes: Store, origins: Map<string, SubjectOrigin>): Promise<Problem[]> {
  const data = new Store();
  // Validation is over the merged graph: the named graphs only partition the data.
  for (const q of quads) data.addQuad(q.subject, q.predicate, q.object);
  const validator = new SHACLValidator(shapes);
  const report = await validator.validate(data);
  if (report.conforms) return [];
  return report.results.map((result) => {
    const focus = result.focusNode?.value ?? '?';
    const path = result.path?.termType === 'NamedNode' ? result.path.value : undefined;
    const shape = result.sourceShape?.termType === 'NamedNode' ? localName(result.sourceShape.value) : undefined;
    const component = result.sourceConstraintComponent ? localName(result.sourceConstraintComponent.value).replace(/ConstraintComponent$/, '') : 'shape';
    const message = result.message.map((m) => m.value).join(' ') || `${component} violated`;
    const value = result.value ? ` (value: ${result.value.termType === 'Literal' ? JSON.stringify(result.value.value) : curie(result.value.value)})` : '';
    return {
      ...locate(origins, focus, path),
      rule: shape ?? `${component}${path ? ` on ${curie(path)}` : ''}`,
      message: `${message}${value}`,
    };
  });
}

/**
 * Every IRI must be ours or from a known vocabulary, and every term of our own
 * vocabulary that the data uses must be declared in the ontology.
 */
export function checkIris(quads: Quad[], origins: Map<string, SubjectOrigin>, ontologyTerms: Set<string>): Problem[] {
  const allowed = [baseIri(), ...KNOWN_EXTERNAL_NAMESPACES];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const q of quads) {
    const vocabularyTerms = [q.predicate, ...(q.predicate.value === PREFIXES.rdf + 'type' ? [q.object] : [])];
    for (const term of vocabularyTerms) {
      if (term.value.startsWith(PREFIXES.dly) && !ontologyTerms.has(term.value) && !seen.has(term.value)) {
        seen.add(term.value);
        problems.push({ ...locate(origins, q.subject.value, q.predicate.value), rule: 'declared vocabulary',
          message: `the term ${curie(term.value)} is not declared in ontology/delicacy.ttl` });
      }
    }
    for (const term of [q.subject, q.predicate, q.object, q.graph]) {
      if (term.termType !== 'NamedNode' || seen.has(term.value)) continue;
      seen.add(term.value);
      if (!allowed.some((namespace) => term.value.startsWith(namespace))) {
        problems.push({ ...locate(origins, q.subject.value, q.predicate.value), rule: 'IRI policy',
          message: `the IRI <${term.value}> is neither minted under ${baseIri()} nor from a known vocabulary` });
      }
    }
  }
  return problems;
}
