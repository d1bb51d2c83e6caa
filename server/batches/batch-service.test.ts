import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../queue/bullmq/bullmq-job-queue.ts';
import { InProcessJobQueue } from '../queue/in-process/in-process-job-queue.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { describeWithRedis, startRedis, type TestRedis } from '../testing/redis-server.ts';
import { LogCapture, makeAppDir, solidPng, startTestServer, type ConfigOverrides, type TestServer } from '../testing/test-server.ts';
import { testConfig } from '../config.ts';

// Batch items as `batch-item` steps of the work queue, on the real server (SQLite, files, the queue). Two apps on
// one DATA_DIR and one queue stand for two processes of a deployment: an api replica and a worker, or a replica
// starting while another prepares items.

interface BatchJson {
  status: string;
  completed: number;
  failed: number;
  left: number;
  items: Array<{ name: string; jobId: string; status: string; error?: string }>;
}

const layout = { canvas_size: '120x90', color_code: '#ffffff', origin_img: 'https://example.com/slot.png', modify_origin_img_size: '40x40', overlay_origin_x: 40, overlay_origin_y: 25 };

/** A photo host that holds every answer until `release()` (then answers at once), counting requests by path. */
class PhotoHost {
  readonly requests: string[] = [];
  private readonly held: ServerResponse[] = [];
  private released = false;
  private readonly server: Server;
  url = '';
  constructor(private readonly png: Buffer) {
    this.server = createServer((request, response) => {
      this.requests.push(request.url!);
      if (this.released) this.answer(response);
      else this.held.push(response);
    });
  }
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }
  private answer(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'image/png' }).end(this.png);
  }
  release(): void {
    this.released = true;
    for (const response of this.held.splice(0)) this.answer(response);
  }
  count(path: string): number {
    return this.requests.filter((url) => url === path).length;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const servers: TestServer[] = [];
const hosts: PhotoHost[] = [];
afterEach(async () => {
  // Workers before the api processes: a shared in-process queue closes with the first app that closes.
  for (const server of servers.splice(0).reverse()) await server.close();
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

async function start(overrides: ConfigOverrides, queue: JobQueue, log?: LogCapture): Promise<TestServer> {
  const server = await startTestServer(overrides, { jobQueue: queue, ...(log ? { captureLog: log } : {}) });
  servers.push(server);
  return server;
}

const asApi: Pick<ConfigOverrides, 'engines'> = { engines: { ...testConfig().engines, role: 'api' } };

const batchOf = async (server: TestServer, id: string) => (await server.app.inject({ url: `/api/batches/${id}` })).json() as BatchJson;

async function createBatch(server: TestServer, items: Array<{ image: string; name: string }>): Promise<string> {
  const response = await server.app.inject({ method: 'POST', url: '/api/batches', payload: { layout, items } });
  expect(response.statusCode, response.body).toBe(202);
  return response.json().id as string;
}

/** The items' own states, read from the database as another process would. */
function itemStates(dataDir: string, batchId: string): string[] {
  const db = new DatabaseSync(join(dataDir, 'jobs.sqlite'), { readOnly: true });
  try {
    return (db.prepare('SELECT state FROM batch_items WHERE batch_id = ? ORDER BY position').all(batchId) as Array<{ state: string }>).map((row) => row.state);
  } finally {
    db.close();
  }
}

/** The job ids a server logged as rendered, one line per finished render. */
const rendered = (log: LogCapture) => log.lines.filter((line) => line.includes('"msg":"rendered"')).map((line) => (JSON.parse(line) as { jobId: string }).jobId);

describe('batch items on the work queue', () => {
  it('an api process stores the batch and enqueues BATCH_IN_FLIGHT items without preparing any; a worker prepares them, each into one job', async () => {
    const host = await new PhotoHost(await solidPng(30, 30, '#ff00ff')).listen();
    hosts.push(host);
    host.release();
    const queue = new InProcessJobQueue();
    const dataDir = mkdtempSync(join(tmpdir(), 'batch-steps-'));
    const appDir = await makeAppDir();
    // The api process may not fetch from loopback: an item it prepared itself would fail for it.
    const api = await start({ dataDir, appDir, batchInFlight: 2, ...asApi }, queue);
    const id = await createBatch(api, Array.from({ length: 5 }, (_, i) => ({ image: `${host.url}/product-${i}.png`, name: `product ${i}` })));
    // Two claimed and enqueued, the rest waiting as rows; no process takes `batch-item` steps yet.
    await expect.poll(() => itemStates(dataDir, id)).toEqual(['preparing', 'preparing', 'pending', 'pending', 'pending']);

    const log = new LogCapture();
    const worker = await start({ dataDir, appDir, batchInFlight: 2, fetchAllowHosts: ['127.0.0.1'] }, queue, log);
    await expect.poll(async () => (await batchOf(worker, id)).left, { timeout: 30_000 }).toBe(0);
    const batch = await batchOf(worker, id);
    expect(batch, JSON.stringify(batch.items)).toMatchObject({ status: 'done', completed: 5 });
    expect(rendered(log).sort()).toEqual(batch.items.map((item) => item.jobId).sort());
    expect([0, 1, 2, 3, 4].map((i) => host.count(`/product-${i}.png`))).toEqual([1, 1, 1, 1, 1]);
  });

  it('a step that fails its every attempt fails its item with the reason; the other items go on', async () => {
    const host = await new PhotoHost(await solidPng(30, 30, '#00ff00')).listen();
    hosts.push(host);
    host.release();
    const dataDir = mkdtempSync(join(tmpdir(), 'batch-steps-'));
    const server = await start({ dataDir, fetchAllowHosts: ['127.0.0.1'], batchInFlight: 2 }, new InProcessJobQueue({ attempts: 2, backoffMs: 10 }));
    // A fetched photo is kept as an upload: with the uploads folder made a file, storing it fails (not the item's fault).
    rmSync(join(dataDir, 'uploads'), { recursive: true, force: true });
    writeFileSync(join(dataDir, 'uploads'), 'not a folder');
    const id = await createBatch(server, [
      { image: `${host.url}/photo.png`, name: 'remote photo' },
      { image: `${server.url}/samples/foreground.png`, name: 'sample' },
    ]);
    await expect.poll(async () => (await batchOf(server, id)).left, { timeout: 30_000 }).toBe(0);
    const batch = await batchOf(server, id);
    expect(batch).toMatchObject({ completed: 1, failed: 1 });
    expect(batch.items[0]!.error).toMatch(/^items\[0\] \(remote photo\) could not be prepared: ENOTDIR/);
    expect(itemStates(dataDir, id)).toEqual(['failed', 'submitted']);
    expect(host.count('/photo.png')).toBe(2); // tried twice: its attempts
  });
});

describeWithRedis('batch items on a shared queue (BullMQ)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('a replica starting while a worker prepares items leaves them to it: each photo fetched once, each item rendered once', { timeout: 60_000 }, async () => {
    const host = await new PhotoHost(await solidPng(30, 30, '#0000ff')).listen();
    hosts.push(host);
    const dataDir = mkdtempSync(join(tmpdir(), 'batch-steps-'));
    const appDir = await makeAppDir();
    const shared = () => new BullmqJobQueue({ redisUrl: redis.url, prefix: 'restart' });
    const log = new LogCapture();
    const worker = await start({ dataDir, appDir, fetchAllowHosts: ['127.0.0.1'] }, shared(), log);
    const id = await createBatch(worker, [0, 1].map((i) => ({ image: `${host.url}/product-${i}.png`, name: `product ${i}` })));
    await expect.poll(() => new Set(host.requests).size).toBe(2); // both being prepared, their photos held

    // Another replica starts meanwhile (an api one: whatever it would prepare, it would do itself).
    await start({ dataDir, appDir, fetchAllowHosts: ['127.0.0.1'], ...asApi }, shared());
    expect(itemStates(dataDir, id)).toEqual(['preparing', 'preparing']);
    host.release();
    await expect.poll(async () => (await batchOf(worker, id)).left, { timeout: 30_000 }).toBe(0);
    const batch = await batchOf(worker, id);
    expect(batch).toMatchObject({ status: 'done', completed: 2 });
    expect([host.count('/product-0.png'), host.count('/product-1.png')]).toEqual([1, 1]);
    expect(rendered(log).sort()).toEqual(batch.items.map((item) => item.jobId).sort());
  });
});
