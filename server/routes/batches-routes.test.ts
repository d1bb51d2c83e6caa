import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeInSlot } from '../../src/core/index.ts';
import { pixelReader, solidPng, startTestServer, upload, type TestServer } from '../testing/test-server.ts';

interface ItemJson {
  index: number;
  name: string;
  fileName: string;
  jobId: string;
  status: string;
  error?: string;
  result?: string;
  box?: { x: number; y: number; width: number; height: number };
  shadow?: unknown;
}
interface BatchJson {
  id: string;
  status: string;
  total: number;
  completed: number;
  failed: number;
  cancelled: number;
  left: number;
  updatedAt: string;
  items: ItemJson[];
  error?: { message: string; fields?: Record<string, string> };
}

let server: TestServer;
/** A remote image host that fails its first answer for /flaky.png, then serves it. */
let remote: Server;
let remoteBase: string;
let flakyCalls = 0;
let cutout: { url: string; subject: { x: number; y: number; width: number; height: number } };
let wide: string;
let tall: string;

const layout = {
  canvas_size: '400x300',
  color_code: '#ffffff',
  origin_img: 'https://example.com/the-slot-is-never-fetched.png',
  modify_origin_img_size: '100x150',
  overlay_origin_x: 150,
  overlay_origin_y: 100,
};
const slot = { x: 150, y: 100, width: 100, height: 150 };

beforeAll(async () => {
  server = await startTestServer({ batchMaxItems: 5, fetchAllowHosts: ['127.0.0.1'] });
  // A cut-out 200x200 with its red subject 60x100 at (70, 40) and transparent margins around it.
  const subject = await solidPng(60, 100, '#ff0000');
  const png = await sharp({ create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: subject, left: 70, top: 40 }])
    .png()
    .toBuffer();
  cutout = { url: (await upload(server.app, png, 'bottle.png')).body.url, subject: { x: 70, y: 40, width: 60, height: 100 } };
  wide = (await upload(server.app, await sharp({ create: { width: 300, height: 100, channels: 3, background: '#00ff00' } }).jpeg().toBuffer(), 'tray.jpg')).body.url;
  tall = (await upload(server.app, await solidPng(50, 400, '#0000ff'), 'vase.png')).body.url;
  const blue = await solidPng(40, 40, '#0000ff');
  remote = createServer((request, response) => {
    if (request.url === '/flaky.png' && flakyCalls++ === 0) {
      response.writeHead(503).end('busy');
      return;
    }
    response.writeHead(200, { 'content-type': 'image/png' }).end(blue);
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteBase = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  remote.close();
});

async function post(body: unknown) {
  const response = await server.app.inject({ method: 'POST', url: '/api/batches', payload: body as object });
  return { status: response.statusCode, body: response.json() as BatchJson };
}

/** Follows the batch by long poll until nothing is left. */
async function untilSettled(id: string): Promise<BatchJson> {
  let batch = (await server.app.inject({ url: `/api/batches/${id}` })).json() as BatchJson;
  for (let round = 0; batch.left > 0; round += 1) {
    if (round > 200) throw new Error(`batch ${id} still has ${batch.left} left`);
    batch = (await server.app.inject({ url: `/api/batches/${id}?since=${encodeURIComponent(batch.updatedAt)}&wait=10` })).json() as BatchJson;
  }
  return batch;
}

describe('POST /api/batches: validation', () => {
  it('refuses an empty batch and one over BATCH_MAX_ITEMS, naming items', async () => {
    const empty = await post({ layout, items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error?.fields?.items).toBe('items is empty: a batch needs at least one product');
    const many = await post({ layout, items: Array.from({ length: 6 }, (_, i) => ({ image: wide, name: `p${i}` })) });
    expect(many.status).toBe(400);
    expect(many.body.error?.fields?.items).toContain('at most 5');
  });

  it('refuses a bad layout naming its field, and stores nothing', async () => {
    const { status, body } = await post({ layout: { ...layout, modify_origin_img_size: '0x3' }, items: [{ image: wide, name: 'a' }] });
    expect(status).toBe(400);
    expect(Object.keys(body.error?.fields ?? {})).toEqual(['layout.modify_origin_img_size']);
    const list = (await server.app.inject({ url: '/api/batches' })).json() as { batches: Array<{ layout: { modify_origin_img_size: string } }> };
    expect(list.batches.some((b) => b.layout.modify_origin_img_size === '0x3')).toBe(false);
  });

  it('a bad item never blocks the good ones: it fails with the reason naming its index and field', async () => {
    const { status, body } = await post({
      layout,
      items: [
        { image: wide, name: 'tray.jpg' },
        { image: 'not a url', name: 'broken' },
        { image: `${server.url}/api/uploads/000000000000000000000000`, name: 'missing.png' },
      ],
    });
    expect(status).toBe(202);
    expect(body.total).toBe(3);
    expect(body.items[1]).toMatchObject({ status: 'failed', error: expect.stringContaining('items[1].image must be an http:// or https:// URL') });
    const settled = await untilSettled(body.id);
    expect(settled.items.map((item) => item.status)).toEqual(['completed', 'failed', 'failed']);
    expect(settled.items[2]!.error).toContain('items[2] (missing.png): image points at an upload of this server that does not exist');
    expect(settled).toMatchObject({ status: 'done', completed: 1, failed: 2, left: 0 });
  });
});

describe('a batch rendered', () => {
  it('places every product in the slot by the rule, each an ordinary job, and the ZIP holds every result at the canvas size', async () => {
    const { status, body } = await post({
      layout,
      placement: { anchor: 'bottom' },
      items: [
        { image: cutout.url, name: 'bottle.png' },
        { image: wide, name: 'tray.jpg' },
        { image: tall, name: 'vase.png' },
        { image: wide, name: 'tray.jpg' },
      ],
    });
    expect(status).toBe(202);
    expect(body.items.map((item) => item.fileName)).toEqual(['bottle.png', 'tray.png', 'vase.png', 'tray (2).png']);
    const batch = await untilSettled(body.id);
    expect(batch).toMatchObject({ status: 'done', total: 4, completed: 4, failed: 0, left: 0 });

    // Each item is an ordinary job: its route answers it, with the placed request.
    const job = (await server.app.inject({ url: `/api/jobs/${batch.items[0]!.jobId}` })).json() as { status: string; request: Record<string, unknown> };
    expect(job.status).toBe('completed');
    const placed = placeInSlot(slot, { width: 200, height: 200 }, { anchor: 'bottom' }, cutout.subject);
    expect(job.request).toMatchObject({ modify_origin_img_size: `${placed.width}x${placed.height}`, overlay_origin_x: placed.x, overlay_origin_y: placed.y, canvas_size: '400x300' });

    // The cut-out's subject stands on the slot's floor (y 250), centred, filling the slot's height (100..250);
    // its edge rows are blended by the resampler, so the rows checked are two pixels in and out.
    const bottle = await pixelReader((await server.app.inject({ url: batch.items[0]!.result! })).rawPayload);
    expect(bottle.at(200, 247)).toEqual([255, 0, 0, 255]);
    expect(bottle.at(200, 252)).toEqual([255, 255, 255, 255]);
    expect(bottle.at(200, 102)).toEqual([255, 0, 0, 255]);
    expect(bottle.at(200, 97)).toEqual([255, 255, 255, 255]);
    expect(bottle.at(157, 200)).toEqual([255, 0, 0, 255]); // 90 px wide, centred: 155..245
    expect(bottle.at(152, 200)).toEqual([255, 255, 255, 255]);
    // The wide tray fits the slot's width and stands on the same floor.
    const tray = await pixelReader((await server.app.inject({ url: batch.items[1]!.result! })).rawPayload);
    const [r, g] = tray.at(152, 247);
    expect([r! < 8, g! > 247]).toEqual([true, true]); // the JPEG's green
    expect(tray.at(152, 212)).toEqual([255, 255, 255, 255]);

    const single = await server.app.inject({ url: batch.items[2]!.result! });
    expect(single.headers['content-disposition']).toContain('filename="vase.png"');

    const zip = await server.app.inject({ url: `/api/batches/${batch.id}/zip` });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const dir = mkdtempSync(join(tmpdir(), 'batch-zip-'));
    writeFileSync(join(dir, 'batch.zip'), zip.rawPayload);
    expect(execFileSync('unzip', ['-Z1', join(dir, 'batch.zip')]).toString().trim().split('\n')).toEqual(['bottle.png', 'tray.png', 'vase.png', 'tray (2).png']);
    for (const name of ['bottle.png', 'tray.png', 'vase.png', 'tray (2).png']) {
      const png = execFileSync('unzip', ['-p', join(dir, 'batch.zip'), name], { maxBuffer: 1 << 26 });
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([400, 300]);
    }
    const vase = await pixelReader(execFileSync('unzip', ['-p', join(dir, 'batch.zip'), 'vase.png'], { maxBuffer: 1 << 26 }));
    expect(vase.at(200, 247)).toEqual([0, 0, 255, 255]);
    expect(vase.at(200, 252)).toEqual([255, 255, 255, 255]);
  });

  it('an item overridden in the editor keeps its own box; the centre anchor centres the others', async () => {
    const box = { x: 10, y: 20, width: 30, height: 10 };
    const { body } = await post({ layout, placement: { anchor: 'center' }, items: [{ image: wide, name: 'moved', box }, { image: wide, name: 'ruled' }] });
    const batch = await untilSettled(body.id);
    const jobs = await Promise.all(batch.items.map(async (item) => (await server.app.inject({ url: `/api/jobs/${item.jobId}` })).json() as { request: Record<string, unknown> }));
    expect(jobs[0]!.request).toMatchObject({ modify_origin_img_size: '30x10', overlay_origin_x: 10, overlay_origin_y: 20 });
    expect(jobs[1]!.request).toMatchObject({ modify_origin_img_size: '100x33', overlay_origin_x: 150, overlay_origin_y: 159 });
  });

  it("an item adjusted in the editor keeps its own shadow: baked around it, the product still at its box, kept with the item", async () => {
    // The 300x100 tray drawn at half size at (50, 50), a hard black drop shadow 20 source pixels (10 canvas) below.
    const box = { x: 50, y: 50, width: 150, height: 50 };
    const shadow = { type: 'drop', opacity: 1, blur: 0, angle: 90, distance: 20, color: '#000000' };
    const { status, body } = await post({ layout, items: [{ image: wide, name: 'shadowed', box, shadow }] });
    expect(status).toBe(202);
    const batch = await untilSettled(body.id);
    expect(batch.items[0]).toMatchObject({ status: 'completed', box, shadow });
    const job = (await server.app.inject({ url: `/api/jobs/${batch.items[0]!.jobId}` })).json() as { request: Record<string, unknown> };
    // The baked image is 20 source pixels taller: 10 canvas pixels more under the product, none moved.
    expect(job.request).toMatchObject({ modify_origin_img_size: '150x60', overlay_origin_x: 50, overlay_origin_y: 50 });
    const result = await pixelReader((await server.app.inject({ url: batch.items[0]!.result! })).rawPayload);
    const [r, g, b] = result.at(125, 75);
    expect([r! < 8, g! > 247, b! < 8]).toEqual([true, true, true]); // the tray's green, where it was put
    expect(result.at(125, 105)).toEqual([0, 0, 0, 255]); // its shadow, under it
    expect(result.at(125, 115)).toEqual([255, 255, 255, 255]);
  });

  it('a failed item says why and can be retried alone; a finished one cannot', async () => {
    const { body } = await post({ layout, items: [{ image: `${remoteBase}/flaky.png`, name: 'flaky' }, { image: wide, name: 'fine' }] });
    let batch = await untilSettled(body.id);
    expect(batch.items[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('503') });
    expect(batch.items[1]!.status).toBe('completed');
    const refused = await server.app.inject({ method: 'POST', url: `/api/batches/${body.id}/items/1/retry` });
    expect(refused.statusCode).toBe(409);
    const retry = await server.app.inject({ method: 'POST', url: `/api/batches/${body.id}/items/0/retry` });
    expect(retry.statusCode).toBe(202);
    batch = await untilSettled(body.id);
    expect(batch).toMatchObject({ status: 'done', completed: 2, failed: 0 });
    expect(batch.items[0]!.jobId).not.toBe(body.items[0]!.jobId);
  });

  it('cancel stops what has not started; DELETE makes the batch and its jobs go away', async () => {
    const { body } = await post({ layout, items: Array.from({ length: 5 }, (_, i) => ({ image: wide, name: `p${i}` })) });
    const cancelled = await server.app.inject({ method: 'POST', url: `/api/batches/${body.id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    const batch = await untilSettled(body.id);
    expect(batch.status).toBe('cancelled');
    expect(batch.completed + batch.cancelled).toBe(5);
    expect(batch.cancelled).toBeGreaterThan(0);

    expect((await server.app.inject({ method: 'DELETE', url: `/api/batches/${body.id}` })).statusCode).toBe(204);
    expect((await server.app.inject({ url: `/api/batches/${body.id}` })).statusCode).toBe(404);
    const submitted = batch.items.find((item) => item.status === 'completed');
    if (submitted) expect((await server.app.inject({ url: `/api/jobs/${submitted.jobId}` })).statusCode).toBe(404);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/batches/${body.id}` })).statusCode).toBe(404);
  });
});
