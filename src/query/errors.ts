// One error type for a query refused before it reaches an engine: the status to
// answer with, a message for a person, and which limit or rule refused it (for
// metrics and for clients that want to tell the cases apart).

export class QueryRefusedError extends Error {
  override name = 'QueryRefusedError';
  constructor(readonly status: number, message: string, readonly rule: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}
