import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskBlobStore } from '../storage/disk/disk-blob-store.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { S3BlobStore } from '../storage/s3/s3-blob-store.ts';
import { startSwiftServer, swiftSkipReason, type SwiftServer } from '../testing/swift-server.ts';
import { sendStoredBlob } from './send-stored-blob.ts';

const headers = { contentType: 'image/png', contentDisposition: 'attachment; filename="result.png"', cacheControl: 'private, max-age=3600' };
const bytes = randomBytes(200_000);

/** A real server answering GET /result with the blob `results/r.png` of `blobs`, as the result route does. */
async function serve(blobs: BlobStore): Promise<{ url: string; app: FastifyInstance }> {
  await blobs.put('results/r.png', bytes);
  const app = Fastify();
  app.get('/result', (_request, reply) => sendStoredBlob(reply, blobs, 'results/r.png', headers));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/result`, app };
}

async function expectStreamedBytes(url: string): Promise<void> {
  const answer = await fetch(url, { redirect: 'manual' });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('image/png');
  expect(answer.headers.get('content-length')).toBe(String(bytes.length));
  expect(answer.headers.get('content-disposition')).toBe(headers.contentDisposition);
  expect(answer.headers.get('cache-control')).toBe(headers.cacheControl);
  expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true);
}

it('streams a blob of the disk store through the server, with its length, type, name and caching', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
  const { url, app } = await serve(new DiskBlobStore(dir));
  try {
    await expectStreamedBytes(url);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const skip = swiftSkipReason();

describe.skipIf(skip)(`a blob of the S3 store${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let swift: SwiftServer;
  const stores: S3BlobStore[] = [];
  const s3Store = (browserUrlSeconds?: number) => {
    const store = new S3BlobStore({
      endpoint: swift.endpoint,
      region: swift.region,
      bucket: swift.bucket,
      accessKeyId: swift.accessKeyId,
      secretAccessKey: swift.secretAccessKey,
      forcePathStyle: true,
      prefix: `serve-${stores.length}`,
      browserUrlSeconds,
    });
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    swift = await startSwiftServer();
  }, 180_000);
  afterAll(async () => {
    for (const store of stores) store.close();
    await swift?.stop();
  });

  it('set up for browser URLs: redirects to a presigned URL, which gives the bytes with the same headers', async () => {
    const { url, app } = await serve(s3Store(300));
    try {
      const redirect = await fetch(url, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('cache-control')).toBe('no-store');
      const location = redirect.headers.get('location')!;
      expect(location.startsWith(`${swift.endpoint}/${swift.bucket}/serve-`)).toBe(true);
      expect(location).toContain('X-Amz-Signature=');

      // Signed anew for each request (its X-Amz-Date differs from one second to the next): the same object.
      const followed = await fetch(url);
      expect(followed.url.split('?')[0]).toBe(location.split('?')[0]);
      expect(followed.status).toBe(200);
      expect(followed.headers.get('content-type')).toBe('image/png');
      expect(followed.headers.get('content-disposition')).toBe(headers.contentDisposition);
      expect(followed.headers.get('cache-control')).toBe(headers.cacheControl);
      expect(Buffer.from(await followed.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('not set up for them: streams through the server like the disk store', async () => {
    const { url, app } = await serve(s3Store());
    try {
      await expectStreamedBytes(url);
    } finally {
      await app.close();
    }
  });
});
