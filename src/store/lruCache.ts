// A least-recently-used cache bounded by the total length of its values. The dataset
// never changes while the server runs, so results, pages and parsed queries can be reused.

export class LruCache<V extends { length: number }> {
  private readonly entries = new Map<string, V>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    if (value.length > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) { this.bytes -= old.length; this.entries.delete(key); }
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.length;
    }
  }

  get size(): number { return this.entries.size; }
}
