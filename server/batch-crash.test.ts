import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from './testing/child-server.ts';
import { freePort, makeAppDir } from './testing/test-server.ts';

// A server process killed with SIGKILL in the middle of a batch, started again on the same DATA_DIR: the batch
// must finish with every item completed exactly once: none lost, none submitted or rendered twice.

const children: ChildServer[] = [];
afterAll(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});

interface BatchJson {
  status: string;
  completed: number;
  left: number;
  items: Array<{ jobId: string; status: string; fileName: string }>;
}

const batchOf = async (base: string, id: string) => (await (await fetch(`${base}/api/batches/${id}`)).json()) as BatchJson;

/** The job ids the server logged as rendered (one line per finished render). */
function renderedJobIds(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"msg":"rendered"'))
    .map((line) => (JSON.parse(line) as { jobId: string }).jobId);
}

it('a batch killed mid-way finishes after a restart, every item completed once', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'crash-batch-'));
  const env = { PORT: String(port), DATA_DIR: dataDir, APP_DIR: await makeAppDir(), RENDER_CONCURRENCY: '1', BATCH_IN_FLIGHT: '2' };
  const first = await startChildServer(env, base);
  children.push(first);
  // Large enough that each render takes a while on one core: some finish, one renders, others wait.
  const layout = {
    canvas_size: '3000x3000',
    color_code: '#336699',
    origin_img: `${base}/samples/foreground.png`,
    modify_origin_img_size: '2000x2000',
    overlay_origin_x: 500,
    overlay_origin_y: 800,
  };
  const items = Array.from({ length: 6 }, (_, i) => ({ image: i % 2 ? `${base}/samples/foreground.png` : `${base}/samples/background.jpg`, name: `product ${i}` }));
  const response = await fetch(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ layout, items }) });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await expect.poll(async () => (await batchOf(base, id)).completed, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(2);
  await first.kill('SIGKILL');

  const db = new DatabaseSync(join(dataDir, 'jobs.sqlite'), { readOnly: true });
  const states = (db.prepare('SELECT state FROM batch_items WHERE batch_id = ?').all(id) as Array<{ state: string }>).map((row) => row.state);
  db.close();
  expect(states.filter((state) => state !== 'submitted').length, `item states at the kill: ${states.join(', ')}`).toBeGreaterThan(0);
  const renderedBefore = renderedJobIds(first.output());

  const second = await startChildServer(env, base);
  children.push(second);
  await expect.poll(async () => (await batchOf(base, id)).left, { timeout: 90_000, interval: 100 }).toBe(0);
  const batch = await batchOf(base, id);
  expect(batch).toMatchObject({ status: 'done', completed: 6 });
  expect(new Set(batch.items.map((item) => item.jobId)).size).toBe(6);
  // Rendered once each: what the first process finished was not rendered again by the second.
  const rendered = [...renderedBefore, ...renderedJobIds(second.output())].sort();
  expect(rendered).toEqual(batch.items.map((item) => item.jobId).sort());
  for (const item of batch.items) {
    const png = Buffer.from(await (await fetch(`${base}/api/jobs/${item.jobId}/result`)).arrayBuffer());
    const meta = await sharp(png, { failOn: 'truncated' }).metadata();
    expect([meta.width, meta.height]).toEqual([3000, 3000]);
  }
  await second.kill('SIGTERM');
}, 180_000);
