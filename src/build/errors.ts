// One error type per kind of failure in the build. Each carries where it happened
// (file and line), which entity, and which rule, so a curator can go straight to it.

export interface SourceLocation {
  file: string;
  line?: number;
}

export interface Problem {
  location: SourceLocation;
  /** The entity id (or IRI) concerned. */
  entity: string;
  /** The rule broken, in a few words (a shape name, "unknown field", ...). */
  rule: string;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const where = problem.location.line ? `${problem.location.file}:${problem.location.line}` : problem.location.file;
  return `${where}: ${problem.entity}: [${problem.rule}] ${problem.message}`;
}

abstract class BuildFailure extends Error {
  constructor(readonly problems: Problem[], heading: string) {
    super(`${heading} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((p) => `  ${formatProblem(p)}`).join('\n'));
  }
}

/** The YAML could not be read or compiled (syntax, unknown field, unknown reference, bad date). */
export class DataError extends BuildFailure {
  override name = 'DataError';
  constructor(problems: Problem[]) { super(problems, 'The data could not be compiled'); }
}

/** The compiled RDF broke a SHACL shape or the IRI policy. */
export class ValidationError extends BuildFailure {
  override name = 'ValidationError';
  constructor(problems: Problem[]) { super(problems, 'The data does not conform to the shapes'); }
}
