import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptWebhookPayload, signWebhook, startFakeAkool, type FakeAkool } from '../../../e2e/fixtures/fake-akool.ts';
import { LogCapture, startTestServer, waitForFinal, type TestServer } from '../../testing/test-server.ts';

// Akool's callback as an attacker or a flaky network would send it: forged, replayed, stale, repeated, or
// about a job we never had. Polling is off (60 s), so only the webhook can move a job here.

let fake: FakeAkool;
let server: TestServer;
const log = new LogCapture();

beforeAll(async () => {
  fake = await startFakeAkool();
  server = await startTestServer(
    {
      provider: 'akool',
      fetchAllowHosts: ['127.0.0.1'],
      publicBaseUrl: 'https://composer.example.com',
      akool: {
        baseUrl: fake.url,
        credentials: { kind: 'client', clientId: fake.clientId, clientSecret: fake.clientSecret },
        pollInitialMs: 60_000,
        pollMaxMs: 60_000,
      },
    },
    { captureLog: log },
  );
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

/** Akool's callback for `id`, encrypted and signed with the real keys, sent at `timestamp`. */
function callback(id: string, status: number, timestamp = Date.now(), extra: Record<string, unknown> = {}) {
  const payload = { _id: id, status, type: 'background change', ...(status === 3 ? { url: fake.resultUrl(id) } : {}), ...extra };
  const dataEncrypt = encryptWebhookPayload(JSON.stringify(payload), fake.clientId, fake.clientSecret);
  const nonce = String(1000 + Math.floor(Math.random() * 9000));
  return { signature: signWebhook(fake.clientId, timestamp, nonce, dataEncrypt), dataEncrypt, timestamp, nonce };
}

const post = (payload: object) => server.app.inject({ method: 'POST', url: '/api/webhooks/akool', payload });
const job = async (id: string) => (await server.app.inject({ url: `/api/jobs/${id}` })).json() as { status: string; updatedAt: string };

/** A job Akool accepted, once the server has stored Akool's _id. Until then the server still writes the job
 * (the _id, a new updatedAt) and takes a callback for it as early, so a test that started sooner would race it. */
async function submitted(): Promise<{ id: string; akoolId: string }> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/jobs',
    payload: { canvas_size: '16x12', origin_img: 'https://images.example.com/a.png', modify_origin_img_size: '8x8', overlay_origin_x: 0, overlay_origin_y: 0 },
  });
  expect(response.statusCode).toBe(202);
  const { id } = response.json() as { id: string };
  const stored = await log.line((line) => line.includes('submitted to Akool') && line.includes(id));
  const { remoteId } = JSON.parse(stored) as { remoteId: string };
  expect(fake.jobs.has(remoteId)).toBe(true);
  expect((await job(id)).status).toBe('queued');
  return { id, akoolId: remoteId };
}

describe('POST /api/webhooks/akool', () => {
  it('refuses a bad signature with 401 and changes nothing', async () => {
    const { id, akoolId } = await submitted();
    const before = await job(id);
    const forged = { ...callback(akoolId, 3), signature: 'f'.repeat(40) };
    const response = await post(forged);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toBe('the signature does not match');
    const tampered = { ...callback(akoolId, 4), nonce: '0000' }; // signed for another nonce
    expect((await post(tampered)).statusCode).toBe(401);
    expect(await job(id)).toEqual(before);
    expect(log.text).toContain('webhook rejected: the signature does not match');
  });

  it('refuses a correctly signed callback older than 10 minutes (a replay), and one from the future', async () => {
    const { id, akoolId } = await submitted();
    const stale = await post(callback(akoolId, 3, Date.now() - 11 * 60_000));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toMatch(/^the callback's timestamp is 66\d s old; at most 10 min are accepted/);
    const future = await post(callback(akoolId, 3, Date.now() + 11 * 60_000));
    expect(future.statusCode).toBe(401);
    expect(future.json().error.message).toContain('in the future');
    expect((await job(id)).status).toBe('queued');
    expect(fake.requests.filter((r) => r.path === `/results/${akoolId}.png`)).toEqual([]);

    // 9 minutes old is still fresh: it is taken.
    expect((await post(callback(akoolId, 2, Date.now() - 9 * 60_000))).statusCode).toBe(200);
    expect((await job(id)).status).toBe('processing');
  });

  it('takes the same delivery twice harmlessly: one download, one final state', async () => {
    const { id, akoolId } = await submitted();
    const delivery = callback(akoolId, 3);
    expect((await post(delivery)).statusCode).toBe(200);
    const done = await waitForFinal(server.app, id);
    expect(done.status).toBe('completed');
    expect((await post(delivery)).statusCode).toBe(200);
    expect((await post(callback(akoolId, 4))).statusCode).toBe(200); // a late "failed" cannot undo it
    const after = await job(id);
    expect([after.status, after.updatedAt]).toEqual(['completed', done.updatedAt]);
    expect(fake.requests.filter((r) => r.path === `/results/${akoolId}.png`)).toHaveLength(1);
  });

  it('answers 200 to an unknown _id (so Akool stops retrying) and logs it', async () => {
    const jobsBefore = (await server.app.inject({ url: '/api/jobs' })).json().jobs.length;
    const response = await post(callback('0123456789abcdef01234567', 3));
    expect(response.statusCode).toBe(200);
    const line = log.lines.find((entry) => entry.includes('0123456789abcdef01234567'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 40, remoteId: '0123456789abcdef01234567', msg: expect.stringContaining('unknown Akool _id') });
    expect((await server.app.inject({ url: '/api/jobs' })).json().jobs.length).toBe(jobsBefore);
    expect(fake.requests.filter((r) => r.path === '/results/0123456789abcdef01234567.png')).toEqual([]);
  });

  it('answers 400 to bodies that are not a callback, and survives them', async () => {
    for (const payload of [{}, { signature: 1 }, ['x'], { ...callback('a', 3), dataEncrypt: 'bm90IGVuY3J5cHRlZA==' }]) {
      const response = await server.app.inject({ method: 'POST', url: '/api/webhooks/akool', payload: payload as object });
      expect([400, 401]).toContain(response.statusCode);
    }
    expect((await server.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});
