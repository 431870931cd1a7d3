// The scheduler on its own, with slots that the test controls: fair order between
// clients, per-client limits, deadlines, and the long-query lane.

import { describe, expect, it } from 'vitest';
import { Scheduler, type SchedulerOptions, type Slots } from '../../src/query/schedule/scheduler.js';
import { ScheduleRejectedError } from '../../src/query/schedule/rejected.js';
import { type JobControl } from '../../src/engine/engine.js';

class FakeSlots implements Slots {
  grown = 0;
  private listeners: (() => void)[] = [];
  constructor(public slots: number, public canGrow = false) {}
  capacity(): number { return this.slots; }
  grow(): boolean {
    if (!this.canGrow) return false;
    this.grown++;
    setTimeout(() => { this.slots++; for (const l of this.listeners) l(); }, 5);
    return true;
  }
  onCapacity(listener: () => void): void { this.listeners.push(listener); }
}

/** Slots whose stopped query costs a reload of `costMs` (an embedded worker). */
class CostlySlots extends FakeSlots {
  constructor(slots: number, private readonly costMs: number) { super(slots, false); }
  stopCostMs(): number { return this.costMs; }
}

const defaults: SchedulerOptions = { longAfterMs: 30, clientRunning: 5, clientQueued: 16, queueLimit: 64, queueTimeoutMs: 5000, clientMsPerMinute: 0, heavyForMs: 60_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A job that runs until released (or stopped through its signal), recording the order jobs start in. */
function jobs() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const job = (name: string) => (control: JobControl) => new Promise<string>((resolve, reject) => {
    started.push(name);
    releases.set(name, () => resolve(name));
    control.signal.addEventListener('abort', () => reject(control.signal.reason));
  });
  const release = async (name: string) => { releases.get(name)!(); await sleep(1); };
  return { started, job, release };
}

describe('scheduler', () => {
  it('serves the client that has used the least time next, not the head of one queue', async () => {
    const scheduler = new Scheduler(new FakeSlots(1), defaults);
    const { started, job, release } = jobs();
    const a = ['a1', 'a2', 'a3'].map((n) => scheduler.submit('A', job(n)));
    await sleep(5);
    const b = scheduler.submit('B', job('b1'));
    await sleep(5);
    await release('a1');
    expect(started).toEqual(['a1', 'b1']);
    await release('b1');
    await release('a2');
    await release('a3');
    expect(await Promise.all([...a, b])).toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  it("limits a client's waiting queries (429) and the whole queue (503)", async () => {
    const scheduler = new Scheduler(new FakeSlots(1), { ...defaults, clientRunning: 1, clientQueued: 2, queueLimit: 3 });
    const { job } = jobs();
    const held = [scheduler.submit('A', job('a1')), scheduler.submit('A', job('a2')), scheduler.submit('A', job('a3'))];
    await expect(scheduler.submit('A', job('a4'))).rejects.toMatchObject({ status: 429, rule: 'client-queue' });
    held.push(scheduler.submit('B', job('b1')));
    await expect(scheduler.submit('C', job('c1'))).rejects.toMatchObject({ status: 503, rule: 'queue-full' });
    for (const p of held) p.catch(() => undefined);
  });

  it('refuses a client over its query time per minute with 429 and Retry-After', async () => {
    const scheduler = new Scheduler(new FakeSlots(2), { ...defaults, clientMsPerMinute: 40 });
    const { job, release } = jobs();
    const first = scheduler.submit('A', job('a1'));
    await sleep(60);
    await release('a1');
    await first;
    const refused = await scheduler.submit('A', job('a2')).catch((e: ScheduleRejectedError) => e);
    expect(refused).toBeInstanceOf(ScheduleRejectedError);
    expect(refused).toMatchObject({ status: 429, rule: 'client-time' });
    expect((refused as ScheduleRejectedError).retryAfterS).toBeGreaterThan(0);
    // Another client is not affected.
    const other = scheduler.submit('B', job('b1'));
    await sleep(5);
    await release('b1');
    expect(await other).toBe('b1');
  });

  it('gives up on a query that waited past its deadline (503)', async () => {
    const scheduler = new Scheduler(new FakeSlots(1), { ...defaults, queueTimeoutMs: 50 });
    const { job } = jobs();
    scheduler.submit('A', job('a1')).catch(() => undefined);
    await expect(scheduler.submit('B', job('b1'))).rejects.toMatchObject({ status: 503, rule: 'queue-timeout' });
  });

  it("keeps a slot for short queries: a heavy client's next query waits while another client's runs", async () => {
    const scheduler = new Scheduler(new FakeSlots(2), defaults);
    const { started, job, release } = jobs();
    const h1 = scheduler.submit('H', job('h1'));
    await sleep(50); // h1 turns long: H is heavy now
    const h2 = scheduler.submit('H', job('h2'));
    await sleep(5);
    expect(started).toEqual(['h1']); // the last slot is not given to a heavy client
    const l1 = scheduler.submit('L', job('l1'));
    await sleep(5);
    expect(started).toEqual(['h1', 'l1']);
    await release('l1');
    await release('h1');
    expect(started).toEqual(['h1', 'l1', 'h2']);
    await release('h2');
    await Promise.all([h1, h2, l1]);
  });

  it('one slow query among many short ones does not make a client heavy', async () => {
    const scheduler = new Scheduler(new FakeSlots(2), defaults);
    const { started, job, release } = jobs();
    for (let i = 0; i < 4; i++) {
      const quick = scheduler.submit('L', job(`q${i}`));
      await sleep(2);
      await release(`q${i}`);
      await quick;
    }
    const slow = scheduler.submit('L', job('slow'));
    await sleep(50); // turns long
    await release('slow');
    await slow;
    const h = scheduler.submit('H', job('h1'));
    await sleep(50); // H's query turns long: H is heavy, and one slot is left
    const next = scheduler.submit('L', job('after'));
    await sleep(5);
    expect(started.slice(-2)).toEqual(['h1', 'after']); // L still gets the last slot
    await release('after');
    await release('h1');
    await Promise.all([h, next]);
  });

  it('when long queries hold every slot, asks for one more; if there is none, stops the newest long query (503)', async () => {
    const growing = new FakeSlots(2, true);
    const scheduler = new Scheduler(growing, defaults);
    const { job, release } = jobs();
    const a = scheduler.submit('A', job('a1'));
    const b = scheduler.submit('B', job('b1'));
    await sleep(60);
    expect(growing.grown).toBe(1);
    await release('a1');
    await release('b1');
    await Promise.all([a, b]);

    const fixed = new FakeSlots(2, false);
    const strict = new Scheduler(fixed, defaults);
    const c = strict.submit('C', job('c1'));
    await sleep(10);
    const d = strict.submit('D', job('d1'));
    await expect(d).rejects.toMatchObject({ status: 503, rule: 'long-lane' });
    await release('c1');
    expect(await c).toBe('c1');
  });

  it('when a stop costs its slot for longer than the queue may wait, stops a long query only once it has run that long', async () => {
    // A stop that costs less than the queue timeout is made as soon as the query turns long (30 ms).
    const cheap = new Scheduler(new CostlySlots(2, 150), defaults);
    const { job: cheapJob, release: cheapRelease } = jobs();
    const a = cheap.submit('A', cheapJob('a1'));
    await sleep(10);
    const b = cheap.submit('B', cheapJob('b1'));
    const cheapStart = Date.now();
    await expect(b).rejects.toMatchObject({ status: 503, rule: 'long-lane' });
    expect(Date.now() - cheapStart).toBeLessThan(140);
    await cheapRelease('a1');
    await a;

    // Queue timeout 100 ms, a stop costs 150 ms: d turns long at ~30 ms but is stopped only at ~150 ms.
    const scheduler = new Scheduler(new CostlySlots(2, 150), { ...defaults, queueTimeoutMs: 100 });
    const { job, release } = jobs();
    const c = scheduler.submit('C', job('c1'));
    await sleep(10);
    const started = Date.now();
    const d = scheduler.submit('D', job('d1'));
    const stoppedAt = d.then(() => -1, (error) => { expect(error).toMatchObject({ status: 503, rule: 'long-lane' }); return Date.now() - started; });
    expect(await stoppedAt).toBeGreaterThanOrEqual(140);
    await release('c1');
    expect(await c).toBe('c1');

    // A long query that finishes within the cost is never stopped, nor is the other one.
    const e = scheduler.submit('E', job('e1'));
    await sleep(10);
    const f = scheduler.submit('F', job('f1'));
    await sleep(80);
    await release('f1');
    await sleep(120);
    await release('e1');
    expect(await Promise.all([e, f])).toEqual(['e1', 'f1']);
  });

  it('drops a waiting query whose client went away', async () => {
    const scheduler = new Scheduler(new FakeSlots(1), defaults);
    const { started, job, release } = jobs();
    const a = scheduler.submit('A', job('a1'));
    const gone = new AbortController();
    const b = scheduler.submit('B', job('b1'), gone.signal);
    gone.abort();
    await expect(b).rejects.toMatchObject({ rule: 'client-gone' });
    await release('a1');
    await a;
    expect(started).toEqual(['a1']);
    expect(scheduler.status().queued).toBe(0);
  });
});
