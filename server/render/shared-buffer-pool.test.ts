import { describe, expect, it } from 'vitest';
import { SharedBufferPool } from './shared-buffer-pool.ts';

describe('SharedBufferPool', () => {
  it('hands a released buffer to the next request that fits it, and a new one otherwise', () => {
    const pool = new SharedBufferPool(16000);
    const a = pool.acquire(1600);
    expect(a.byteLength).toBe(1600);
    pool.release(a);
    expect(pool.idleBytes).toBe(1600);
    expect(pool.acquire(1440)).toBe(a); // within 1.5x
    expect(pool.idleBytes).toBe(0);
    pool.release(a);
    expect(pool.acquire(800)).not.toBe(a); // a would hold twice what is asked
    expect(pool.acquire(1616)).not.toBe(a); // too small
  });

  it('picks the smallest idle buffer that fits', () => {
    const pool = new SharedBufferPool(16000);
    const big = pool.acquire(2240);
    const small = pool.acquire(1760);
    pool.release(big);
    pool.release(small);
    expect(pool.acquire(1600)).toBe(small);
  });

  it('keeps a buffer from reuse until its last user releases it', () => {
    const pool = new SharedBufferPool(16000);
    const a = pool.acquire(1600);
    pool.retain(a); // say, the cache keeps it too
    pool.release(a); // the render is done
    expect(pool.idleBytes).toBe(0);
    expect(pool.acquire(1600)).not.toBe(a);
    pool.release(a); // the cache lets it go
    expect(pool.idleBytes).toBe(1600);
    expect(pool.acquire(1600)).toBe(a);
  });

  it('keeps at most its cap of idle memory, letting the least recently released go', () => {
    const pool = new SharedBufferPool(4000);
    const [a, b, c] = [pool.acquire(1600), pool.acquire(1600), pool.acquire(1600)];
    pool.release(a);
    pool.release(b);
    pool.release(c);
    expect(pool.idleBytes).toBe(3200);
    expect(pool.acquire(1600)).not.toBe(a); // a went
    pool.drain();
    expect(pool.idleBytes).toBe(0);
  });

  it('ignores buffers it did not make, and a second release', () => {
    const pool = new SharedBufferPool(16000);
    pool.release(new SharedArrayBuffer(160));
    const a = pool.acquire(10);
    expect(a.byteLength).toBe(16); // whole 16-byte words: any typed array can view all of it
    pool.release(a);
    pool.release(a);
    expect(pool.idleBytes).toBe(16);
  });
});
