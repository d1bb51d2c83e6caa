/**
 * Large typed arrays kept from one removal to the next on the remover's thread. A new 48 MB array (a 12-MP
 * matte) costs its first touch of every page: measured on this project's 2-core VMs, allocating and filling one
 * took 600-1100 ms while refilling it took under 10 ms, and a 12-MP removal made five. Each buffer is asked for
 * by name, grows when a larger photo needs it, and all are dropped after a while without work (`release`), so
 * an idle server does not hold them.
 */
export class ReusedBuffers {
  private readonly buffers = new Map<string, ArrayBuffer>();

  /** `length` floats, in the buffer called `name`; its contents are whatever the last user left. */
  float32(name: string, length: number): Float32Array {
    return new Float32Array(this.buffer(name, length * 4), 0, length);
  }

  /** `length` bytes, in the buffer called `name`; its contents are whatever the last user left. */
  uint8(name: string, length: number): Uint8Array {
    return new Uint8Array(this.buffer(name, length), 0, length);
  }

  /** Drops every buffer (their memory goes back once nothing else refers to it). */
  release(): void {
    this.buffers.clear();
  }

  /** The bytes held now, for tests and logs. */
  get heldBytes(): number {
    let total = 0;
    for (const buffer of this.buffers.values()) total += buffer.byteLength;
    return total;
  }

  private buffer(name: string, bytes: number): ArrayBuffer {
    const held = this.buffers.get(name);
    // A buffer handed to another thread is detached (byteLength 0): it is replaced like one too small.
    if (held && held.byteLength >= bytes) return held;
    const fresh = new ArrayBuffer(bytes);
    this.buffers.set(name, fresh);
    return fresh;
  }
}
