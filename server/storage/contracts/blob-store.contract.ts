import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobNotFound, type BlobStore } from '../blob-store.ts';

export interface OpenedBlobStore {
  store: BlobStore;
  close(): Promise<void>;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `bytes` as a stream of uneven chunks, as an upload or a download arrives. */
function chunked(bytes: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (function* () {
      const steps = [1, 65_537, 300_001, 17];
      for (let at = 0, turn = 0; at < bytes.length; turn += 1) {
        if (failAfter !== undefined && at >= failAfter) throw new Error('the client went away');
        const step = steps[turn % steps.length]!;
        yield bytes.subarray(at, at + step);
        at += step;
      }
    })(),
  );
}

/** What every blob store must do; `open` makes a fresh, empty store for each test. */
export function blobStoreContract(name: string, open: () => Promise<OpenedBlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let opened: OpenedBlobStore;
    let store: BlobStore;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(() => opened.close());

    it('gives back a buffer byte for byte, whole or as a stream, with its size', async () => {
      const bytes = randomBytes(70_001);
      await store.put('results/aaaaaaaaaaaaaaaaaaaaaaaa.png', bytes);
      expect((await store.get('results/aaaaaaaaaaaaaaaaaaaaaaaa.png')).equals(bytes)).toBe(true);
      expect(await store.stat('results/aaaaaaaaaaaaaaaaaaaaaaaa.png')).toEqual({ size: 70_001 });
      const reader = await store.open('results/aaaaaaaaaaaaaaaaaaaaaaaa.png');
      expect(reader.size).toBe(70_001);
      expect((await readAll(reader.stream)).equals(bytes)).toBe(true);
    });

    it('stores a multi-megabyte stream byte-exact, and streams it back in pieces', async () => {
      const bytes = randomBytes(6 * 1024 * 1024 + 123);
      await store.put('uploads/bbbbbbbbbbbbbbbbbbbbbbbb', chunked(bytes));
      expect(await store.stat('uploads/bbbbbbbbbbbbbbbbbbbbbbbb')).toEqual({ size: bytes.length });
      const reader = await store.open('uploads/bbbbbbbbbbbbbbbbbbbbbbbb', { chunkBytes: 1 << 20 });
      let pieces = 0;
      const hash = createHash('sha256');
      for await (const piece of reader.stream) {
        pieces += 1;
        hash.update(piece as Buffer);
      }
      expect(hash.digest('hex')).toBe(sha256(bytes));
      expect(pieces).toBeGreaterThan(1);
      expect(sha256(await store.get('uploads/bbbbbbbbbbbbbbbbbbbbbbbb'))).toBe(sha256(bytes));
    });

    it('stores an empty blob', async () => {
      await store.put('results/empty.thumb.webp', Buffer.alloc(0));
      expect((await store.get('results/empty.thumb.webp')).length).toBe(0);
      const reader = await store.open('results/empty.thumb.webp');
      expect(reader.size).toBe(0);
      expect((await readAll(reader.stream)).length).toBe(0);
    });

    it('a put replaces the blob, and a reader opened before it reads the old one whole', async () => {
      const old = randomBytes(300_000);
      const next = randomBytes(200_000);
      await store.put('results/c.png', old);
      const reader = await store.open('results/c.png');
      await store.put('results/c.png', next);
      expect(reader.size).toBe(old.length);
      expect((await readAll(reader.stream)).equals(old)).toBe(true);
      expect((await store.get('results/c.png')).equals(next)).toBe(true);
    });

    it('a stream that fails half way stores nothing and leaves the previous blob as it was', async () => {
      const old = Buffer.from('the previous upload');
      await store.put('uploads/d', old);
      await expect(store.put('uploads/d', chunked(randomBytes(2_000_000), 1_000_000))).rejects.toThrow('the client went away');
      expect((await store.get('uploads/d')).equals(old)).toBe(true);
      await expect(store.put('uploads/never', chunked(randomBytes(2_000_000), 1_000_000))).rejects.toThrow('the client went away');
      expect(await store.stat('uploads/never')).toBeNull();
    });

    it('a missing key is a clear "not found" on every read, and deleting it is not an error', async () => {
      const missing = 'results/ffffffffffffffffffffffff.png';
      await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFound);
      await expect(store.get(missing)).rejects.toThrow(`no stored blob ${missing}`);
      await expect(store.open(missing)).rejects.toBeInstanceOf(BlobNotFound);
      expect(await store.stat(missing)).toBeNull();
      await store.delete(missing);
    });

    it('a deleted blob is gone, and other keys stay', async () => {
      await store.put('results/e.png', Buffer.from('e'));
      await store.put('results/e.preview.webp', Buffer.from('preview'));
      await store.delete('results/e.png');
      await expect(store.get('results/e.png')).rejects.toBeInstanceOf(BlobNotFound);
      expect((await store.get('results/e.preview.webp')).toString()).toBe('preview');
    });

    it('refuses a key that could name something outside the store', async () => {
      for (const key of ['../escape', 'uploads/../../etc/passwd', '/abs', '', 'uploads//x', 'uploads/x.tmp']) {
        await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/not a blob key/);
      }
    });
  });
}
