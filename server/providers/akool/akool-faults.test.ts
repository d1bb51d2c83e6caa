import { afterAll, describe, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../../../e2e/fixtures/fake-akool.ts';
import { startTestServer, waitForFinal, type ConfigOverrides, type JobJson, type TestServer } from '../../testing/test-server.ts';
import { backoffDelay } from './akool-provider.ts';

// Upstream faults from the fake Akool. Every job must end `completed` or `failed` with a reason, retries must
// stay bounded, and the server must keep answering. Tests about JOB_TIMEOUT run with a short one (1.5 s, with
// millisecond timers so the suite stays fast); the others with long ones, so that a loaded machine, whose
// answers and timers can be late by a second, cannot turn an answer into a timeout and add a call.

const JOB_TIMEOUT = 1500;
/** How late a job may end after JOB_TIMEOUT: timers and the test's own polling run late on a loaded machine. */
const SLACK = 5000;
const SHORT = { jobTimeoutMs: JOB_TIMEOUT, akool: { requestTimeoutMs: 150 } };

// Each test has its own fake Akool and server, so that the tests (mostly waiting) run at the same time.
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

async function akoolServer(overrides: ConfigOverrides = {}): Promise<{ server: TestServer; fake: FakeAkool }> {
  const fake = await startFakeAkool();
  const server = await startTestServer({
    provider: 'akool',
    fetchAllowHosts: ['127.0.0.1'],
    jobTimeoutMs: 60_000,
    ...overrides,
    akool: {
      baseUrl: fake.url,
      credentials: { kind: 'apiKey', apiKey: fake.apiKey },
      pollInitialMs: 20,
      pollMaxMs: 60,
      retryBaseMs: 20,
      retryMaxMs: 200,
      requestTimeoutMs: 2000,
      ...overrides.akool,
    },
  });
  open.push(server, fake);
  return { server, fake };
}

const body = {
  color_code: '#c9aafb',
  canvas_size: '30x20',
  origin_img: 'https://images.example.com/foreground.png',
  modify_origin_img_size: '10x10',
  overlay_origin_x: 3,
  overlay_origin_y: 4,
};

/** Submits, waits for the end, and checks it came within JOB_TIMEOUT. */
async function run(server: TestServer): Promise<JobJson & { elapsed: number }> {
  const started = Date.now();
  const submitted = await server.app.inject({ method: 'POST', url: '/api/jobs', payload: body });
  expect(submitted.statusCode).toBe(202);
  const job = await waitForFinal(server.app, submitted.json().id, 60_000);
  const elapsed = Date.now() - started;
  expect((await server.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  return { ...job, elapsed };
}

const calls = (fake: FakeAkool, path: string) => fake.requests.filter((request) => request.path.endsWith(path));

describe('backoffDelay', () => {
  it('doubles up to the cap, with jitter in the upper half of each step', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, 100, 1000, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, 100, 1000, () => 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(3, 100, 1000)));
    expect(spread.size).toBeGreaterThan(10);
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...spread)).toBeLessThanOrEqual(800);
    expect(backoffDelay(1e6, 100, 1000, () => 0.5)).toBe(750); // no overflow for absurd attempt counts
  });
});

describe.concurrent('Akool faults', () => {
  it('a submit that is never answered is retried after the request timeout, then the job completes', async () => {
    const { server, fake } = await akoolServer({ akool: { requestTimeoutMs: 300 } });
    fake.faultNext('hang', 2, 'replace');
    const job = await run(server);
    expect(job.status).toBe('completed');
    // Two cut, one answered (a fourth only if the machine was too slow to answer within 300 ms).
    expect(calls(fake, '/bg/replace').length).toBeGreaterThanOrEqual(3);
  });

  it('an Akool that never answers fails the job at JOB_TIMEOUT, saying so', async () => {
    const { server, fake } = await akoolServer(SHORT);
    fake.faultNext('hang', 1000, 'replace');
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.elapsed).toBeLessThan(JOB_TIMEOUT + SLACK);
    expect(job.error!.message).toMatch(/within 1.5 s \(JOB_TIMEOUT\).*no answer within \d+ ms/);
    expect(job.elapsed).toBeGreaterThanOrEqual(JOB_TIMEOUT - 250);
  });

  it('polls that hang are cut and retried; the job still ends by JOB_TIMEOUT', async () => {
    const { server, fake } = await akoolServer(SHORT);
    fake.setProgression([2]);
    fake.faultNext('hang', 1000, 'info');
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.elapsed).toBeLessThan(JOB_TIMEOUT + SLACK);
    expect(job.error!.message).toMatch(/^Akool did not finish the job within 1\.5 s \(JOB_TIMEOUT\); it was given up/);
  });

  it('HTTP 500 pages on submit and poll are retried, and the job completes', async () => {
    const { server, fake } = await akoolServer();
    fake.faultNext('http500', 2, 'replace');
    fake.faultNext('http500', 2, 'info');
    const job = await run(server);
    expect(job.status).toBe('completed');
    expect(calls(fake, '/bg/replace')).toHaveLength(3);
  });

  it('HTTP 500 for ever fails the job at JOB_TIMEOUT with the last answer', async () => {
    // 500 pages come at once: a long request timeout keeps a slow machine's late answer from reading as none.
    const { server, fake } = await akoolServer({ ...SHORT, akool: { requestTimeoutMs: 1000 } });
    fake.faultNext('http500', 1000, 'replace');
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.elapsed).toBeLessThan(JOB_TIMEOUT + SLACK);
    expect(job.error!.message).toContain('Akool answered HTTP 500 without JSON');
  });

  it('broken JSON is retried, and the job completes', async () => {
    const { server, fake } = await akoolServer();
    fake.faultNext('brokenJson', 1, 'replace');
    fake.faultNext('brokenJson', 3, 'info');
    const job = await run(server);
    expect(job.status).toBe('completed');
  });

  it('1005 again and again: exponential backoff with jitter, bounded, then failed at JOB_TIMEOUT', async () => {
    const { server, fake } = await akoolServer(SHORT);
    fake.answerNextReplace(1005, 1000);
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.elapsed).toBeLessThan(JOB_TIMEOUT + SLACK);
    expect(job.error!.message).toMatch(/JOB_TIMEOUT.*Operation is too frequent|JOB_TIMEOUT.*too frequent/i);
    const times = calls(fake, '/bg/replace').map((request) => request.at);
    // base 20 ms doubling to a 200 ms cap, each wait in the upper half: at most ~16 tries in 1.5 s, not hundreds
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times.length).toBeLessThanOrEqual(16);
    const gaps = times.slice(1).map((time, i) => time - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    // it grew: from a 20 ms base into the upper half of its 200 ms cap (robust to a loaded machine's delays)
    expect(Math.max(...gaps.slice(-3))).toBeGreaterThanOrEqual(100);
  });

  it('1005 on every poll backs off too and ends at JOB_TIMEOUT', async () => {
    const { server, fake } = await akoolServer(SHORT);
    fake.answerNextInfo(1005, 1000);
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.elapsed).toBeLessThan(JOB_TIMEOUT + SLACK);
    expect(job.error!.message).toContain('JOB_TIMEOUT');
    expect(calls(fake, '/infobymodelid').length).toBeLessThanOrEqual(20);
  });

  it('status 4 fails the job with Akool\'s error_reasons in it', async () => {
    const { server, fake } = await akoolServer();
    fake.setProgression([1, 4]);
    fake.setErrorReasons(['the foreground has no subject', { code: 'E42', detail: 'mask empty' }]);
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({
      code: 1206,
      message: 'Akool could not process the background change: the foreground has no subject; {"code":"E42","detail":"mask empty"}',
    });
  });

  it('a result download that fails twice, then works, completes the job with the image', async () => {
    const { server, fake } = await akoolServer();
    fake.failNextDownloads(2, 503);
    const job = await run(server);
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ width: 30, height: 20 });
    expect(calls(fake, '.png')).toHaveLength(3);
  });

  it('a result URL that answers 404 fails the job at once, without hammering it', async () => {
    const { server, fake } = await akoolServer();
    fake.failNextDownloads(100, 404);
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.error!.message).toMatch(/^Akool finished, but its result could not be downloaded: 127\.0\.0\.1:\d+ answered HTTP 404 Not Found$/);
    expect(calls(fake, '.png')).toHaveLength(1);
    expect((await server.app.inject({ url: `/api/jobs/${job.id}/result` })).statusCode).toBe(409);
  });

  it('a result download slower than JOB_TIMEOUT is cut, and the job fails in time', async () => {
    const { server, fake } = await akoolServer(SHORT);
    fake.setDownloadDelay(10_000);
    const job = await run(server);
    expect(job.status).toBe('failed');
    expect(job.elapsed).toBeLessThan(JOB_TIMEOUT + SLACK);
    expect(job.error!.message).toMatch(/^Akool finished, but its result could not be downloaded: no answer from .* in time/);
    expect((await server.app.inject({ url: `/api/jobs/${job.id}/result` })).statusCode).toBe(409);
  });
});
