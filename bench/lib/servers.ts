// Starting and stopping the servers the benchmark compares: ours (a real
// `delicacy serve` process), Virtuoso (scripts/virtuoso.sh), and the bare
// node:http and Express references.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/model/paths.js';

export interface RunningProcess {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawn to ready. */
  startMs: number;
  stop(): Promise<void>;
}

export function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return 0;
  }
}

async function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${output.slice(-500)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) { clearTimeout(timer); resolve(match); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${output.slice(-2000)}`)); });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

/**
 * The benchmark is one client by design (one address, up to 32 requests at once):
 * the per-client limits, which exist to share a public server between clients,
 * would turn its concurrency into 429s. The fairness phase keeps them.
 */
export const ONE_CLIENT_LIMITS = { CLIENT_QUERY_MS_PER_MINUTE: '0', CLIENT_CONCURRENT_QUERIES: '8', CLIENT_QUEUED_QUERIES: '64' };

export async function startOurs(dist: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [projectPath('bin', 'delicacy.js'), 'serve'], {
    cwd: projectPath(),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REQUEST_LOG: 'false', DELICACY_DIST: dist, QUERY_WORKERS: '2', QUERY_QUEUE: '512', QUERY_TIMEOUT_MS: '60000', WORKER_MEMORY_MB: '4096', RESULT_CACHE_MB: '0', MALLOC_ARENA_MAX: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const match = await waitForLine(child, /serving \d+ quads at (\S+)/, 600_000);
  const url = match[1];
  // Ready means the endpoint answers.
  for (;;) {
    const res = await fetch(`${url}ready`).catch(() => undefined);
    if (res?.ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - started;
  child.stdout?.resume();
  child.stderr?.resume();
  return { name: 'ours', url: url.replace(/\/$/, ''), pid: child.pid!, startMs, stop: () => stopChild(child) };
}

export async function startBare(kind: 'node' | 'express', bodyFile: string): Promise<RunningProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [projectPath('build', 'bench', 'servers', 'bare.js'), kind, bodyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const match = await waitForLine(child, /listening (\d+)/, 10_000);
  return { name: `bare ${kind}`, url: `http://127.0.0.1:${match[1]}`, pid: child.pid!, startMs: performance.now() - started, stop: () => stopChild(child) };
}

export async function startVirtuoso(dir: string, dump: string, httpPort = 8890, sqlPort = 1111): Promise<RunningProcess> {
  const started = performance.now();
  execFileSync(projectPath('scripts', 'virtuoso.sh'), ['start', dir, dump, String(httpPort), String(sqlPort)], { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const pid = Number(readFileSync(`${dir}/virtuoso.pid`, 'utf8').trim());
  return {
    name: 'virtuoso', url: `http://127.0.0.1:${httpPort}`, pid, startMs: performance.now() - started,
    stop: async () => { execFileSync(projectPath('scripts', 'virtuoso.sh'), ['stop', dir], { stdio: 'inherit' }); },
  };
}
