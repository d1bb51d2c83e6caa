import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../../e2e/fixtures/fake-akool.ts';
import { LogCapture, solidPng, startTestServer, upload, waitForFinal, type ConfigOverrides, type JobJson, type TestServer } from '../testing/test-server.ts';

// DELETE /api/jobs/:id moves a job to the trash; POST /api/jobs/:id/restore brings it back with its files
// until TRASH_GRACE is over; then the sweep (or the next start) deletes it for good.

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(overrides: ConfigOverrides = {}): Promise<TestServer> {
  const started = await startTestServer(overrides);
  servers.push(started);
  return started;
}

/** A completed local job whose result, preview and thumbnail are all on disk. */
async function completedJob(app: TestServer['app']): Promise<JobJson> {
  const foreground = (await upload(app, await solidPng(6, 6, '#ff0000'))).body.url;
  const created = await app.inject({
    method: 'POST',
    url: '/api/jobs',
    payload: { canvas_size: '40x20', color_code: '#00ff00', origin_img: foreground, modify_origin_img_size: '20x20', overlay_origin_x: 0, overlay_origin_y: 0 },
  });
  const job = await waitForFinal(app, created.json().id as string);
  expect(job.status).toBe('completed');
  expect((await app.inject({ url: `/api/jobs/${job.id}/thumbnail` })).statusCode).toBe(200); // made on request
  return job;
}

function jobFiles(dataDir: string, id: string): string[] {
  return [`${id}.png`, `${id}.preview.webp`, `${id}.thumb.webp`].map((name) => join(dataDir, 'results', name));
}

const listedIds = async (app: TestServer['app']) => ((await app.inject({ url: '/api/jobs' })).json().jobs as JobJson[]).map((job) => job.id);

describe('the trash', () => {
  it('DELETE hides the job everywhere but keeps its files; restore brings back the job and the same bytes', async () => {
    const { app, config } = await server();
    const job = await completedJob(app);
    const files = jobFiles(config.dataDir, job.id);
    const before = {
      job: (await app.inject({ url: `/api/jobs/${job.id}` })).json(),
      result: (await app.inject({ url: `/api/jobs/${job.id}/result` })).rawPayload,
      preview: (await app.inject({ url: `/api/jobs/${job.id}/preview` })).rawPayload,
      thumbnail: (await app.inject({ url: `/api/jobs/${job.id}/thumbnail` })).rawPayload,
      list: await listedIds(app),
    };

    expect((await app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).statusCode).toBe(204);
    for (const path of ['', '/result', '/preview', '/thumbnail', '/changes?wait=0']) {
      const answer = await app.inject({ url: `/api/jobs/${job.id}${path}` });
      expect(answer.statusCode, `GET /api/jobs/:id${path} of a deleted job`).toBe(404);
    }
    expect(await listedIds(app)).not.toContain(job.id);
    expect((await app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).statusCode, 'already deleted').toBe(404);
    for (const file of files) expect(existsSync(file), `${file} kept for a restore`).toBe(true);
    // A deleted job's result is not a source for a new job either.
    const reuse = await app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '10x10', origin_img: `http://localhost/api/jobs/${job.id}/result`, modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 },
    });
    expect(reuse.statusCode).toBe(400);

    const restored = await app.inject({ method: 'POST', url: `/api/jobs/${job.id}/restore` });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toEqual(before.job);
    expect((await app.inject({ url: `/api/jobs/${job.id}` })).json()).toEqual(before.job);
    expect(await listedIds(app)).toEqual(before.list);
    expect((await app.inject({ url: `/api/jobs/${job.id}/result` })).rawPayload.equals(before.result)).toBe(true);
    expect((await app.inject({ url: `/api/jobs/${job.id}/preview` })).rawPayload.equals(before.preview)).toBe(true);
    expect((await app.inject({ url: `/api/jobs/${job.id}/thumbnail` })).rawPayload.equals(before.thumbnail)).toBe(true);
    // A second Undo changes nothing.
    const again = await app.inject({ method: 'POST', url: `/api/jobs/${job.id}/restore` });
    expect([again.statusCode, again.json()]).toEqual([200, before.job]);
  });

  it('restore answers 404 with the reason for a job that is not in the trash', async () => {
    const { app } = await server({ trashGraceMs: 600_000 });
    for (const id of ['ffffffffffffffffffffffff', 'not-an-id']) {
      const answer = await app.inject({ method: 'POST', url: `/api/jobs/${id}/restore` });
      expect(answer.statusCode).toBe(404);
      expect(answer.json().error.message).toBe(`no deleted job ${id} to restore: it was never deleted, or its 10 min in the trash are over`);
    }
  });

  it('a deleted job survives a restart within the grace period, and the first start after it purges the job and its files', async () => {
    const first = await server();
    const job = await completedJob(first.app);
    const kept = await completedJob(first.app);
    const files = jobFiles(first.config.dataDir, job.id);
    expect((await first.app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).statusCode).toBe(204);
    await first.close();

    // Within the grace (10 min by default): still restorable after the restart.
    const second = await server({ dataDir: first.config.dataDir, appDir: first.config.appDir });
    for (const file of files) expect(existsSync(file)).toBe(true);
    expect((await second.app.inject({ method: 'POST', url: `/api/jobs/${job.id}/restore` })).statusCode).toBe(200);
    expect((await second.app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).statusCode).toBe(204);
    await second.close();

    // The grace is over by the next start (1 ms): purged before the server answers anything.
    const third = await server({ dataDir: first.config.dataDir, appDir: first.config.appDir, trashGraceMs: 1 });
    for (const file of files) expect(existsSync(file), `${file} purged`).toBe(false);
    expect((await third.app.inject({ method: 'POST', url: `/api/jobs/${job.id}/restore` })).statusCode).toBe(404);
    expect((await third.app.inject({ url: `/api/jobs/${job.id}` })).statusCode).toBe(404);
    // A job nobody deleted keeps everything.
    expect((await third.app.inject({ url: `/api/jobs/${kept.id}` })).json().status).toBe('completed');
    for (const file of jobFiles(first.config.dataDir, kept.id)) expect(existsSync(file)).toBe(true);
  });

  it('the running server purges a deleted job once its grace is over', async () => {
    const { app, config } = await server({ trashGraceMs: 1000 });
    const job = await completedJob(app);
    const files = jobFiles(config.dataDir, job.id);
    expect((await app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).statusCode).toBe(204);
    await expect.poll(() => files.filter(existsSync), { timeout: 15_000 }).toEqual([]);
    expect((await app.inject({ method: 'POST', url: `/api/jobs/${job.id}/restore` })).statusCode).toBe(404);
  });

  it('a local job deleted while it renders comes back with Undo and finishes with its result', async () => {
    const { app } = await server();
    const foreground = (await upload(app, await solidPng(6, 6, '#0000ff'))).body.url;
    const created = await app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '300x200', origin_img: foreground, modify_origin_img_size: '100x100', overlay_origin_x: 0, overlay_origin_y: 0 },
    });
    const id = created.json().id as string;
    expect((await app.inject({ method: 'DELETE', url: `/api/jobs/${id}` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: `/api/jobs/${id}/restore` })).statusCode).toBe(200);
    const job = await waitForFinal(app, id);
    expect(job.status).toBe('completed');
    const result = await app.inject({ url: `/api/jobs/${id}/result` });
    expect([result.statusCode, result.rawPayload.length]).toEqual([200, job.result!.bytes]);
  });
});

/**
 * A pass-through to `target` that holds Akool's answers to bg/replace until `release()`: Akool has accepted
 * the job, but its answer is still on the way.
 */
async function holdingReplaceAnswers(target: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  const proxy = createServer((incoming, outgoing) => {
    const forward = httpRequest(new URL(incoming.url!, target), { method: incoming.method, headers: incoming.headers }, (answer) => {
      const replace = incoming.url!.includes('replace');
      if (replace) held += 1;
      void (replace ? released : Promise.resolve()).then(() => {
        outgoing.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(outgoing);
      });
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    held: () => held,
    release,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

describe('the trash with the Akool provider', () => {
  let fake: FakeAkool;
  beforeAll(async () => {
    fake = await startFakeAkool({ progression: [2] });
  });
  afterAll(() => fake.close());

  it('deleting a job Akool is processing stops the polling; Undo polls again and the job completes', async () => {
    const pollMaxMs = 40;
    const { app, config } = await server({
      provider: 'akool',
      fetchAllowHosts: ['127.0.0.1'],
      akool: { baseUrl: fake.url, credentials: { kind: 'apiKey', apiKey: fake.apiKey }, pollInitialMs: 20, pollMaxMs, retryBaseMs: 10 },
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '30x20', color_code: '#c9aafb', origin_img: 'https://images.example.com/fg.png', modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 },
    });
    const id = created.json().id as string;
    await expect.poll(async () => (await app.inject({ url: `/api/jobs/${id}` })).json().status).toBe('processing');
    const akoolJob = [...fake.jobs.values()].at(-1)!;

    expect((await app.inject({ method: 'DELETE', url: `/api/jobs/${id}` })).statusCode).toBe(204);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 10 * pollMaxMs));
    await settle(); // a poll already on its way may still land
    const pollsAfterDelete = akoolJob.polls;
    await settle();
    expect(akoolJob.polls, 'no polls of a deleted job').toBe(pollsAfterDelete);

    fake.setProgression([3]);
    expect((await app.inject({ method: 'POST', url: `/api/jobs/${id}/restore` })).json().status).toBe('processing');
    const job = await waitForFinal(app, id);
    expect(job.status).toBe('completed');
    expect(akoolJob.polls).toBeGreaterThan(pollsAfterDelete);
    expect(readFileSync(join(config.dataDir, 'results', `${id}.png`)).length).toBe(job.result!.bytes);
  });
  it("a job deleted while Akool's answer to its submit is on the way keeps Akool's id: Undo polls it, never submits it again", async () => {
    fake.setProgression([2]);
    const proxy = await holdingReplaceAnswers(fake.url);
    try {
      const log = new LogCapture();
      const started = await startTestServer(
        {
          provider: 'akool',
          fetchAllowHosts: ['127.0.0.1'],
          akool: { baseUrl: proxy.url, credentials: { kind: 'apiKey', apiKey: fake.apiKey }, pollInitialMs: 20, pollMaxMs: 40, retryBaseMs: 10 },
        },
        { captureLog: log },
      );
      servers.push(started);
      const { app } = started;
      const submitsBefore = fake.requests.filter((request) => request.path.includes('replace')).length;
      const created = await app.inject({
        method: 'POST',
        url: '/api/jobs',
        payload: { canvas_size: '30x20', color_code: '#c9aafb', origin_img: 'https://images.example.com/fg.png', modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 },
      });
      const id = created.json().id as string;
      await expect.poll(() => proxy.held()).toBe(1);
      expect((await app.inject({ method: 'DELETE', url: `/api/jobs/${id}` })).statusCode).toBe(204);
      proxy.release();
      await log.line((line) => line.includes('submitted to Akool')); // the submit's answer has been handled

      fake.setProgression([3]);
      expect((await app.inject({ method: 'POST', url: `/api/jobs/${id}/restore` })).statusCode).toBe(200);
      const job = await waitForFinal(app, id);
      expect(job.status).toBe('completed');
      const submits = fake.requests.filter((request) => request.path.includes('replace')).length - submitsBefore;
      expect(submits, 'Akool was sent the job once').toBe(1);
    } finally {
      await Promise.all(servers.splice(0).map((started) => started.close()));
      await proxy.close();
    }
  });
});
