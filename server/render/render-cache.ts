/**
 * A least-recently-used cache of pixel buffers with a byte cap: decoded sources (keyed by a hash of their
 * encoded bytes) and resized layers (keyed by source, size and visible region). A job that repeats a source
 * skips its decode; one that repeats a layer's size and place (say, only the colour changed) skips its
 * resampling too. Entries are SharedArrayBuffers handed to the render workers without copying.
 */
export class RenderCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(readonly capBytes: number) {}

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

  set(key: string, value: V, bytes: number): void {
    if (bytes > this.capBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.used -= old.bytes;
    }
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.capBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
