import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/sqlite/database.ts';
import type { JobRecord } from '../domain/job.ts';
import { SqliteJobRepository } from '../storage/sqlite/sqlite-job-repository.ts';
import { newJobId } from '../storage/ids.ts';
import { solidPng, startTestServer, upload, type JobJson, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let foregroundUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  foregroundUrl = (await upload(server.app, await solidPng(8, 8, '#ff0000'))).body.url;
});
afterAll(() => server.close());

/** A job the server does not run (written by a second connection, as a stopped server would leave it). */
async function storedQueuedJob(target: TestServer = server): Promise<JobRecord> {
  const now = Date.now();
  const job: JobRecord = {
    id: newJobId(now),
    status: 'queued',
    provider: 'local',
    request: { canvas_size: '8x8', origin_img: foregroundUrl, modify_origin_img_size: '8x8', overlay_origin_x: 0, overlay_origin_y: 0 },
    sources: { foreground: { kind: 'upload', id: 'x' }, template: null },
    createdAt: now,
    updatedAt: now,
    error: null,
    result: null,
    remoteId: null,
  } as JobRecord;
  await new SqliteJobRepository(openDatabase(target.config.dataDir)).insert(job);
  return job;
}

const changes = (job: Pick<JobJson, 'id' | 'status'> & { updatedAt?: unknown }, wait = 30) =>
  server.app.inject({ url: `/api/jobs/${job.id}/changes?since=${encodeURIComponent(String(job.updatedAt))}&status=${job.status}&wait=${wait}` });

describe('GET /api/jobs/:id/changes (long poll)', () => {
  it('follows a job from queued to completed with one answer per change, none of them a timeout', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '16x16', color_code: '#00ff00', origin_img: foregroundUrl, modify_origin_img_size: '8x8', overlay_origin_x: 4, overlay_origin_y: 4 },
    });
    let job = created.json() as JobJson;
    const seen = [job.status];
    // Each request waits up to 30 s; the test's 5 s limit fails it if a change does not wake the request.
    while (job.status !== 'completed' && job.status !== 'failed') {
      const answer = await changes(job);
      expect(answer.statusCode).toBe(200);
      const next = answer.json() as JobJson;
      expect(next.status !== job.status || next.updatedAt !== job.updatedAt).toBe(true);
      job = next;
      seen.push(job.status);
    }
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ width: 16, height: 16 });
    expect(seen.length).toBeLessThanOrEqual(3); // queued -> (processing ->) completed
  });

  it('answers at once when the client saw an older state', async () => {
    const job = await storedQueuedJob();
    const stale = await changes({ id: job.id, status: 'queued', updatedAt: new Date(job.updatedAt - 1000).toISOString() });
    expect(stale.json()).toMatchObject({ id: job.id, status: 'queued' });
  });

  it('answers the unchanged job when the wait runs out', async () => {
    const job = await storedQueuedJob();
    const started = Date.now();
    const answer = await changes({ id: job.id, status: 'queued', updatedAt: new Date(job.updatedAt).toISOString() }, 1);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ id: job.id, status: 'queued', updatedAt: new Date(job.updatedAt).toISOString() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('answers 404 at once when the job is deleted while a client waits', async () => {
    const job = await storedQueuedJob();
    const waiting = changes({ id: job.id, status: 'queued', updatedAt: new Date(job.updatedAt).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await server.app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).statusCode).toBe(204);
    const answer = await waiting;
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({ error: { message: `no job ${job.id}` } });
  });

  it('refuses a wait that is not 0..30 whole seconds, naming the field', async () => {
    const job = await storedQueuedJob();
    for (const wait of ['abc', '31', '-1', '1.5']) {
      const answer = await server.app.inject({ url: `/api/jobs/${job.id}/changes?wait=${wait}` });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.fields.wait).toMatch(/^wait must be a whole number of seconds from 0 to 30/);
    }
    expect((await server.app.inject({ url: '/api/jobs/000000000000000000000000/changes' })).statusCode).toBe(404);
  });

  it('refuses since or status given twice, naming the field', async () => {
    const job = await storedQueuedJob();
    const answer = await server.app.inject({ url: `/api/jobs/${job.id}/changes?status=queued&status=processing&wait=0` });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.fields.status).toMatch(/^status must be one status/);
  });

  it('lets the server close at once while a client waits', async () => {
    const own = await startTestServer();
    const job = await storedQueuedJob(own);
    const waiting = own.app.inject({ url: `/api/jobs/${job.id}/changes?since=${new Date(job.updatedAt).toISOString()}&status=queued&wait=30` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect((await waiting).statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
