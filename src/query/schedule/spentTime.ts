// The query time one client spent in a sliding window (the last minute), for the
// per-client quota. Kept in one-second buckets with a running sum, so that a
// client sending a thousand queries a second holds at most about sixty entries
// and asking for its total costs nothing; old buckets are dropped on every
// call, whether the quota is on or not (a client's record must not grow with
// the number of queries it sends).

interface Bucket { second: number; last: number; ms: number }

export class SpentTime {
  private readonly buckets: Bucket[] = [];
  private sum = 0;

  constructor(private readonly windowMs: number) {}

  add(now: number, ms: number): void {
    this.prune(now);
    const second = Math.floor(now / 1000);
    const newest = this.buckets[this.buckets.length - 1];
    if (newest && newest.second === second) {
      newest.ms += ms;
      newest.last = now;
    } else {
      this.buckets.push({ second, last: now, ms });
    }
    this.sum += ms;
  }

  /** Time spent by queries that ended in the window (a bucket counts until its last query leaves it). */
  total(now: number): number {
    this.prune(now);
    return this.sum;
  }

  /** When the oldest bucket's last query ended: the window frees that time at this moment plus its length. */
  oldest(now: number): number | undefined {
    this.prune(now);
    return this.buckets[0]?.last;
  }

  isEmpty(now: number): boolean {
    this.prune(now);
    return this.buckets.length === 0;
  }

  /** Buckets held (for tests: the record stays small). */
  get size(): number {
    return this.buckets.length;
  }

  private prune(now: number): void {
    let expired = 0;
    while (expired < this.buckets.length && now - this.buckets[expired].last >= this.windowMs) {
      this.sum -= this.buckets[expired].ms;
      expired++;
    }
    if (expired > 0) this.buckets.splice(0, expired);
  }
}
