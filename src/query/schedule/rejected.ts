// A query the scheduler will not run (now): the status (429 for a client over its
// limits, 503 for a server without room), the rule that said no, and when to retry.

export class ScheduleRejectedError extends Error {
  override name = 'ScheduleRejectedError';
  constructor(readonly status: number, message: string, readonly rule: string, readonly retryAfterS: number) {
    super(message);
  }
}
