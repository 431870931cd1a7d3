// One JSON line per request on stdout: when, who, what, how it ended, how long.

import { type RequestHandler } from 'express';

export function requestLog(write: (line: string) => void = (line) => process.stdout.write(line)): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      write(`${JSON.stringify({
        time: new Date().toISOString(), method: req.method, path: req.originalUrl.length > 300 ? `${req.originalUrl.slice(0, 300)}…` : req.originalUrl,
        status: res.statusCode, ms: Math.round(ms * 10) / 10, bytes: Number(res.get('content-length') ?? 0) || undefined,
        ip: req.ip, type: res.get('content-type')?.split(';')[0], truncated: res.get('x-result-truncated') ? true : undefined,
      })}\n`);
    });
    next();
  };
}
