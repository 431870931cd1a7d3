// A small HTTP load generator: N concurrent keep-alive clients replaying a mix of
// requests for a fixed time, recording statuses and latencies. Run from a process
// other than the server's so that both get their own core.

import { Agent, request } from 'node:http';

export interface LoadRequest { path: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; label?: string }

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  statuses: Record<string, number>;
  errors: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  byLabel: Record<string, { count: number; p50: number; p95: number; p99: number }>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function once(agent: Agent, base: URL, req: LoadRequest): Promise<{ status: number; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const r = request({ agent, host: base.hostname, port: base.port, path: req.path, method: req.method ?? 'GET', headers: { ...req.headers, ...(req.body ? { 'Content-Length': Buffer.byteLength(req.body) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    r.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    r.setTimeout(60_000, () => r.destroy());
    if (req.body) r.write(req.body);
    r.end();
  });
}

/** Runs for `durationMs`, or until `maxRequests` have been sent if that comes first. */
export async function runLoad(options: { url: string; concurrency: number; durationMs: number; maxRequests?: number; next: (i: number) => LoadRequest }): Promise<LoadResult> {
  const base = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const labelled = new Map<string, number[]>();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let counter = 0;
  const deadline = performance.now() + options.durationMs;
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, async () => {
    while (performance.now() < deadline && counter < (options.maxRequests ?? Infinity)) {
      const req = options.next(counter++);
      const { status, ms } = await once(agent, base, req);
      if (status === 0) errors++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(ms);
      const label = req.label ?? req.path.split('?')[0];
      const list = labelled.get(label);
      if (list) list.push(ms); else labelled.set(label, [ms]);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const byLabel = Object.fromEntries([...labelled].map(([label, list]) => {
    list.sort((a, b) => a - b);
    return [label, { count: list.length, p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99) }];
  }));
  return {
    requests: latencies.length, seconds, rps: latencies.length / seconds, statuses, errors,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0 },
    byLabel,
  };
}
