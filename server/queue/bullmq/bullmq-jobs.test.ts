import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../../../e2e/fixtures/fake-akool.ts';
import { describeWithRedis, startRedis, type TestRedis } from '../../testing/redis-server.ts';
import { solidPng, startTestServer, upload, waitForFinal, type ConfigOverrides, type TestServer } from '../../testing/test-server.ts';
import { BullmqJobQueue } from './bullmq-job-queue.ts';

describeWithRedis('jobs through the BullMQ work queue', () => {
  let redis: TestRedis;
  let fake: FakeAkool;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    [redis, fake] = await Promise.all([startRedis(), startFakeAkool()]);
  });
  // A server closes its BullMQ workers: after a Redis restart that may take BullMQ's close bound (5 s) on a busy machine.
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    fake.resetScript();
  }, 60_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), fake?.close()]);
  });

  async function server(prefix: string, overrides: ConfigOverrides = {}): Promise<TestServer> {
    const started = await startTestServer(overrides, { jobQueue: new BullmqJobQueue({ redisUrl: redis.url, prefix }) });
    servers.push(started);
    return started;
  }

  const akool = (dataDir: string): ConfigOverrides => ({
    dataDir,
    provider: 'akool',
    fetchAllowHosts: ['127.0.0.1'],
    akool: { baseUrl: fake.url, credentials: { kind: 'apiKey', apiKey: fake.apiKey }, pollInitialMs: 20, pollMaxMs: 60, retryBaseMs: 10 },
  });
  const akoolBody = { canvas_size: '30x20', color_code: '#c9aafb', origin_img: 'https://images.example.com/fg.png', modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 };

  it('a local job is rendered by a render step', { timeout: 60_000 }, async () => {
    const { app } = await server('local');
    const foreground = (await upload(app, await solidPng(6, 6, '#0000ff'))).body.url;
    const created = await app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '30x20', color_code: '#ffffff', origin_img: foreground, modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 },
    });
    expect(created.statusCode).toBe(202);
    const job = await waitForFinal(app, created.json().id, 30_000);
    expect(job).toMatchObject({ status: 'completed', result: { width: 30, height: 20 } });
  });

  it('an Akool job is submitted, polled by delayed steps through queued and processing, and completed', { timeout: 60_000 }, async () => {
    const { app } = await server('akool', akool(mkdtempSync(join(tmpdir(), 'composer-data-'))));
    const since = fake.requests.length;
    const created = await app.inject({ method: 'POST', url: '/api/jobs', payload: akoolBody });
    const job = await waitForFinal(app, created.json().id, 30_000);
    expect(job.status).toBe('completed');
    const calls = fake.requests.slice(since).map((request) => request.path.split('/').at(-1));
    expect(calls.filter((path) => path === 'replace').length).toBe(1);
    expect(calls.filter((path) => path === 'infobymodelid').length).toBe(3); // 1, 2, 3: as in-process
  });

  it('a server stopped while a job is polled leaves its poll queued; the next start resumes it without a second one', { timeout: 60_000 }, async () => {
    fake.setProgression([2]);
    const dataDir = mkdtempSync(join(tmpdir(), 'composer-data-'));
    const first = await server('resume', akool(dataDir));
    const since = fake.requests.length;
    const id = (await first.app.inject({ method: 'POST', url: '/api/jobs', payload: akoolBody })).json().id as string;
    await expect.poll(async () => (await first.app.inject({ url: `/api/jobs/${id}` })).json().status, { timeout: 30_000 }).toBe('processing');
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const lane = new Queue('akool', { connection: { url: redis.url }, prefix: 'resume' });
    try {
      expect(await lane.getJobState(`akool-poll.${id}`)).toBe('delayed');
      const second = await server('resume', akool(dataDir)); // its start resumes the job: enqueues its poll again
      expect(await lane.getJobCounts('waiting', 'delayed', 'active')).toSatisfy(
        (counts: Record<string, number>) => counts.waiting! + counts.delayed! + counts.active! === 1,
      );
      fake.setProgression([3]);
      expect((await waitForFinal(second.app, id, 30_000)).status).toBe('completed');
      expect(fake.requests.slice(since).filter((request) => request.path.endsWith('replace')).length, 'submitted once').toBe(1);
    } finally {
      await lane.close();
    }
  });

  // Last: it leaves Redis empty.
  it('while Redis is down, a submit is still answered and its job stored; once Redis is back the job completes', { timeout: 90_000 }, async () => {
    const { app } = await server('redis-down');
    const foreground = (await upload(app, await solidPng(6, 6, '#00aa00'))).body.url;
    let id = '';
    await redis.restart(async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/jobs',
        payload: { canvas_size: '30x20', color_code: '#ffffff', origin_img: foreground, modify_origin_img_size: '10x10', overlay_origin_x: 3, overlay_origin_y: 0 },
      });
      expect(created.statusCode).toBe(202);
      id = created.json().id;
      expect((await app.inject({ url: `/api/jobs/${id}` })).json()).toMatchObject({ status: 'queued' });
    });
    expect(await waitForFinal(app, id, 60_000)).toMatchObject({ status: 'completed', result: { width: 30, height: 20 } });
  });
});
