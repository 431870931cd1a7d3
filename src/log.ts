// The server's log: one JSON object per line on stdout, requests and events alike,
// through pino (maintained, fast, and the format log collectors already read):
// `level` as a word, `time` in ISO 8601, `pid` to tell replicas apart, then the
// fields of the line. Written asynchronously (a slow reader of stdout must not
// hold up requests) and flushed when the process exits.

import { pino } from 'pino';

export const log = pino({
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
}, pino.destination({ dest: 1, sync: false }));
