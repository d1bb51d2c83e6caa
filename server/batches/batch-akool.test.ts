import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../../e2e/fixtures/fake-akool.ts';
import { freePort, LogCapture, solidPng, startTestServer, upload, type TestServer } from '../testing/test-server.ts';

// Batches through the akool provider against the fake Akool: at most BATCH_IN_FLIGHT items at Akool, the
// whole batch backing off together on 1005, a stop on 1006 (no quota) with the rest kept and a resume, and
// no item ever submitted twice.

interface BatchJson {
  id: string;
  status: string;
  completed: number;
  left: number;
  updatedAt: string;
  paused?: string;
  items: Array<{ jobId: string; status: string }>;
}

let fake: FakeAkool;
let server: TestServer;
let image: string;
const REPLACE = '/api/open/v3/content/image/bg/replace';
const RETRY_BASE_MS = 1000;
const log = new LogCapture();

beforeAll(async () => {
  fake = await startFakeAkool();
  const port = await freePort();
  server = await startTestServer(
    {
      provider: 'akool',
      port,
      publicBaseUrl: `http://127.0.0.1:${port}`,
      batchInFlight: 2,
      fetchAllowHosts: ['127.0.0.1'],
      akool: { baseUrl: fake.url, credentials: { kind: 'apiKey', apiKey: fake.apiKey }, pollInitialMs: 20, pollMaxMs: 60, retryBaseMs: RETRY_BASE_MS },
    },
    { listen: true, captureLog: log },
  );
  image = (await upload(server.app, await solidPng(8, 8, '#ff0000'))).body.url;
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

const layout = { canvas_size: '40x30', color_code: '#ffffff', origin_img: 'https://example.com/slot.png', modify_origin_img_size: '20x20', overlay_origin_x: 10, overlay_origin_y: 5 };
const get = async (id: string, query = '') => (await server.app.inject({ url: `/api/batches/${id}${query}` })).json() as BatchJson;
const submits = (since: number) => fake.requests.slice(since).filter((request) => request.path === REPLACE);

async function settle(id: string, until: (batch: BatchJson) => boolean): Promise<BatchJson> {
  let batch = await get(id);
  for (let round = 0; !until(batch); round += 1) {
    if (round > 100) throw new Error(`batch ${id} did not settle: ${JSON.stringify(batch)}`);
    batch = await get(id, `?since=${encodeURIComponent(batch.updatedAt)}&wait=5`);
  }
  return batch;
}

describe('a batch through Akool', () => {
  it('on 1005 the whole batch backs off together: no submit leaves until the wait is over', async () => {
    fake.resetScript();
    fake.setProgression([3]);
    fake.answerNextReplace(1005, 1);
    const since = fake.requests.length;
    const response = await server.app.inject({ method: 'POST', url: '/api/batches', payload: { layout, items: Array.from({ length: 4 }, (_, i) => ({ image, name: `p${i}` })) } });
    const batch = await settle((response.json() as BatchJson).id, (b) => b.left === 0);
    expect(batch.completed).toBe(4);
    const sent = submits(since);
    // When the server learned of the 1005 (it logs the retry in the same step as it sets the hold): from then
    // on no submit may leave before the smallest back-off (half the base: the jitter's lower bound) is over.
    // Calls sent just before may still be on their way, so the first 100 ms after are not judged.
    const retried = JSON.parse(await log.line((line) => line.includes('submit retried'))) as { time: number };
    const judged = sent.filter((request) => request.at > retried.time + 100);
    expect(judged.length).toBeGreaterThan(0);
    for (const request of judged) expect(request.at - retried.time).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2);
    // Each item reached Akool once (plus the one retry of the call told 1005).
    expect(sent.length).toBe(5);
  });

  it('stops on 1006 with the rest waiting, and resumes without sending an item twice', async () => {
    fake.resetScript();
    fake.setProgression([3]);
    fake.answerNextReplace(1006, 1);
    const since = fake.requests.length;
    const response = await server.app.inject({ method: 'POST', url: '/api/batches', payload: { layout, items: Array.from({ length: 5 }, (_, i) => ({ image, name: `q${i}` })) } });
    const { id } = response.json() as BatchJson;
    const paused = await settle(id, (b) => b.status === 'paused' && !b.items.some((item) => item.status === 'queued' || item.status === 'processing'));
    expect(paused.paused).toContain('quota');
    expect(paused.left).toBeGreaterThan(0);
    expect(paused.items.filter((item) => item.status === 'waiting').length).toBe(paused.left);
    const acceptedBefore = new Set(paused.items.filter((item) => item.status === 'completed').map((item) => item.jobId));

    expect((await server.app.inject({ method: 'POST', url: `/api/batches/${id}/resume` })).statusCode).toBe(200);
    const done = await settle(id, (b) => b.left === 0);
    expect(done).toMatchObject({ status: 'done', completed: 5 });
    for (const jobId of acceptedBefore) expect(done.items.some((item) => item.jobId === jobId)).toBe(true);
    // Akool accepted each item once: one answer was 1006, every other call created one Akool job.
    expect(submits(since).length).toBe(6);
    expect((await server.app.inject({ method: 'POST', url: `/api/batches/${id}/resume` })).statusCode).toBe(409);
  });
});
