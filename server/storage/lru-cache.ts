/**
 * A least-recently-used cache with a cap on the sum of its entries' sizes (bytes, or 1 per entry to cap their
 * number). The renderer keeps decoded sources and layers resampled ahead in one (render-composition.ts), the SQLite job
 * repository recently read jobs (sqlite/sqlite-job-repository.ts).
 *
 * `onDrop` hears of every entry that leaves (evicted, replaced, deleted or cleared), so that its memory can be
 * reused.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    readonly capBytes: number,
    private readonly onDrop: (value: V) => void = () => {},
  ) {}

  get bytes(): number {
    return this.used;
  }

  /** The keys, least recently used first (reading them changes nothing). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key); // re-insert: Map order is the recency order
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value`; false when it is larger than the whole cache (then it is not kept). */
  set(key: string, value: V, bytes: number): boolean {
    if (bytes > this.capBytes) return false;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.used -= old.bytes;
      this.onDrop(old.value);
    }
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.capBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
      this.onDrop(e.value);
    }
    return true;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
    this.onDrop(entry.value);
  }

  clear(): void {
    const values = [...this.entries.values()];
    this.entries.clear();
    this.used = 0;
    for (const e of values) this.onDrop(e.value);
  }
}
