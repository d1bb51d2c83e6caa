import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psnrRgba } from '../render/photo-fixtures.ts';
import { solidPng, startTestServer, upload, waitForFinal, type TestServer } from '../testing/test-server.ts';
import { RESULT_PREVIEW_SIDE } from '../results/result-images.ts';

let server: TestServer;
let foregroundUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  foregroundUrl = (await upload(server.app, await solidPng(4, 4, '#ff0000'))).body.url;
});
afterAll(() => server.close());

/** The result PNG brought to `width` x `height` by sharp, as RGBA. */
async function resultAt(id: string, width: number, height: number): Promise<Buffer> {
  const png = (await server.app.inject({ url: `/api/jobs/${id}/result` })).rawPayload;
  return sharp(png).resize(width, height, { fit: 'fill' }).ensureAlpha().raw().toBuffer();
}

describe('GET /api/jobs/:id/preview', () => {
  it('the local renderer leaves a screen-sized WebP of the result beside it, answered 404 once the job is deleted', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '2600x1300', color_code: '#00ff00', origin_img: foregroundUrl, modify_origin_img_size: '1300x1300', overlay_origin_x: 650, overlay_origin_y: 0 },
    });
    const id = created.json().id as string;
    expect((await server.app.inject({ url: `/api/jobs/${id}/preview` })).statusCode).toBeOneOf([409, 200]);
    await waitForFinal(server.app, id);
    const kept = join(server.config.dataDir, 'results', `${id}.preview.webp`);
    expect(existsSync(kept)).toBe(true); // made with the result, not on request

    const response = await server.app.inject({ url: `/api/jobs/${id}/preview` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/webp');
    const { width, height, format } = await sharp(response.rawPayload).metadata();
    expect({ width, height, format }).toEqual({ width: 867, height: 434, format: 'webp' }); // blocks of 3 x 3
    const shown = await sharp(response.rawPayload).ensureAlpha().raw().toBuffer();
    expect(psnrRgba(shown, await resultAt(id, 867, 434))).toBeGreaterThan(30);

    // The file stays in the trash for a restore; its purge is in job-trash.test.ts.
    expect((await server.app.inject({ method: 'DELETE', url: `/api/jobs/${id}` })).statusCode).toBe(204);
    expect((await server.app.inject({ url: `/api/jobs/${id}/preview` })).statusCode).toBe(404);
  });

  it('a result without one (as from Akool) gets it made from the PNG on first request', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '2000x1000', origin_img: foregroundUrl, modify_origin_img_size: '1000x1000', overlay_origin_x: 0, overlay_origin_y: 0 },
    });
    const id = created.json().id as string;
    await waitForFinal(server.app, id);
    const kept = join(server.config.dataDir, 'results', `${id}.preview.webp`);
    rmSync(kept);
    const response = await server.app.inject({ url: `/api/jobs/${id}/preview` });
    expect(response.statusCode).toBe(200);
    const { width, height, hasAlpha } = await sharp(response.rawPayload).metadata();
    expect({ width, height, hasAlpha }).toEqual({ width: RESULT_PREVIEW_SIDE, height: RESULT_PREVIEW_SIDE / 2, hasAlpha: true });
    expect(existsSync(kept)).toBe(true);
    const shown = await sharp(response.rawPayload).ensureAlpha().raw().toBuffer();
    expect(psnrRgba(shown, await resultAt(id, RESULT_PREVIEW_SIDE, RESULT_PREVIEW_SIDE / 2))).toBeGreaterThan(30);
  });
});
