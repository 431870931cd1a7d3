// Shared state of one compilation: the quads produced, where each subject came
// from (for error messages), the registry of ids, and the problems found.

import { DataFactory, type Quad, type Quad_Object } from 'n3';
import { type Problem, type SourceLocation } from '../errors.js';
import { type EntityKind } from '../../model/iri.js';

const { namedNode, quad } = DataFactory;

export interface Registered {
  kind: EntityKind;
  iri: string;
  collection: string;
  /** The YAML entry, for defaults that depend on another entry (a claim's account). */
  data: Record<string, unknown>;
  location: SourceLocation;
  /** The top folder of data/ the entry comes from (its article, hence its graph). */
  folder?: string;
}

export interface SubjectOrigin {
  entity: string;
  location: SourceLocation;
  /** Line of the YAML key that produced each predicate, when known. */
  predicateLines: Map<string, number>;
}

export class CompileContext {
  readonly quads: Quad[] = [];
  readonly problems: Problem[] = [];
  readonly origins = new Map<string, SubjectOrigin>();
  private readonly registry = new Map<string, Registered>();
  private readonly concepts = new Map<string, Map<string, string>>();

  register(id: string, entry: Registered): void {
    const existing = this.registry.get(id);
    if (existing) {
      this.problems.push({
        location: entry.location,
        entity: id,
        rule: 'unique id',
        message: `the id '${id}' is already used by a ${existing.kind} at ${existing.location.file}:${existing.location.line ?? '?'}`,
      });
      return;
    }
    this.registry.set(id, entry);
  }

  lookup(id: string): Registered | undefined {
    return this.registry.get(id);
  }

  entries(): IterableIterator<[string, Registered]> {
    return this.registry.entries();
  }

  registerConcept(scheme: string, id: string, iri: string): void {
    let members = this.concepts.get(scheme);
    if (!members) this.concepts.set(scheme, (members = new Map()));
    members.set(id, iri);
  }

  concept(scheme: string, id: string): string | undefined {
    return this.concepts.get(scheme)?.get(id);
  }

  conceptIds(scheme: string): string[] {
    return [...(this.concepts.get(scheme)?.keys() ?? [])];
  }

  origin(subject: string, entity: string, location: SourceLocation): SubjectOrigin {
    let origin = this.origins.get(subject);
    if (!origin) {
      origin = { entity, location, predicateLines: new Map() };
      this.origins.set(subject, origin);
    }
    return origin;
  }

  add(subject: string, predicate: string, object: Quad_Object, graph: string, line?: number): void {
    this.quads.push(quad(namedNode(subject), namedNode(predicate), object, namedNode(graph)));
    const origin = this.origins.get(subject);
    if (origin && line !== undefined && !origin.predicateLines.has(predicate)) origin.predicateLines.set(predicate, line);
  }

  problem(location: SourceLocation, entity: string, rule: string, message: string): void {
    this.problems.push({ location, entity, rule, message });
  }
}
