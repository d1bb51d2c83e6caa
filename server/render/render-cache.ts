/**
 * A least-recently-used cache of pixel buffers with a byte cap: decoded sources (keyed by a hash of their
 * encoded bytes) and resized layers (keyed by source, size and visible region). A job that repeats a source
 * skips its decode; one that repeats a layer's size and place (say, only the colour changed) skips its
 * resampling too. Entries are SharedArrayBuffers handed to the render workers without copying.
 *
 * `onDrop` hears of every entry that leaves (evicted, replaced or cleared), so that its memory can be reused.
 */
export class RenderCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    readonly capBytes: number,
    private readonly onDrop: (value: V) => void = () => {},
  ) {}

  get bytes(): number {
    return this.used;
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

  clear(): void {
    const values = [...this.entries.values()];
    this.entries.clear();
    this.used = 0;
    for (const e of values) this.onDrop(e.value);
  }
}
