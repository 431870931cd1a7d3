// One log line per request (src/log.ts): who, what, how it ended, how long.

import { type RequestHandler } from 'express';
import { log } from '../log.js';

export function requestLog(): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      log.info({
        method: req.method, path: req.originalUrl.length > 300 ? `${req.originalUrl.slice(0, 300)}…` : req.originalUrl,
        status: res.statusCode, ms: Math.round(ms * 10) / 10, bytes: Number(res.get('content-length') ?? 0) || undefined,
        ip: req.ip, type: res.get('content-type')?.split(';')[0], truncated: res.get('x-result-truncated') ? true : undefined,
      });
    });
    next();
  };
}
