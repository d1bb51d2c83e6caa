/**
 * SharedArrayBuffers kept for reuse between renders. A render needs some 200 MB of pixel memory (decoded
 * sources, resized layers, PNG pieces); memory the process has never touched costs a page fault per 4 KB,
 * which on these virtual machines is ~4 ms per MB (~0.8 s for a 3840x3840 job), while memory touched
 * before costs nothing. So buffers go back to the pool when their last user releases them, and the next job
 * takes them again.
 *
 * Each buffer counts its users: the render that acquired it, and the render cache while it keeps it.
 */
export class SharedBufferPool {
  private readonly users = new Map<SharedArrayBuffer, number>();
  /** Idle buffers, least recently released first. */
  private readonly idle: SharedArrayBuffer[] = [];
  private idleTotal = 0;

  /**
   * @param idleCapBytes the most idle memory kept; beyond it the least recently released buffers are let go.
   * @param maxSlack an idle buffer serves a request up to this many times its size (no more memory is held
   *   hostage by a smaller job).
   */
  constructor(
    readonly idleCapBytes: number,
    readonly maxSlack = 1.5,
  ) {}

  get idleBytes(): number {
    return this.idleTotal;
  }

  /**
   * A buffer of at least `bytes`, a whole number of 16-byte words (any typed array can view all of it), with
   * one user. Its contents are whatever its last user left.
   */
  acquire(bytes: number): SharedArrayBuffer {
    bytes = Math.ceil(bytes / 16) * 16;
    let best = -1;
    for (let i = 0; i < this.idle.length; i += 1) {
      const size = this.idle[i]!.byteLength;
      if (size >= bytes && size <= bytes * this.maxSlack && (best < 0 || size < this.idle[best]!.byteLength)) best = i;
    }
    const buffer = best >= 0 ? this.idle.splice(best, 1)[0]! : new SharedArrayBuffer(bytes);
    if (best >= 0) this.idleTotal -= buffer.byteLength;
    this.users.set(buffer, 1);
    return buffer;
  }

  /** One more user of a buffer from this pool (others are ignored). */
  retain(buffer: SharedArrayBuffer): void {
    const n = this.users.get(buffer);
    if (n !== undefined) this.users.set(buffer, n + 1);
  }

  /** One user fewer; the last one hands the buffer back for reuse. */
  release(buffer: SharedArrayBuffer): void {
    const n = this.users.get(buffer);
    if (n === undefined) return;
    if (n > 1) {
      this.users.set(buffer, n - 1);
      return;
    }
    this.users.delete(buffer);
    this.idle.push(buffer);
    this.idleTotal += buffer.byteLength;
    while (this.idleTotal > this.idleCapBytes && this.idle.length > 0) this.idleTotal -= this.idle.shift()!.byteLength;
  }

  /** Lets every idle buffer go (tests, and a server asked to shed memory). */
  drain(): void {
    this.idle.length = 0;
    this.idleTotal = 0;
  }
}
