import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productPhoto } from '../testing/product-photo.ts';
import { makeAppDir, pixelReader, startTestServer, type TestServer } from '../testing/test-server.ts';

// A batch with removeBackground, through the real model (loaded in its worker on first use). Three small
// images: a product photo placed by the rule, the same photo adjusted in the editor over the whole canvas, and
// a photo with nothing in it.

interface BatchJson {
  id: string;
  status: string;
  left: number;
  completed: number;
  failed: number;
  updatedAt: string;
  items: Array<{ name: string; jobId: string; status: string; error?: string; result?: string }>;
}

let server: TestServer;
const RED = '#ff0000';
const layout = {
  canvas_size: '400x350',
  color_code: RED,
  origin_img: 'https://example.com/the-slot-is-never-fetched.png',
  modify_origin_img_size: '200x300',
  overlay_origin_x: 100,
  overlay_origin_y: 25,
};

beforeAll(async () => {
  const appDir = await makeAppDir();
  writeFileSync(join(appDir, 'samples', 'product.jpg'), (await productPhoto()).jpeg);
  writeFileSync(join(appDir, 'samples', 'plain.jpg'), await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } }).jpeg().toBuffer());
  server = await startTestServer({ appDir, backgroundRemoval: { preload: false, queueLimit: 8 } });
});
afterAll(() => server.close());

/** Follows the batch by long poll until nothing is left (no clock: each answer is a change). */
async function untilSettled(id: string): Promise<BatchJson> {
  let batch = (await server.app.inject({ url: `/api/batches/${id}` })).json() as BatchJson;
  while (batch.left > 0) {
    batch = (await server.app.inject({ url: `/api/batches/${id}?since=${encodeURIComponent(batch.updatedAt)}&wait=30` })).json() as BatchJson;
  }
  return batch;
}

/** Near the canvas colour: a pixel of the photo's backdrop would be bluish or sand-coloured there. */
const isRed = ([r = 0, g = 255, b = 255]: ReadonlyArray<number | undefined>) => r > 240 && g < 16 && b < 16;

describe('a batch with background removal (the real model)', () => {
  it("replaces each photo's background, and a photo with no subject fails alone, saying so", { timeout: 600_000 }, async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/batches',
      payload: {
        layout,
        placement: { anchor: 'bottom' },
        removeBackground: true,
        items: [
          { image: 'http://localhost/samples/product.jpg', name: 'bottle.jpg' },
          // Adjusted in the editor: the 800x700 photo drawn at half size over the whole canvas.
          { image: 'http://localhost/samples/product.jpg', name: 'bottle-adjusted.jpg', box: { x: 0, y: 0, width: 400, height: 350 } },
          { image: 'http://localhost/samples/plain.jpg', name: 'plain.jpg' },
        ],
      },
    });
    expect(response.statusCode).toBe(202);
    const batch = await untilSettled((response.json() as BatchJson).id);
    expect(batch.items.map((item) => item.status)).toEqual(['completed', 'completed', 'failed']);
    expect(batch).toMatchObject({ status: 'done', completed: 2, failed: 1 });
    expect(batch.items[2]!.error).toBe('items[2] (plain.jpg): no subject was found in http://localhost/samples/plain.jpg: nothing in the photo stands out from its background');

    // By the rule: the cut-out, trimmed to the bottle, stands in the slot. The corners of its box, beside the
    // bottle's rounded shoulders, were the photo's blue backdrop: now the canvas colour.
    const job = (await server.app.inject({ url: `/api/jobs/${batch.items[0]!.jobId}` })).json() as { request: { modify_origin_img_size: string; overlay_origin_x: number; overlay_origin_y: number } };
    const [width, height] = job.request.modify_origin_img_size.split('x').map(Number) as [number, number];
    const { overlay_origin_x: x, overlay_origin_y: y } = job.request;
    expect(y + height).toBe(325); // on the slot's floor
    const ruled = await pixelReader((await server.app.inject({ url: batch.items[0]!.result! })).rawPayload);
    expect(isRed(ruled.at(x + 2, y + 2)), 'top-left corner of the cut-out').toBe(true);
    expect(isRed(ruled.at(x + width - 3, y + 2)), 'top-right corner of the cut-out').toBe(true);
    expect(isRed(ruled.at(Math.round(x + width / 2), Math.round(y + height * 0.7))), "the bottle's body").toBe(false);

    // Adjusted: drawn where it was put, in the photo's own frame (not trimmed). The backdrop's and the floor's
    // known spots are the canvas colour; the bottle's body is still there.
    const adjustedJob = (await server.app.inject({ url: `/api/jobs/${batch.items[1]!.jobId}` })).json() as { request: Record<string, unknown> };
    expect(adjustedJob.request).toMatchObject({ modify_origin_img_size: '400x350', overlay_origin_x: 0, overlay_origin_y: 0 });
    const cutout = await sharp((await server.app.inject({ url: String(adjustedJob.request.origin_img) })).rawPayload).metadata();
    expect([cutout.width, cutout.height]).toEqual([800, 700]);
    const adjusted = await pixelReader((await server.app.inject({ url: batch.items[1]!.result! })).rawPayload);
    expect([adjusted.width, adjusted.height]).toEqual([400, 350]);
    expect(adjusted.at(10, 10)).toEqual([255, 0, 0, 255]); // was the blue backdrop
    expect(adjusted.at(10, 330)).toEqual([255, 0, 0, 255]); // was the sand-coloured floor
    expect(adjusted.at(60, 175)).toEqual([255, 0, 0, 255]); // was the backdrop left of the bottle (source 120, 350)
    expect(isRed(adjusted.at(200, 240))).toBe(false); // the bottle (source 400, 480)
  });
});
