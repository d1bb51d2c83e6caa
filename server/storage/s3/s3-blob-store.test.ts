import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreContract } from '../contracts/blob-store.contract.ts';
import { startSwiftServer, swiftSkipReason, type SwiftServer } from '../../testing/swift-server.ts';
import { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** V8's collector, made callable at run time (vitest's workers do not start with --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const skip = swiftSkipReason();

describe.skipIf(skip)(`S3 blob store on OpenStack Swift's s3api${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let swift: SwiftServer;
  const stores: S3BlobStore[] = [];
  let prefixes = 0;
  /** A store under a prefix of its own: an empty store in the one bucket, as each test needs. */
  const newStore = (options: Partial<S3BlobStoreOptions> = {}) => {
    prefixes += 1;
    const store = new S3BlobStore({
      endpoint: swift.endpoint,
      region: swift.region,
      bucket: swift.bucket,
      accessKeyId: swift.accessKeyId,
      secretAccessKey: swift.secretAccessKey,
      forcePathStyle: true,
      prefix: `test-${prefixes}`,
      ...options,
    });
    stores.push(store);
    return store;
  };

  // One Swift for the file: it starts in ~5 s (more on a busy machine), so not once per test.
  beforeAll(async () => {
    swift = await startSwiftServer();
  }, 180_000);
  afterAll(async () => {
    for (const store of stores) store.close();
    await swift?.stop();
  });

  blobStoreContract('S3 on Swift', async () => ({ store: newStore(), close: async () => undefined }));

  it('stores 300,000 bytes sent as exactly 300,000 bytes, whole or streamed', async () => {
    const store = newStore();
    const bytes = randomBytes(300_000);
    await store.put('uploads/whole', bytes);
    await store.put('uploads/streamed', Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]));
    for (const key of ['uploads/whole', 'uploads/streamed']) {
      expect(await store.stat(key)).toEqual({ size: 300_000 });
      const stored = await store.get(key);
      expect(stored.length).toBe(300_000);
      expect(sha256(stored)).toBe(sha256(bytes));
    }
    // Read past our own client too: what a browser is given is the same bytes.
    const fetched = Buffer.from(await (await fetch(await store.presignedUrl('uploads/streamed', { expiresInSeconds: 60 }))).arrayBuffer());
    expect(sha256(fetched)).toBe(sha256(bytes));
  });

  it('a presigned URL gives the bytes to a plain fetch, as a download with the name and type asked', async () => {
    const store = newStore();
    const bytes = randomBytes(70_000);
    await store.put('results/aaaaaaaaaaaaaaaaaaaaaaaa.png', bytes);
    const url = await store.presignedUrl('results/aaaaaaaaaaaaaaaaaaaaaaaa.png', {
      expiresInSeconds: 60,
      contentDisposition: 'attachment; filename="background-aaaaaaaaaaaaaaaaaaaaaaaa-1024x1024.png"',
      contentType: 'image/png',
    });
    expect(url.startsWith(`${swift.endpoint}/${swift.bucket}/test-`)).toBe(true);
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="background-aaaaaaaaaaaaaaaaaaaaaaaa-1024x1024.png"');
    expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses a tampered presigned URL: another key, another signature, another download name (403)', async () => {
    const store = newStore();
    await store.put('results/mine.png', Buffer.from('mine'));
    await store.put('results/else.png', Buffer.from('somebody else'));
    const url = await store.presignedUrl('results/mine.png', { expiresInSeconds: 60, contentDisposition: 'attachment; filename="mine.png"' });
    expect((await fetch(url)).status).toBe(200);

    // An object that exists, so a 403 is the signature refused, not a 404 in disguise.
    const otherKey = url.replace('/results/mine.png?', '/results/else.png?');
    const signature = new URL(url).searchParams.get('X-Amz-Signature')!;
    const flipped = `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`;
    const otherSignature = url.replace(`X-Amz-Signature=${signature}`, `X-Amz-Signature=${flipped}`);
    const otherName = url.replace(encodeURIComponent('"mine.png"'), encodeURIComponent('"evil.html"'));
    for (const tampered of [otherKey, otherSignature, otherName]) {
      expect(tampered).not.toBe(url);
      const answer = await fetch(tampered);
      expect(answer.status, tampered).toBe(403);
      expect(await answer.text()).not.toContain('somebody else');
    }
  });

  it('streams a 50 MB upload up in parts without holding it: the RSS grows far less than 50 MB', async () => {
    const store = newStore();
    const total = 50 * 1024 * 1024;
    const hash = createHash('sha256');
    let peak = 0;
    const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
    // The bytes are made as they are read and never kept, like an upload arriving from a client. Collecting
    // the garbage every 4 MB keeps the chunks already sent from counting: what remains is what the put holds.
    const source = Readable.from(
      (function* () {
        for (let sent = 0; sent < total; sent += 64 * 1024) {
          if (sent % (4 * 1024 * 1024) === 0) {
            collectGarbage();
            sample();
          }
          const chunk = randomBytes(Math.min(64 * 1024, total - sent));
          hash.update(chunk);
          yield chunk;
        }
      })(),
    );
    // The garbage of the tests before collected first, so the growth is this put's.
    collectGarbage();
    const before = process.memoryUsage.rss();
    const sampler = setInterval(sample, 5);
    const started = performance.now();
    try {
      await store.put('uploads/large', source);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const grewMb = (peak - before) / 1024 / 1024;
    console.log(`50 MB streamed put: ${seconds.toFixed(1)} s, RSS grew by ${grewMb.toFixed(1)} MB at most`);
    // One 8 MiB part buffer, the SDK's request, a few chunks: ~10 MB measured. A put holding the whole upload
    // (Buffer.concat of the stream) measured 98 MB here; 30 leaves room for a busy machine's late collector.
    expect(grewMb).toBeLessThan(30);

    expect(await store.stat('uploads/large')).toEqual({ size: total });
    const reader = await store.open('uploads/large');
    expect(reader.size).toBe(total);
    const read = createHash('sha256');
    for await (const piece of reader.stream) read.update(piece as Buffer);
    expect(read.digest('hex')).toBe(hash.digest('hex'));
  }, 120_000);

  it('a stream failing after some parts went up stores nothing, keeps the previous object and leaves no upload open', async () => {
    const store = newStore({ partBytes: 5 * 1024 * 1024 });
    const previous = randomBytes(1000);
    await store.put('uploads/kept', previous);
    const clientGone = new Error('the client went away');
    const failing = Readable.from(
      (function* () {
        for (let sent = 0; ; sent += 1024 * 1024) {
          if (sent >= 12 * 1024 * 1024) throw clientGone;
          yield randomBytes(1024 * 1024);
        }
      })(),
    );
    // The stream's own error, unchanged: the caller tells a client gone from a failing store.
    await expect(store.put('uploads/kept', failing)).rejects.toBe(clientGone);
    expect((await store.get('uploads/kept')).equals(previous)).toBe(true);

    const client = new S3Client({
      endpoint: swift.endpoint,
      region: swift.region,
      forcePathStyle: true,
      credentials: { accessKeyId: swift.accessKeyId, secretAccessKey: swift.secretAccessKey },
    });
    const open = await client.send(new ListMultipartUploadsCommand({ Bucket: swift.bucket }));
    client.destroy();
    expect(open.Uploads ?? []).toEqual([]);
  }, 60_000);

  it('keeps keys under its prefix: another prefix in the same bucket does not see them', async () => {
    const one = newStore();
    const other = newStore();
    await one.put('results/shared-name.png', Buffer.from('one'));
    expect(await other.stat('results/shared-name.png')).toBeNull();
    expect((await one.get('results/shared-name.png')).toString()).toBe('one');
  });

  it('says clearly at start when the bucket is missing or the secret is wrong', async () => {
    await expect(newStore({ bucket: 'no-such-bucket' }).verify()).rejects.toThrow(`S3 bucket "no-such-bucket" at ${swift.endpoint} cannot be used: no such bucket`);
    await expect(newStore({ secretAccessKey: 'wrong' }).verify()).rejects.toThrow('access denied (check the access key and secret)');
    await newStore().verify();
  });

  it('names the operation and object when the store cannot be reached', async () => {
    const unreachable = newStore({ endpoint: 'http://127.0.0.1:1' });
    await expect(unreachable.put('uploads/u', Buffer.from('u'))).rejects.toThrow(new RegExp(`^S3 put of ${swift.bucket}/test-\\d+/uploads/u failed: .*ECONNREFUSED`));
    await expect(unreachable.open('uploads/u')).rejects.toThrow(/^S3 get of .*\/uploads\/u failed: .*ECONNREFUSED/);
  });

  it('hands browsers presigned URLs only when asked to', async () => {
    const store = newStore({ browserUrlSeconds: 300 });
    await store.put('results/b.png', Buffer.from('b'));
    const url = await store.browserUrl('results/b.png', { contentType: 'image/png' });
    expect(url).toContain('X-Amz-Expires=300');
    expect(await (await fetch(url!)).text()).toBe('b');
    expect(await newStore().browserUrl('results/b.png', {})).toBeNull();
  });
});
