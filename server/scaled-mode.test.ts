import { slowRenderBody } from './testing/slow-render.ts';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../e2e/fixtures/fake-akool.ts';
import { startChildServer, type ChildServer } from './testing/child-server.ts';
import { freePort } from './testing/free-port.ts';
import { scaledEnginesMissing, startScaledCluster, startScaledEngines, type ClusterProcess, type ScaledCluster, type ScaledEngines } from './testing/scaled-cluster.ts';
import { makeAppDir } from './testing/test-server.ts';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';

// The scaled deployment as operators run it: PostgreSQL, Redis and S3 (Swift) of its own, two api replicas
// and two workers of the real server (`server/main.ts`, ROLE=api / ROLE=worker) sharing them, and beside it an
// Akool deployment (fake Akool) of two api replicas and two workers on the same engines (its own database and
// Redis database). One set of engines and processes for the whole file: starting them is most of its time.
// No assertion depends on timing: each waits for an outcome, within generous test timeouts.

interface JobJson {
  id: string;
  status: string;
  updatedAt: string;
  result?: { url: string; width: number; height: number };
  error?: { message: string };
}

const missing = scaledEnginesMissing();
const describeScaled = !missing ? describe : process.env.CI ? describe : describe.skip;
if (missing && !process.env.CI) console.warn(`scaled mode: skipped, ${missing}`);

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function uploadTo(base: string, bytes: Buffer, name: string): Promise<{ id: string; url: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
  const response = await fetch(`${base}/api/uploads`, { method: 'POST', body: form });
  expect(response.status, await response.clone().text()).toBe(201);
  return json(response);
}

async function submit(base: string, body: object): Promise<string> {
  const response = await fetch(`${base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(202);
  return (await json<{ id: string }>(response)).id;
}

const getJob = async (base: string, id: string) => json<JobJson>(await fetch(`${base}/api/jobs/${id}`));

/** Follows the job with the long poll (`/changes`) until it is final, as the app does. */
async function followUntilFinal(base: string, id: string): Promise<JobJson> {
  let job = await getJob(base, id);
  while (job.status === 'queued' || job.status === 'processing') {
    const query = new URLSearchParams({ since: job.updatedAt, status: job.status, wait: '10' });
    const response = await fetch(`${base}/api/jobs/${id}/changes?${query}`);
    expect(response.status).toBe(200);
    job = await json<JobJson>(response);
  }
  return job;
}

async function resultBytes(base: string, id: string): Promise<Buffer> {
  const response = await fetch(`${base}/api/jobs/${id}/result`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const bigRender = slowRenderBody;

const smallRender = (base: string, x: number) => ({
  color_code: '#20a060',
  canvas_size: '300x200',
  origin_img: `${base}/samples/foreground.png`,
  modify_origin_img_size: '40x30',
  overlay_origin_x: x,
  overlay_origin_y: 20,
});

describeScaled('scaled mode: 2 api replicas and 2 workers on PostgreSQL, Redis and S3', () => {
  let engines: ScaledEngines | null = null;
  let local: ScaledCluster | null = null;
  let akool: ScaledCluster | null = null;
  let embedded: ChildServer | null = null;
  let fake: FakeAkool | null = null;
  let embeddedDir = '';
  /** Every upload an api replica acknowledged (201), to check that nothing else was stored. */
  const acknowledgedUploads = new Set<string>();

  beforeAll(async () => {
    if (missing) throw new Error(`scaled mode needs its engines (CI must install them): ${missing}`);
    const appDir = await makeAppDir();
    embeddedDir = mkdtempSync(join(tmpdir(), 'scaled-embedded-'));
    const embeddedPort = await freePort();
    fake = await startFakeAkool({ progression: [1] });
    const [akoolA, akoolB] = [await freePort(), await freePort()];
    const startedEmbedded = startChildServer({ PORT: String(embeddedPort), DATA_DIR: embeddedDir, APP_DIR: appDir }, `http://127.0.0.1:${embeddedPort}`);
    engines = await startScaledEngines();
    const clusters = await Promise.allSettled([
      // One render at a time per worker: two big renders keep both busy (the Redis restart test).
      // FETCH_ALLOW_HOSTS: the batch test's product photos come from a server of its own on loopback.
      startScaledCluster({ engines, apis: 2, workers: 2, databaseName: 'scaled_local', redisDb: 0, env: { APP_DIR: appDir, RENDER_CONCURRENCY: '1', FETCH_ALLOW_HOSTS: '127.0.0.1' } }),
      startScaledCluster({
        engines,
        apis: 2,
        workers: 2,
        databaseName: 'scaled_akool',
        redisDb: 1,
        apiPorts: [akoolA, akoolB],
        env: {
          APP_DIR: appDir,
          PROVIDER: 'akool',
          AKOOL_BASE_URL: fake.url,
          AKOOL_API_KEY: fake.apiKey,
          AKOOL_CLIENT_ID: fake.clientId,
          AKOOL_CLIENT_SECRET: fake.clientSecret,
          // Akool's webhooks go to replica B (as a load balancer might send them), whoever submitted.
          PUBLIC_BASE_URL: `http://127.0.0.1:${akoolB}`,
          FETCH_ALLOW_HOSTS: '127.0.0.1',
          AKOOL_POLL_INITIAL_MS: '300',
          AKOOL_POLL_MAX_MS: '300',
          AKOOL_RETRY_BASE_MS: '50',
          JOB_TIMEOUT: '120s',
        },
      }),
    ]);
    [local, akool] = clusters.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : null)) as [ScaledCluster | null, ScaledCluster | null];
    embedded = await startedEmbedded;
    const failed = clusters.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }, 240_000);

  afterAll(async () => {
    await Promise.all([local?.stop(), akool?.stop(), embedded?.kill('SIGTERM')]);
    await engines?.stop();
    await fake?.close();
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  }, 60_000);

  it('a job submitted through replica A and followed on replica B completes with the same PNG bytes as the embedded mode', async () => {
    const [a, b] = local!.apis.map((api) => api.base) as [string, string];
    const foreground = await sharp({ create: { width: 120, height: 90, channels: 4, background: { r: 200, g: 40, b: 90, alpha: 0.8 } } }).png().toBuffer();
    const background = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3060c0' } }).png().toBuffer();
    const request = async (base: string) => {
      const [fg, bg] = [await uploadTo(base, foreground, 'fg.png'), await uploadTo(base, background, 'bg.png')];
      if (base === a) for (const upload of [fg, bg]) acknowledgedUploads.add(upload.id);
      return {
        color_code: '#f0e0c0',
        canvas_size: '640x480',
        template_url: bg.url,
        modify_template_size: '320x240',
        overlay_template_x: 20,
        overlay_template_y: 10,
        origin_img: fg.url,
        modify_origin_img_size: '240x180',
        overlay_origin_x: 200,
        overlay_origin_y: 150,
      };
    };
    const id = await submit(a, await request(a));
    const scaled = await followUntilFinal(b, id);
    expect(scaled.status, JSON.stringify(scaled.error)).toBe('completed');
    const scaledPng = await resultBytes(b, id);

    const embeddedId = await submit(embedded!.base, await request(embedded!.base));
    expect((await followUntilFinal(embedded!.base, embeddedId)).status).toBe('completed');
    const embeddedPng = await resultBytes(embedded!.base, embeddedId);
    expect(sha256(scaledPng)).toBe(sha256(embeddedPng));
    expect(await resultBytes(a, id)).toEqual(scaledPng);
  }, 60_000);

  it('an Akool job submitted through A whose webhook reaches B is submitted once, polled by one worker at a time, and changes once', async () => {
    const [a, b] = akool!.apis.map((api) => api.base) as [string, string];
    const before = fake!.jobs.size;
    const id = await submit(a, { color_code: '#ff8800', canvas_size: '300x200', origin_img: 'https://images.example.com/a.png', modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 });
    await expect.poll(() => fake!.jobs.size, { timeout: 30_000 }).toBe(before + 1);
    const akoolJob = [...fake!.jobs.values()].at(-1)!;
    expect(akoolJob.body.webhookUrl).toBe(`${b}/api/webhooks/akool`);
    // Akool still processing: the workers poll it. Three polls, then the webhook.
    await expect.poll(() => akoolJob.polls, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const delivered = await fake!.deliverWebhook(akoolJob.id, 3);
    expect(delivered.status).toBe(200);
    const done = await followUntilFinal(a, id);
    expect(done.status).toBe('completed');

    // Akool retrying the webhook, this time to A: accepted, changes nothing.
    const again = await fake!.deliverWebhook(akoolJob.id, 3, { webhookUrl: `${a}/api/webhooks/akool` });
    expect(again.status).toBe(200);
    expect((await getJob(b, id)).updatedAt).toBe(done.updatedAt);

    // One submit: Akool made one job of it.
    expect(fake!.jobs.size).toBe(before + 1);
    const downloads = fake!.requests.filter((r) => r.path === `/results/${akoolJob.id}.png`);
    expect(downloads).toHaveLength(1); // the result fetched once: by the replica the webhook reached
    // One poller at a time: every poll comes at least the poll interval (300 ms) after the one before, which two
    // replicas polling the same job on their own would not keep.
    const polls = fake!.requests.filter((r) => r.path.endsWith('/infobymodelid') && r.query.image_model_id === akoolJob.id).map((r) => r.at);
    expect(polls.length).toBeGreaterThanOrEqual(3);
    const gaps = polls.slice(1).map((at, i) => at - polls[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    expect(await resultBytes(b, id)).toEqual(await resultBytes(a, id));
  }, 90_000);

  it('an Akool job that Akool finishes without a webhook is polled once per round over 2 workers: two polls an interval apart, one download', async () => {
    const a = akool!.apis[0]!.base;
    // The first poll finds it processing, the second completed: one poller makes exactly two calls, an interval
    // (300 ms) apart. Two pollers of the same job would make a third call, or two calls at nearly the same time.
    fake!.setProgression([2, 3]);
    try {
      const before = fake!.jobs.size;
      const id = await submit(a, { color_code: '#0088ff', canvas_size: '300x200', origin_img: 'https://images.example.com/b.png', modify_origin_img_size: '10x10', overlay_origin_x: 5, overlay_origin_y: 5 });
      const done = await followUntilFinal(a, id);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      expect(fake!.jobs.size).toBe(before + 1);
      const akoolJob = [...fake!.jobs.values()].at(-1)!;
      const polls = fake!.requests.filter((r) => r.path.endsWith('/infobymodelid') && r.query.image_model_id === akoolJob.id);
      expect(polls).toHaveLength(2);
      expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(250);
      expect(fake!.requests.filter((r) => r.path === `/results/${akoolJob.id}.png`)).toHaveLength(1);
    } finally {
      fake!.setProgression([1]);
    }
  }, 60_000);

  it('a worker killed with SIGKILL mid-render: another worker takes the step and the job completes, its result whole', async () => {
    const [a, b] = local!.apis.map((api) => api.base) as [string, string];
    // The other worker stops first (gracefully), so that the one left is the one rendering when it is killed.
    const [doomed, other] = local!.workers as [ClusterProcess, ClusterProcess];
    await other.kill('SIGTERM');
    const id = await submit(a, bigRender(a, 100));
    await expect.poll(async () => (await getJob(b, id)).status, { timeout: 30_000, interval: 20 }).toBe('processing');
    await doomed.kill('SIGKILL');
    expect((await getJob(b, id)).status).toBe('processing'); // it was cut short mid-render
    const replacement = await local!.start('worker', 'worker-3');
    local!.workers.splice(0, 2, replacement, await local!.start('worker', 'worker-4'));
    const done = await followUntilFinal(b, id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const png = await resultBytes(a, id);
    const meta = await sharp(png, { failOn: 'truncated' }).metadata();
    expect([meta.width, meta.height]).toEqual([4000, 4000]);
    expect(replacement.output() + local!.workers[1]!.output()).toContain(`"jobId":"${id}"`);
  }, 120_000);

  it('an api replica killed mid-request loses nothing it acknowledged, and stores nothing half-sent', async () => {
    const [a, b] = local!.apis.map((api) => api.base) as [string, string];
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#884422' } }).png().toBuffer();
    const kept = await uploadTo(a, photo, 'kept.png');
    acknowledgedUploads.add(kept.id);
    const acknowledged = await submit(a, { ...smallRender(a, 10), origin_img: kept.url });
    const listJobs = async (base: string) => (await json<{ jobs: JobJson[] }>(await fetch(`${base}/api/jobs`))).jobs.map((job) => job.id).sort();
    const jobsBefore = await listJobs(a);
    expect(jobsBefore).toContain(acknowledged);

    // An upload to A whose body is half sent when A dies.
    let sendRest: () => void = () => {};
    const rest = new Promise<void>((resolve) => (sendRest = resolve));
    const boundary = 'scaled-boundary';
    const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="half.png"\r\ncontent-type: image/png\r\n\r\n`);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new Uint8Array(Buffer.concat([head, photo.subarray(0, photo.length >> 1)])));
        await rest;
        controller.enqueue(new Uint8Array(Buffer.concat([photo.subarray(photo.length >> 1), Buffer.from(`\r\n--${boundary}--\r\n`)])));
        controller.close();
      },
    });
    const inFlight = fetch(`${a}/api/uploads`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body, duplex: 'half' } as RequestInit).then(
      (response) => response.status,
      (error: Error) => error,
    );
    // A job submit cut off the same way (half a JSON body).
    const submitInFlight = fetch(`${a}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify(smallRender(a, 30)).slice(0, 40)));
          await rest;
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit).then((response) => response.status, (error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 300)); // not an assertion: lets the half bodies reach A
    await local!.apis[0]!.kill('SIGKILL');
    sendRest();
    expect(await inFlight).toBeInstanceOf(Error);
    expect(await submitInFlight).toBeInstanceOf(Error);

    // What A acknowledged is all there, through B.
    const done = await followUntilFinal(b, acknowledged);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect((await resultBytes(b, acknowledged)).subarray(1, 4).toString()).toBe('PNG');
    const keptBack = await fetch(`${b}/api/uploads/${kept.id}`);
    expect(keptBack.status).toBe(200);
    // Nothing half-stored: the bucket holds only the uploads that were acknowledged.
    const s3 = new S3Client({ endpoint: engines!.swift.endpoint, region: engines!.swift.region, forcePathStyle: true, credentials: { accessKeyId: engines!.swift.accessKeyId, secretAccessKey: engines!.swift.secretAccessKey } });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: engines!.swift.bucket, Prefix: 'uploads/' }));
    s3.destroy();
    const stored = (listed.Contents ?? []).map((object) => object.Key!.replace(/^uploads\//, ''));
    expect(stored.sort()).toEqual([...acknowledgedUploads].sort());
    // The jobs B lists are the ones A had acknowledged: the cut-off submit stored nothing.
    expect(await listJobs(b)).toEqual(jobsBefore);
    local!.apis[0] = await local!.start('api', 'api-A2');
  }, 120_000);

  it('Redis restarted mid-run (empty, as after a crash without persistence): jobs in flight and jobs submitted after it complete', async () => {
    const [a, b] = local!.apis.map((api) => api.base) as [string, string];
    // Both workers busy with a big render each, one small job waiting behind them in Redis.
    const busy = [await submit(a, bigRender(a, 200)), await submit(b, bigRender(b, 300))];
    await expect.poll(async () => (await Promise.all(busy.map(async (id) => (await getJob(b, id)).status))).join(), { timeout: 30_000, interval: 20 }).toBe('processing,processing');
    const waiting = await submit(a, smallRender(a, 50));
    await engines!.redis.restart();
    const after = await submit(b, smallRender(b, 60));
    // Polled rather than long-polled, so that a job left behind fails the test naming it (not at its timeout).
    const jobs = { busy0: busy[0]!, busy1: busy[1]!, waiting, after };
    for (const [name, id] of Object.entries(jobs)) {
      await expect.poll(async () => (await getJob(a, id)).status, { timeout: 120_000, interval: 200, message: `the ${name} job ${id}` }).toBe('completed');
    }
  }, 180_000);

  it('Redis restarted while Akool has not yet answered a submit: the resumed step waits for that answer, and the job is sent once', async () => {
    const a = akool!.apis[0]!.base;
    const hold = fake!.holdReplaceAnswers();
    fake!.setProgression([3]);
    try {
      const before = fake!.jobs.size;
      const id = await submit(a, { color_code: '#884400', canvas_size: '300x200', origin_img: 'https://images.example.com/c.png', modify_origin_img_size: '10x10', overlay_origin_x: 7, overlay_origin_y: 7 });
      await expect.poll(() => fake!.jobs.size, { timeout: 30_000 }).toBe(before + 1); // Akool has it; its answer is held
      await engines!.redis.restart();
      // Every replica resumes its unfinished jobs once Redis is back: a worker runs the submit step again.
      const waited = () => akool!.workers.some((worker) => worker.output().includes('another run is sending this job to Akool') && worker.output().includes(id));
      await expect.poll(waited, { timeout: 60_000, message: akool!.logs() }).toBe(true);
      hold.release();
      const done = await followUntilFinal(a, id);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      expect(fake!.jobs.size).toBe(before + 1);
      expect(fake!.requests.filter((r) => r.path.endsWith('/bg/replace') && (r.body as { overlay_origin_x?: number }).overlay_origin_x === 7)).toHaveLength(1);
    } finally {
      hold.release();
      fake!.setProgression([1]);
    }
  }, 120_000);

  it('a cut-out asked of an api replica is prepared by a worker and readable from the other replica; no api replica removes a background', async () => {
    const [a, b] = local!.apis.map((api) => api.base) as [string, string];
    // Trim only (no model): a transparent PNG with a red 50x40 box at (120, 70).
    const photo = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: await sharp({ create: { width: 50, height: 40, channels: 4, background: '#ff0000' } }).png().toBuffer(), left: 120, top: 70 }])
      .png()
      .toBuffer();
    const uploaded = await uploadTo(a, photo, 'bottle.png');
    const response = await fetch(`${a}/api/foregrounds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: uploaded.url, removeBackground: false, trim: true, margin: 10 }),
    });
    expect(response.status, `${await response.clone().text()}\n${local!.logs()}`).toBe(201);
    const body = await json<{ id: string; width: number; height: number; name: string; subject: object; crop: object; source: object }>(response);
    expect(body).toMatchObject({ width: 70, height: 60, name: 'bottle cut-out.png', source: { width: 300, height: 200 }, crop: { x: 110, y: 60, width: 70, height: 60 }, subject: { x: 10, y: 10, width: 50, height: 40 } });
    const fromB = await fetch(`${b}/api/uploads/${body.id}`);
    expect(fromB.status).toBe(200);
    const { data, info } = await sharp(Buffer.from(await fromB.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([70, 60]);
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)];
    expect(at(35, 30)).toEqual([255, 0, 0, 255]);
    expect(at(2, 2)[3]).toBe(0);
    // A worker ran the step; the api replicas say the model is the workers' and ran none.
    const DONE = 'remove-background step done';
    expect(local!.workers.some((worker) => worker.output().includes(DONE)), local!.logs()).toBe(true);
    for (const api of local!.apis) {
      expect(api.output()).not.toContain(DONE);
      expect(await json(await fetch(`${api.base}/api/foregrounds/model`))).toEqual({ model: 'remote', loadMs: null, queued: 0, error: null });
    }
  }, 120_000);

  it('a batch created through an api replica is prepared and rendered by the workers, each item once, also when the workers preparing it are killed', async () => {
    const [a, b] = local!.apis.map((api) => api.base) as [string, string];
    const listJobs = async () => (await json<{ jobs: JobJson[] }>(await fetch(`${b}/api/jobs`))).jobs.map((job) => job.id);
    interface BatchJson { status: string; completed: number; left: number; items: Array<{ name: string; fileName: string; jobId: string; status: string; error?: string }> }
    const batchOf = async (id: string) => json<BatchJson>(await fetch(`${b}/api/batches/${id}`));
    const createBatch = async (items: Array<{ image: string; name: string }>) => {
      const layout = { color_code: '#d0e0f0', canvas_size: '300x200', origin_img: `${a}/samples/foreground.png`, modify_origin_img_size: '120x100', overlay_origin_x: 90, overlay_origin_y: 60 };
      const response = await fetch(`${a}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ layout, items }) });
      expect(response.status, await response.clone().text()).toBe(202);
      return (await json<{ id: string }>(response)).id;
    };
    const workersSeen = [...local!.workers];
    /** Job id -> how many times a worker logged it rendered. */
    const renders = () => {
      const counts = new Map<string, number>();
      for (const line of workersSeen.flatMap((worker) => worker.output().split('\n')).filter((line) => line.includes('"msg":"rendered"'))) {
        const { jobId } = JSON.parse(line) as { jobId: string };
        counts.set(jobId, (counts.get(jobId) ?? 0) + 1);
      }
      return counts;
    };
    /** Waits for the batch to end and checks each item became one job, rendered once, and the ZIP holds their results. */
    const expectDoneOnce = async (id: string, jobsBefore: string[], count: number) => {
      await expect.poll(async () => (await batchOf(id)).left, { timeout: 120_000, interval: 200, message: local!.logs() }).toBe(0);
      const batch = await batchOf(id);
      expect(batch, JSON.stringify(batch.items)).toMatchObject({ status: 'done', completed: count });
      const jobIds = batch.items.map((item) => item.jobId);
      expect(new Set(jobIds).size).toBe(count);
      expect((await listJobs()).filter((job) => !jobsBefore.includes(job)).sort()).toEqual([...jobIds].sort());
      const rendered = renders();
      expect(jobIds.map((job) => rendered.get(job) ?? 0)).toEqual(jobIds.map(() => 1));
      const dir = mkdtempSync(join(tmpdir(), 'scaled-batch-'));
      try {
        const zip = await fetch(`${a}/api/batches/${id}/zip`);
        expect(zip.status).toBe(200);
        writeFileSync(join(dir, 'batch.zip'), Buffer.from(await zip.arrayBuffer()));
        expect(execFileSync('unzip', ['-Z1', join(dir, 'batch.zip')]).toString().trim().split('\n')).toEqual(batch.items.map((item) => item.fileName));
        for (const item of batch.items) {
          expect(execFileSync('unzip', ['-p', join(dir, 'batch.zip'), item.fileName], { maxBuffer: 1 << 26 })).toEqual(await resultBytes(b, item.jobId));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    // Three uploaded products through A: the workers prepare and render them.
    const photo = (background: string) => sharp({ create: { width: 90, height: 70, channels: 4, background } }).png().toBuffer();
    const uploads = [await uploadTo(a, await photo('#c03030'), 'red.png'), await uploadTo(a, await photo('#30c030'), 'green.png'), await uploadTo(a, await photo('#3030c0'), 'blue.png')];
    for (const upload of uploads) acknowledgedUploads.add(upload.id);
    const jobsBefore = await listJobs();
    const first = await createBatch(uploads.map((upload, i) => ({ image: upload.url, name: ['red', 'green', 'blue'][i]! })));
    await expectDoneOnce(first, jobsBefore, 3);

    // Products whose photos are held by their server: the items are being prepared (fetching) when every worker
    // is killed; workers started after take the steps over once the dead ones' claims expire.
    const held: ServerResponse[] = [];
    const requests: string[] = [];
    let released = false;
    const png = await photo('#a0a020');
    const photos = createServer((request, response) => {
      requests.push(request.url!);
      response.on('error', () => {});
      if (released) response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else held.push(response);
    });
    await new Promise<void>((resolve) => photos.listen(0, '127.0.0.1', resolve));
    try {
      const port = (photos.address() as { port: number }).port;
      const jobsBeforeHeld = await listJobs();
      const second = await createBatch([0, 1].map((i) => ({ image: `http://127.0.0.1:${port}/product-${i}.png`, name: `held ${i}` })));
      await expect.poll(() => new Set(requests).size, { timeout: 30_000, message: local!.logs() }).toBe(2);
      await Promise.all(local!.workers.map((worker) => worker.kill('SIGKILL')));
      expect((await batchOf(second)).items.map((item) => item.status)).toEqual(['waiting', 'waiting']); // neither got past preparing
      released = true;
      for (const response of held.splice(0)) response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      const replacements = [await local!.start('worker', 'worker-5'), await local!.start('worker', 'worker-6')];
      local!.workers.splice(0, local!.workers.length, ...replacements);
      workersSeen.push(...replacements);
      await expectDoneOnce(second, jobsBeforeHeld, 2);
      // Both photos fetched again, by the workers that took the steps over.
      expect([0, 1].map((i) => requests.filter((url) => url === `/product-${i}.png`).length >= 2)).toEqual([true, true]);
    } finally {
      photos.closeAllConnections();
      await new Promise((resolve) => photos.close(resolve));
    }
  }, 240_000);
});
