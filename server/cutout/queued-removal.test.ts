import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../config.ts';
import { SourceLoader } from '../images/source-loader.ts';
import { InProcessJobQueue } from '../queue/in-process/in-process-job-queue.ts';
import type { RetryPolicy, WorkKind, WorkState } from '../queue/job-queue.ts';
import { uploadKey } from '../storage/blob-keys.ts';
import { newUploadId } from '../storage/ids.ts';
import { openStorage, type Storage } from '../storage/open-storage.ts';
import { pixelReader, solidPng } from '../testing/test-server.ts';
import { BackgroundRemover, ModelUnavailable, RemovalQueueFull } from './background-remover.ts';
import { EffectsBaker } from './effects-baker.ts';
import { ForegroundRefused, ForegroundService, type ForegroundOptions } from './foreground-service.ts';
import { QueuedRemovals, RemovalUnanswered } from './queued-removal.ts';

// An api replica's ForegroundService (handing removals to the queue) and a worker's (taking them), on one set
// of real engines (SQLite, files, the in-process queue and feed), as two processes would share PostgreSQL,
// S3 and Redis. The api side's remover is closed: it must never be used.

/** The real in-process queue, counting the steps asked of it. */
class CountingQueue extends InProcessJobQueue {
  enqueued = 0;
  override enqueue(kind: WorkKind, jobId: string, options?: { delayMs?: number; state?: WorkState }): Promise<void> {
    if (kind === 'remove-background') this.enqueued += 1;
    return super.enqueue(kind, jobId, options);
  }
}

const ORIGINS = { publicBaseUrl: null, requestOrigin: null, port: 8080 };
const log = Fastify().log;

interface Deployment {
  dataDir: string;
  storage: Storage;
  queue: CountingQueue;
  removals: QueuedRemovals;
  /** The api replica's service: hands removals off. */
  api: ForegroundService;
  /** The worker's service, also as the embedded mode runs it (prepare, no hand-off). */
  worker: ForegroundService;
  takeWork(): void;
  /** Stores `bytes` as an upload and answers its URL. */
  upload(bytes: Buffer, name: string): Promise<string>;
  /** The files under removals/ (photos handed over, answers not yet read). */
  handedOver(): string[];
  close(): Promise<void>;
}

const opened: Deployment[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((deployment) => deployment.close()));
});

async function deployment(options: { queueLimit?: number; timeoutMs?: number; workerMaxPixels?: number; worker?: boolean; retry?: RetryPolicy } = {}): Promise<Deployment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'queued-removal-'));
  const storage = await openStorage({ engines: testConfig().engines, dataDir, log, jobChanged: () => {} });
  const { uploads, blobs } = storage;
  const queue = new CountingQueue(options.retry);
  const removals = new QueuedRemovals({ queue, blobs, uploads, changes: storage.jobChanges, queueLimit: options.queueLimit ?? 4, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  // Closed from the start: any removal the api side tried itself would fail with RemoverClosed.
  const apiRemover = new BackgroundRemover({ queueLimit: 4 });
  await apiRemover.close();
  const workerRemover = new BackgroundRemover({ queueLimit: 4, ...(options.workerMaxPixels ? { maxPixels: options.workerMaxPixels } : {}) });
  const baker = new EffectsBaker();
  const shared = { uploads, blobs, sources: new SourceLoader(blobs, dataDir, []), store: storage.jobs, cache: storage.foregroundCache, baker };
  const api = new ForegroundService({ ...shared, remover: apiRemover, handOff: removals });
  const worker = new ForegroundService({ ...shared, remover: workerRemover });
  const made: Deployment = {
    dataDir,
    storage,
    queue,
    removals,
    api,
    worker,
    takeWork: () => removals.takeWork((loaded) => worker.prepareQueued(loaded), log),
    upload: async (bytes, name) => {
      const { width = 0, height = 0 } = await sharp(bytes).metadata().catch(() => ({ width: 0, height: 0 }));
      const id = newUploadId();
      await blobs.put(uploadKey(id), bytes);
      await uploads.insert({ id, format: 'png', width, height, bytes: bytes.length, name, createdAt: Date.now() });
      return `http://127.0.0.1:${ORIGINS.port}/api/uploads/${id}`;
    },
    handedOver: () => (existsSync(join(dataDir, 'removals')) ? readdirSync(join(dataDir, 'removals')) : []),
    close: async () => {
      removals.close();
      await queue.close();
      await Promise.all([apiRemover.close(), workerRemover.close(), baker.close()]);
      storage.jobChanges.releaseAll();
      storage.batchChanges.releaseAll();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.worker !== false) made.takeWork();
  opened.push(made);
  return made;
}

/** A cut-out already: `width`x`height`, transparent but for a red 30x20 box at (25, 15). */
const cutoutPhoto = (width = 80, height = 60) =>
  solidPng(30, 20, '#ff0000').then((box) =>
    sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).composite([{ input: box, left: 25, top: 15 }]).png().toBuffer(),
  );

const trim = (image: string, margin = 5): ForegroundOptions => ({ image, removeBackground: false, trim: true, margin });

/** How a refusal reads, to compare the api replica's with the embedded mode's. */
async function refusal(preparing: Promise<unknown>): Promise<{ status: number; message: string; field: string }> {
  const error = await preparing.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ForegroundRefused);
  const { statusCode: status, message, field } = error as ForegroundRefused;
  return { status, message, field };
}

describe('background removal as a step of the work queue (an api replica and a worker)', () => {
  it("a trim asked of the api replica is prepared by the worker's step; the api's remover is never used; nothing is left under removals/", async () => {
    const cluster = await deployment();
    const image = await cluster.upload(await cutoutPhoto(), 'bottle.png');
    const prepared = await cluster.api.prepare(trim(image), ORIGINS);
    expect(prepared).toMatchObject({
      subject: { x: 5, y: 5, width: 30, height: 20 },
      crop: { x: 20, y: 10, width: 40, height: 30 },
      source: { width: 80, height: 60 },
      padding: { left: 0, top: 0, right: 0, bottom: 0 },
      // A trim removes nothing: the matte's doubt is not measured, and says so through the hand-off.
      halfTransparent: null,
      upload: { format: 'png', width: 40, height: 30, name: 'bottle cut-out.png' },
    });
    const pixels = await pixelReader(await cluster.storage.blobs.get(uploadKey(prepared.upload.id)));
    expect([pixels.width, pixels.height]).toEqual([40, 30]);
    expect(pixels.at(20, 15)).toEqual([255, 0, 0, 255]);
    expect(pixels.at(1, 1)![3]).toBe(0);
    expect(cluster.queue.enqueued).toBe(1);
    expect(cluster.handedOver()).toEqual([]);

    // Asked again, the api replica answers from the cache the worker filled: no second step.
    const again = await cluster.api.prepare(trim(image), ORIGINS);
    expect(again).toMatchObject(prepared);
    expect(cluster.queue.enqueued).toBe(1);
    expect(await cluster.removals.state()).toEqual({ model: 'remote', loadMs: null, queued: 0, error: null });
  });

  it('two identical requests at once get the same cut-out', async () => {
    const cluster = await deployment();
    const image = await cluster.upload(await cutoutPhoto(), 'twice.png');
    const [first, second] = await Promise.all([cluster.api.prepare(trim(image, 2), ORIGINS), cluster.api.prepare(trim(image, 2), ORIGINS)]);
    expect(second.upload.id).toBe(first.upload.id);
    expect(cluster.handedOver()).toEqual([]);
  });

  it('refusals come back from the worker with the status, field and reason the embedded mode gives', async () => {
    const cluster = await deployment({ workerMaxPixels: 10_000 });
    const transparent = await cluster.upload(await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer(), 'empty.png');
    const notAnImage = await cluster.upload(Buffer.from('this is not an image at all, just some text'), 'notes.png');
    const tooLarge = await cluster.upload(await cutoutPhoto(200, 100), 'large.png');
    for (const image of [transparent, notAnImage, tooLarge]) {
      const embedded = await refusal(cluster.worker.prepare(trim(image), ORIGINS));
      expect(await refusal(cluster.api.prepare(trim(image), ORIGINS))).toEqual(embedded);
    }
    expect((await refusal(cluster.api.prepare(trim(transparent), ORIGINS))).status).toBe(422);
    expect((await refusal(cluster.api.prepare(trim(tooLarge), ORIGINS))).status).toBe(413);
    expect([400, 415]).toContain((await refusal(cluster.api.prepare(trim(notAnImage), ORIGINS))).status);
    expect(cluster.handedOver()).toEqual([]);
  });

  it("a worker whose model cannot load answers 503 with its reason; a step failing every attempt answers at once, not at the deadline", async () => {
    const cluster = await deployment({ worker: false, retry: { attempts: 2, backoffMs: 10 } });
    const broken = await cluster.upload(await cutoutPhoto(), 'broken.png');
    const noModel = await cluster.upload(await cutoutPhoto(81, 60), 'no-model.png');
    cluster.removals.takeWork(async ({ options }) => {
      if (options.image === noModel) throw new ModelUnavailable('the background-removal model could not be loaded: out of memory');
      throw new Error('the disk is full');
    }, log);
    const unavailable = await cluster.api.prepare(trim(noModel), ORIGINS).catch((failure: unknown) => failure);
    expect(unavailable).toBeInstanceOf(ModelUnavailable);
    expect((unavailable as Error).message).toBe('the background-removal model could not be loaded: out of memory');
    await expect(cluster.api.prepare(trim(broken), ORIGINS)).rejects.toThrow('the background removal failed on a worker: the disk is full');
    expect(cluster.handedOver()).toEqual([]);
  });

  it('with the line of removals full, the api replica refuses at once with a Retry-After, handing nothing over', async () => {
    const cluster = await deployment({ queueLimit: 1, worker: false });
    await cluster.queue.enqueue('remove-background', 'someone-else');
    const image = await cluster.upload(await cutoutPhoto(), 'busy.png');
    const error = await cluster.api.prepare(trim(image), ORIGINS).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(RemovalQueueFull);
    expect((error as RemovalQueueFull).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(cluster.handedOver()).toEqual([]);
    expect(await cluster.removals.state()).toMatchObject({ model: 'remote', queued: 1 });
  });

  it('without a worker the request gives up at its deadline and takes its photo back; a worker coming later stores no answer', async () => {
    const cluster = await deployment({ timeoutMs: 300, worker: false });
    const image = await cluster.upload(await cutoutPhoto(), 'alone.png');
    await expect(cluster.api.prepare(trim(image), ORIGINS)).rejects.toBeInstanceOf(RemovalUnanswered);
    expect(cluster.handedOver()).toEqual([]);
    cluster.takeWork();
    await expect.poll(() => cluster.queue.count('remove-background')).toBe(0);
    expect(cluster.handedOver()).toEqual([]);
  });
});
