// One error type for every failure the HTTP layer reports to a client: a status,
// a message meant for a person, and any headers (Allow, Retry-After).

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}
