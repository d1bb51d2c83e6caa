import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solidPng, startTestServer, upload, waitForFinal, type TestServer } from '../testing/test-server.ts';
import { THUMBNAIL_SIDE } from '../results/result-images.ts';

let server: TestServer;
let foregroundUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  foregroundUrl = (await upload(server.app, await solidPng(4, 4, '#ff0000'))).body.url;
});
afterAll(() => server.close());

describe('GET /api/jobs/:id/thumbnail', () => {
  it('gives a small WebP of the result, keeps it, and answers 404 once the job is deleted', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '640x320', color_code: '#00ff00', origin_img: foregroundUrl, modify_origin_img_size: '320x320', overlay_origin_x: 0, overlay_origin_y: 0 },
    });
    const id = created.json().id as string;
    await waitForFinal(server.app, id);

    const response = await server.app.inject({ url: `/api/jobs/${id}/thumbnail` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/webp');
    const { width, height, format } = await sharp(response.rawPayload).metadata();
    expect({ width, height, format }).toEqual({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE / 2, format: 'webp' });
    const { data } = await sharp(response.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200); // left half is the red foreground
    expect(existsSync(join(server.config.dataDir, 'results', `${id}.thumb.webp`))).toBe(true);

    // The file stays in the trash for a restore; its purge is in job-trash.test.ts.
    expect((await server.app.inject({ method: 'DELETE', url: `/api/jobs/${id}` })).statusCode).toBe(204);
    expect((await server.app.inject({ url: `/api/jobs/${id}/thumbnail` })).statusCode).toBe(404);
  });
});
