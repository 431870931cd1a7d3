// How a query can fail inside an engine, one error type per kind; the HTTP layer
// maps each to its status. (A query refused before it runs is a QueryRefusedError.)

/** The engine evaluated the query and reported an error (a type error, an unsupported feature...). */
export class QueryFailedError extends Error {
  override name = 'QueryFailedError';
}
/** The query ran past the time limit and was stopped. */
export class QueryTimeoutError extends Error { override name = 'QueryTimeoutError'; }
/** The query needed more memory than a worker may use and was stopped. */
export class QueryMemoryError extends Error { override name = 'QueryMemoryError'; }
/** The engine failed (a crash, a trap in WebAssembly); the worker was replaced. */
export class EngineFaultError extends Error { override name = 'EngineFaultError'; }
/** The engine cannot take queries now (starting, shutting down, no worker). */
export class EngineUnavailableError extends Error { override name = 'EngineUnavailableError'; }
