// Fairness under heavy clients (issue 11): one light client sends a cheap query
// with fresh text, one at a time, while 0, 1, 2, 4 or 8 other clients — each on
// its own loopback address — loop a heavy query, also with fresh text. The same
// against our server and against Virtuoso, in the same run.

import { Agent, request } from 'node:http';
import { percentile } from './load.js';

export const FAIR_LIGHT = 'SELECT * WHERE { ?s ?p ?o } LIMIT 1';
export const FAIR_HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a <https://w3id.org/delicacy/ontology#Meeting> }';

export interface FairnessRow {
  heavy: number;
  median: number;
  p99: number;
  requests: number;
  failures: number;
  heavyDone: number;
  heavyFailed: number;
}

let counter = 0;

function ask(base: string, query: string, agent: Agent): Promise<{ status: number; ms: number }> {
  const url = new URL(`${base.replace(/\/$/, '')}/sparql`);
  url.search = new URLSearchParams({ query: `${query} # fresh ${++counter}` }).toString();
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent, headers: { Accept: 'application/sparql-results+json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.setTimeout(120_000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

/** One row: `heavy` heavy clients loop for warm-up plus `durationMs`; the light client is measured for `durationMs`. */
export async function fairnessRow(base: string, heavy: number, durationMs: number, warmupMs: number): Promise<FairnessRow> {
  let running = true;
  let heavyDone = 0;
  let heavyFailed = 0;
  const loops = Array.from({ length: heavy }, async (_, i) => {
    const agent = new Agent({ keepAlive: true, localAddress: `127.0.0.${i + 2}` });
    while (running) {
      const { status } = await ask(base, FAIR_HEAVY, agent);
      if (status === 200) heavyDone++; else heavyFailed++;
      if (status !== 200 && running) await new Promise((r) => setTimeout(r, 200)); // a refused client backs off a little
    }
    agent.destroy();
  });
  if (heavy > 0) await new Promise((r) => setTimeout(r, warmupMs));
  const agent = new Agent({ keepAlive: true, localAddress: '127.0.0.1' });
  const times: number[] = [];
  let failures = 0;
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    const { status, ms } = await ask(base, FAIR_LIGHT, agent);
    if (status === 200) times.push(ms); else failures++;
  }
  running = false;
  await Promise.all(loops);
  agent.destroy();
  times.sort((a, b) => a - b);
  return { heavy, median: percentile(times, 50), p99: percentile(times, 99), requests: times.length, failures, heavyDone, heavyFailed };
}

export async function fairnessTable(base: string, durationMs: number, warmupMs: number, heavyCounts = [0, 1, 2, 4, 8]): Promise<FairnessRow[]> {
  const rows: FairnessRow[] = [];
  for (const heavy of heavyCounts) rows.push(await fairnessRow(base, heavy, durationMs, warmupMs));
  return rows;
}
