// The worker lifecycle shared by reconciliation and site search (IndexWorker),
// with real worker threads running a tiny script (tests/fixtures/indexWorker.mjs):
// a crashed worker is replaced (its job answered 503 with Retry-After, the
// waiting ones by the replacement), a worker that keeps dying keeps being
// replaced, a close while the index is built ends the thread and closes the
// file it was lent, and a first start that fails means what each policy says:
// 'retry' (reconciliation: resolves, then every job is told why) or 'reject'
// (search: rejects, and its owner keeps what it had).

import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Worker } from 'node:worker_threads';
import { IndexWorker, type IndexWorkerOptions } from '../../src/http/indexWorker.js';
import { HttpError } from '../../src/http/httpError.js';

const SCRIPT = new URL('../fixtures/indexWorker.mjs', import.meta.url);

type Start = 'ready' | 'fail' | 'exit' | 'hold';
interface Job { echo?: string; crash?: boolean; error?: string }
interface Answer { echo?: string; threadId: number }
interface Built { bytes: number; threadId: number }

const opened: IndexWorker<Job, Answer, Built>[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((worker) => worker.close()));
});

/** An IndexWorker whose n-th worker starts as `starts[n]` (the last one for every later worker). */
function indexWorker(startFailure: 'retry' | 'reject', starts: Start[], more: Partial<IndexWorkerOptions<Built>> = {}) {
  const counters = { rejected: 0, timedOut: 0, restarts: 0 };
  const built: Built[] = [];
  let spawned = 0;
  const worker = new IndexWorker<Job, Answer, Built>({
    name: 'test', script: SCRIPT, startFailure, queueLimit: 8, timeoutMs: 30_000, noun: 'test job', plural: 'test jobs', counters,
    closing: 'The test is over.',
    workerData: () => ({ start: starts[Math.min(spawned++, starts.length - 1)] }),
    onReady: (started) => void built.push(started),
    notStarted: () => new HttpError(503, 'The test index is being built.', { 'Retry-After': '5' }),
    ...more,
  });
  opened.push(worker);
  return { worker, counters, built, spawned: () => spawned };
}

/** What a promise rejects with (or a failure if it resolves). */
async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(() => new Error('it was answered'), (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !condition() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
}

/** Descriptors of this process open on `file`. */
function openOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === file; } catch { return false; } }).length;
}

const threadOf = (worker: IndexWorker<Job, Answer, Built>) => (worker as unknown as { thread?: Worker }).thread;

describe('a worker that stops once its index is ready', () => {
  for (const policy of ['retry', 'reject'] as const) {
    it(`(${policy}) is replaced: its job is answered 503 with Retry-After, the waiting ones by the replacement`, async () => {
      const { worker, counters, built } = indexWorker(policy, ['ready']);
      await worker.start();
      expect(worker.state).toBe('ready');
      const first = (await worker.submit({ echo: 'one' })).threadId;
      const crashed = worker.submit({ crash: true });
      const waiting = [worker.submit({ echo: 'two' }), worker.submit({ echo: 'three' })];
      const error = await refusal(crashed);
      expect(error.status).toBe(503);
      expect(error.headers['Retry-After']).toBeTruthy();
      expect(error.message).toMatch(/test worker stopped unexpectedly and is being replaced/);
      const answers = await Promise.all(waiting);
      expect(answers.map((a) => a.echo)).toEqual(['two', 'three']);
      // Answered by another thread: the replacement, which built its index again.
      expect(answers[0].threadId).not.toBe(first);
      expect(counters.restarts).toBe(1);
      expect(built).toHaveLength(2);
      expect(worker.status()).toMatchObject({ ready: true, state: 'ready', started: true, running: false, queued: 0 });
    });
  }

  it('takes jobs while the replacement builds (they wait), and answers a failed job with its error', async () => {
    const { worker, counters } = indexWorker('retry', ['ready', 'hold']);
    await worker.start();
    await refusal(worker.submit({ crash: true }));
    await until(() => counters.restarts === 1);
    expect(worker.state).toBe('restarting');
    const waiting = worker.submit({ echo: 'later' });
    expect(worker.status().queued).toBe(1);
    await worker.close();
    expect((await refusal(waiting)).message).toMatch(/The test is over/);

    const other = indexWorker('reject', ['ready']).worker;
    await other.start();
    await expect(other.submit({ error: 'boom' })).rejects.toThrow(/^test failed: boom$/);
    expect((await other.submit({ echo: 'after' })).echo).toBe('after');
  });

  it('keeps replacing a worker that keeps dying, a second apart after the first three', async () => {
    const { worker, counters } = indexWorker('retry', ['exit', 'exit', 'exit', 'exit', 'exit', 'ready']);
    const began = Date.now();
    await worker.start();
    expect(counters.restarts).toBe(5);
    // Not in a tight loop: the 4th and 5th replacements each waited a second (a lower bound only: a slow machine takes longer).
    expect(Date.now() - began).toBeGreaterThanOrEqual(1900);
    expect(worker.state).toBe('ready');
    expect((await worker.submit({ echo: 'at last' })).echo).toBe('at last');
  });
});

describe('a first start that fails', () => {
  it('(retry) a worker that stops while building is replaced; start resolves once the replacement is ready', async () => {
    const { worker, counters, built } = indexWorker('retry', ['exit', 'ready']);
    expect((await refusal(worker.submit({ echo: 'early' }))).status).toBe(503);
    await worker.start();
    expect(counters.restarts).toBe(1);
    expect(built).toHaveLength(1);
    expect(worker.state).toBe('ready');
  });

  it('(retry) a worker that cannot build its index: start resolves, every job is told why (500), nothing is retried', async () => {
    const { worker, counters, spawned } = indexWorker('retry', ['fail']);
    await worker.start();
    expect(worker.status()).toMatchObject({ ready: false, state: 'failed', error: 'there is nothing to index' });
    const error = await refusal(worker.submit({ echo: 'x' }));
    expect(error.status).toBe(500);
    expect(error.message).toBe('Test is unavailable: there is nothing to index');
    expect(counters.restarts).toBe(0);
    expect(spawned()).toBe(1);
  });

  it('(reject) a worker that stops while building rejects the start and is not replaced', async () => {
    const { worker, counters, spawned } = indexWorker('reject', ['exit', 'ready']);
    await expect(worker.start()).rejects.toThrow(/the test worker stopped \(exit code 3\) before its index was ready/);
    expect(worker.state).toBe('failed');
    expect((await refusal(worker.submit({ echo: 'x' }))).status).toBe(500);
    expect(counters.restarts).toBe(0);
    expect(spawned()).toBe(1);
  });

  it('(reject) a worker that cannot build its index rejects the start with its reason', async () => {
    const { worker } = indexWorker('reject', ['fail']);
    await expect(worker.start()).rejects.toThrow(/^there is nothing to index$/);
    expect(worker.status()).toMatchObject({ state: 'failed', error: 'there is nothing to index' });
  });

  it('(both) what the worker is started with cannot be had: the start fails with why', async () => {
    for (const policy of ['retry', 'reject'] as const) {
      const { worker } = indexWorker(policy, ['ready'], { workerData: async () => { throw new Error('no records file'); } });
      const started = worker.start();
      if (policy === 'reject') await expect(started).rejects.toThrow(/no records file/);
      else await started;
      expect(worker.status()).toMatchObject({ state: 'failed', error: 'no records file' });
    }
  });
});

describe('closing', () => {
  it.runIf(process.platform === 'linux')('while the index is built ends the thread and closes the lent file; start settles by its policy', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'index-worker-'));
    const file = join(folder, 'index.ndjson');
    writeFileSync(file, 'x'.repeat(100));
    try {
      for (const policy of ['retry', 'reject'] as const) {
        const fds: number[] = [];
        const { worker } = indexWorker(policy, ['hold'], { workerData: (lend) => { fds.push(lend(file)); return { start: 'hold', fd: fds.at(-1) }; } });
        const started = worker.start();
        const settled = policy === 'reject' ? expect(started).rejects.toThrow(/closed/) : started;
        await until(() => threadOf(worker) !== undefined);
        const thread = threadOf(worker)!;
        let exited = false;
        thread.on('exit', () => { exited = true; });
        expect(worker.state).toBe('starting');
        expect(openOn(file)).toBe(1);
        expect((await refusal(worker.submit({ echo: 'early' }))).message).toBe('The test index is being built.');
        await worker.close();
        await settled;
        expect(exited).toBe(true);
        expect(openOn(file)).toBe(0);
        expect(worker.state).toBe('closed');
        const late = await refusal(worker.submit({ echo: 'late' }));
        expect([late.status, late.message]).toEqual([503, 'The test is over. Retry shortly.']);
        await worker.close(); // twice is harmless
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === 'linux')('before what the worker is started with is found starts no thread and leaves no file open', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'index-worker-'));
    const file = join(folder, 'records.ndjson');
    writeFileSync(file, 'x');
    let found!: () => void;
    const finding = new Promise<void>((resolve) => { found = resolve; });
    try {
      const { worker } = indexWorker('retry', ['ready'], { workerData: async (lend) => { await finding; return { start: 'ready', fd: lend(file) }; } });
      const started = worker.start();
      await worker.close();
      found();
      await started;
      await new Promise((r) => setTimeout(r, 100));
      expect(threadOf(worker)).toBeUndefined();
      expect(openOn(file)).toBe(0);
      expect(worker.state).toBe('closed');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === 'linux')('the lent file is opened once for every worker, the replacements too', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'index-worker-'));
    const file = join(folder, 'index.ndjson');
    writeFileSync(file, 'y'.repeat(42));
    try {
      const fds: number[] = [];
      const { worker, built } = indexWorker('reject', ['ready'], { workerData: (lend) => { fds.push(lend(file)); return { start: 'ready', fd: fds.at(-1) }; } });
      await worker.start();
      await refusal(worker.submit({ crash: true }));
      await worker.submit({ echo: 'again' });
      expect(fds).toHaveLength(2);
      expect(fds[1]).toBe(fds[0]);
      expect(built.map((b) => b.bytes)).toEqual([42, 42]);
      expect(openOn(file)).toBe(1);
      await worker.close();
      expect(openOn(file)).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
