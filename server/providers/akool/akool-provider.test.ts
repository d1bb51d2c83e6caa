import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../../../e2e/fixtures/fake-akool.ts';
import type { AkoolCredentials } from '../../config.ts';
import { freePort, LogCapture, pixelReader, solidPng, startTestServer, upload, waitForFinal, type ConfigOverrides, type TestServer } from '../../testing/test-server.ts';
import { AKOOL_ERROR_MESSAGES } from './akool-error-codes.ts';

let fake: FakeAkool;
const servers: TestServer[] = [];
/** Every test server's log, to see when a job's Akool _id is stored. */
const log = new LogCapture();

beforeAll(async () => {
  fake = await startFakeAkool();
});
afterAll(() => fake.close());
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  fake.setProgression([1, 2, 3]);
});

const FAST = { pollInitialMs: 20, pollMaxMs: 60, retryBaseMs: 10 };

async function akoolServer(credentials: 'apiKey' | 'client' = 'apiKey', overrides: ConfigOverrides = {}, listen = false): Promise<TestServer> {
  const creds: AkoolCredentials =
    credentials === 'apiKey'
      ? { kind: 'apiKey', apiKey: fake.apiKey }
      : { kind: 'client', clientId: fake.clientId, clientSecret: fake.clientSecret };
  const server = await startTestServer(
    {
      provider: 'akool',
      fetchAllowHosts: ['127.0.0.1'],
      ...overrides,
      akool: { baseUrl: fake.url, credentials: creds, ...FAST, ...overrides.akool },
    },
    { listen, captureLog: log },
  );
  servers.push(server);
  return server;
}

const remoteBody = (canvas = '30x20') => ({
  color_code: '#c9aafb',
  canvas_size: canvas,
  origin_img: 'https://images.example.com/foreground.png',
  modify_origin_img_size: '10x10',
  overlay_origin_x: 3,
  overlay_origin_y: 4,
});

async function submit(server: TestServer, body: object) {
  const response = await server.app.inject({ method: 'POST', url: '/api/jobs', payload: body });
  return { status: response.statusCode, body: response.json() };
}

/** Akool's _id of job `id`, once the server has stored it (it logs "submitted to Akool" right after). */
async function storedAkoolId(id: string): Promise<string> {
  const line = await log.line((entry) => entry.includes('submitted to Akool') && entry.includes(id));
  return (JSON.parse(line) as { remoteId: string }).remoteId;
}

function requestsTo(path: string, since = 0) {
  return fake.requests.slice(since).filter((request) => request.path === path);
}

describe('Akool provider against the fake Akool', () => {
  it('submits with x-api-key, polls through queued and processing, and stores the result in DATA_DIR', async () => {
    const server = await akoolServer('apiKey');
    const since = fake.requests.length;
    const { status, body } = await submit(server, remoteBody());
    expect(status).toBe(202);
    expect(body).toMatchObject({ status: 'queued', provider: 'akool' });
    const job = await waitForFinal(server.app, body.id);
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ width: 30, height: 20 });

    const [replace] = requestsTo('/api/open/v3/content/image/bg/replace', since);
    expect(replace!.headers['x-api-key']).toBe(fake.apiKey);
    expect(replace!.body).toEqual(remoteBody()); // no PUBLIC_BASE_URL: no webhookUrl
    expect(requestsTo('/api/open/v3/content/image/infobymodelid', since).length).toBe(3); // 1, 2, 3

    const akoolId = [...fake.jobs.keys()].at(-1)!;
    expect(requestsTo(`/results/${akoolId}.png`, since).length).toBe(1);
    const result = await server.app.inject({ url: `/api/jobs/${body.id}/result` });
    const pixels = await pixelReader(result.rawPayload);
    expect([pixels.width, pixels.height]).toEqual([30, 20]);
    expect(pixels.at(0, 0)).toEqual([0xc9, 0xaa, 0xfb, 255]); // the fake paints the colour
  });

  it('buys a token with the client id/secret once, reuses it, and buys a new one once after 1101', async () => {
    const server = await akoolServer('client');
    const since = fake.requests.length;
    const first = await submit(server, remoteBody());
    expect((await waitForFinal(server.app, first.body.id)).status).toBe('completed');
    const second = await submit(server, remoteBody());
    expect((await waitForFinal(server.app, second.body.id)).status).toBe('completed');
    expect(requestsTo('/api/open/v3/getToken', since).length).toBe(1);
    const replace = requestsTo('/api/open/v3/content/image/bg/replace', since);
    expect(replace[0]!.headers.authorization).toMatch(/^Bearer tok-/);
    expect(replace[1]!.headers.authorization).toBe(replace[0]!.headers.authorization);

    fake.revokeTokens();
    const third = await submit(server, remoteBody());
    expect((await waitForFinal(server.app, third.body.id)).status).toBe('completed');
    expect(requestsTo('/api/open/v3/getToken', since).length).toBe(2);
    const afterRevoke = requestsTo('/api/open/v3/content/image/bg/replace', since).slice(2);
    expect(afterRevoke.length).toBe(2); // refused with 1101, then accepted with the new token
    expect(afterRevoke[1]!.headers.authorization).not.toBe(replace[0]!.headers.authorization);
  });

  it('backs off and retries after 1005 (too frequent), on submit and on poll', async () => {
    const server = await akoolServer();
    const since = fake.requests.length;
    fake.answerNextReplace(1005, 2);
    fake.answerNextInfo(1005, 1);
    const { body } = await submit(server, remoteBody());
    const job = await waitForFinal(server.app, body.id);
    expect(job.status).toBe('completed');
    expect(requestsTo('/api/open/v3/content/image/bg/replace', since).length).toBe(3);
  });

  it.each([1003, 1006, 1007, 1102, 1200, 1206])('fails the job with the meaning of code %i in words', async (code) => {
    const server = await akoolServer();
    fake.answerNextReplace(code);
    const { body } = await submit(server, remoteBody());
    const job = await waitForFinal(server.app, body.id);
    expect(job.status).toBe('failed');
    expect(job.error!.code).toBe(code);
    expect(job.error!.message).toContain(AKOOL_ERROR_MESSAGES[code]!);
    expect(job.error!.message).toContain(`[code ${code}]`);
  });

  it('fails with words when the API key is refused (1101), and when Akool reports status 4', async () => {
    const refused = await akoolServer('apiKey', { akool: { credentials: { kind: 'apiKey', apiKey: 'wrong-key' } } });
    const job = await waitForFinal(refused.app, (await submit(refused, remoteBody())).body.id);
    expect(job.error).toEqual({ code: 1101, message: expect.stringContaining('the API key or token is invalid or expired') });

    const server = await akoolServer();
    fake.setProgression([1, 4]);
    const failed = await waitForFinal(server.app, (await submit(server, remoteBody())).body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error!.message).toBe('Akool could not process the background change: background change processing error');
  });

  it('gives up after JOB_TIMEOUT with a clear error', async () => {
    const server = await akoolServer('apiKey', { jobTimeoutMs: 300 });
    fake.setProgression([2]);
    const job = await waitForFinal(server.app, (await submit(server, remoteBody())).body.id);
    expect(job.status).toBe('failed');
    expect(job.error!.message).toBe('Akool did not finish the job within 300 ms (JOB_TIMEOUT); it was given up');
  });

  it('retries a failed result download', async () => {
    const server = await akoolServer();
    fake.failNextDownloads(2);
    const job = await waitForFinal(server.app, (await submit(server, remoteBody())).body.id);
    expect(job.status).toBe('completed');
  });

  it('refuses at submit a job with uploads of this server when PUBLIC_BASE_URL is not set', async () => {
    const server = await akoolServer();
    const uploaded = await upload(server.app, await solidPng(4, 4, '#ff0000'));
    const { status, body } = await submit(server, { ...remoteBody(), origin_img: uploaded.body.url });
    expect(status).toBe(400);
    expect(body.error.fields.origin_img).toBe(
      'origin_img is a file on this server, which Akool cannot fetch: set PUBLIC_BASE_URL to an address Akool can reach, or use a public image URL',
    );
    expect((await server.app.inject({ url: '/api/jobs' })).json().jobs).toEqual([]);
  });

  it('webhook path: sends our webhookUrl and public upload URLs, completes on a verified callback, ignores repeats and refuses bad signatures', async () => {
    // Listening for real: the fake POSTs the callback over HTTP to PUBLIC_BASE_URL.
    const port = await freePort();
    const publicBaseUrl = `http://127.0.0.1:${port}`;
    const server = await akoolServer('client', { port, publicBaseUrl, akool: { pollInitialMs: 60_000, pollMaxMs: 60_000 } }, true);
    const uploaded = await upload(server.app, await solidPng(4, 4, '#ff0000'));
    const own = `http://localhost:${new URL(publicBaseUrl).port}/api/uploads/${uploaded.body.id}`;
    const since = fake.requests.length;
    const { status, body } = await submit(server, { ...remoteBody('16x12'), origin_img: own });
    expect(status).toBe(202);
    // Until the server has stored Akool's _id, a callback for it is held as early rather than applied.
    const akoolId = await storedAkoolId(body.id);
    expect(requestsTo('/api/open/v3/content/image/bg/replace', since).length).toBe(1);
    const sent = requestsTo('/api/open/v3/content/image/bg/replace', since)[0]!.body as Record<string, string>;
    expect(sent.origin_img).toBe(`${publicBaseUrl}/api/uploads/${uploaded.body.id}`);
    expect(sent.webhookUrl).toBe(`${publicBaseUrl}/api/webhooks/akool`);
    expect(fake.jobs.has(akoolId)).toBe(true);

    const bad = await fake.deliverWebhook(akoolId, 3, { badSignature: true });
    expect(bad.status).toBe(401);
    expect((await server.app.inject({ url: `/api/jobs/${body.id}` })).json().status).toBe('queued');

    const processing = await fake.deliverWebhook(akoolId, 2);
    expect(processing.status).toBe(200);
    expect((await server.app.inject({ url: `/api/jobs/${body.id}` })).json().status).toBe('processing');

    expect((await fake.deliverWebhook(akoolId, 3)).status).toBe(200);
    const job = await waitForFinal(server.app, body.id);
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ width: 16, height: 12 });
    expect(requestsTo('/api/open/v3/content/image/infobymodelid', since)).toEqual([]); // no poll was needed

    const updatedAt = job.updatedAt;
    expect((await fake.deliverWebhook(akoolId, 4)).status).toBe(200); // a late or repeated callback changes nothing
    expect((await fake.deliverWebhook(akoolId, 3)).status).toBe(200);
    const after = (await server.app.inject({ url: `/api/jobs/${body.id}` })).json();
    expect([after.status, after.updatedAt]).toEqual(['completed', updatedAt]);
    expect(requestsTo(`/results/${akoolId}.png`, since).length).toBe(1);
  });

  it('resumes polling after a restart, without submitting again', async () => {
    const first = await akoolServer('apiKey', { akool: { pollInitialMs: 50, pollMaxMs: 50 } });
    fake.setProgression([1]);
    const { body } = await submit(first, remoteBody());
    await storedAkoolId(body.id); // Akool has the job: the next start must only poll it
    expect((await first.app.inject({ url: `/api/jobs/${body.id}` })).json().status).toBe('queued');
    const submits = requestsTo('/api/open/v3/content/image/bg/replace').length;
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    fake.setProgression([3]);
    const second = await akoolServer('apiKey', { dataDir: first.config.dataDir, appDir: first.config.appDir });
    const job = await waitForFinal(second.app, body.id);
    expect(job.status).toBe('completed');
    expect(requestsTo('/api/open/v3/content/image/bg/replace').length).toBe(submits);
  });
});
