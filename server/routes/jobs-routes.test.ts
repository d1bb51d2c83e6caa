import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_SETTINGS, renderComposition } from '../render/render-composition.ts';
import { pixelReader, solidPng, startTestServer, upload, waitForFinal, type JobJson, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let foregroundUrl: string;
let templateUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  foregroundUrl = (await upload(server.app, await solidPng(4, 4, '#ff0000'))).body.url;
  templateUrl = (await upload(server.app, await solidPng(4, 4, '#0000ff'))).body.url;
});
afterAll(() => server.close());

async function submit(body: unknown) {
  const response = await server.app.inject({ method: 'POST', url: '/api/jobs', payload: body as object });
  return { status: response.statusCode, body: response.json() as JobJson & { error?: { message: string; fields?: Record<string, string> } } };
}

describe('POST /api/jobs with the local provider', () => {
  it('answers 202 queued at once, then renders the composition off the request path', async () => {
    const { status, body } = await submit({
      color_code: '#AAFBE3',
      canvas_size: '60x40',
      template_url: templateUrl,
      modify_template_size: '30x40',
      overlay_template_x: 40,
      overlay_template_y: -5,
      origin_img: foregroundUrl,
      modify_origin_img_size: '20x20',
      overlay_origin_x: -10,
      overlay_origin_y: 30,
      webhookUrl: 'https://client.example/hook',
    });
    expect(status).toBe(202);
    expect(body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(body.status).toBe('queued');
    expect(body.provider).toBe('local');
    expect(body.request).toMatchObject({ color_code: '#aafbe3', canvas_size: '60x40' });
    expect(body.request).not.toHaveProperty('webhookUrl');

    const job = await waitForFinal(server.app, body.id);
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ width: 60, height: 40, url: `http://localhost/api/jobs/${body.id}/result` });

    const result = await server.app.inject({ url: `/api/jobs/${body.id}/result` });
    expect(result.headers['content-type']).toBe('image/png');
    expect(result.headers['content-disposition']).toBe(`attachment; filename="background-${body.id}-60x40.png"`);
    const image = await pixelReader(result.rawPayload);
    expect([image.width, image.height]).toEqual([60, 40]);
    expect(image.at(0, 0)).toEqual([0xaa, 0xfb, 0xe3, 255]); // colour
    expect(image.at(40, 0)).toEqual([0, 0, 255, 255]); // template (x 40..59, y 0..34)
    expect(image.at(59, 34)).toEqual([0, 0, 255, 255]);
    expect(image.at(59, 35)).toEqual([0xaa, 0xfb, 0xe3, 255]);
    expect(image.at(0, 30)).toEqual([255, 0, 0, 255]); // foreground clipped: x 0..9, y 30..39
    expect(image.at(9, 39)).toEqual([255, 0, 0, 255]);
    expect(image.at(10, 39)).toEqual([0xaa, 0xfb, 0xe3, 255]);
    expect(job.result!.bytes).toBe(result.rawPayload.length);
  });

  it('converts the stored PNG to JPEG (transparency on white) and WebP on request, and refuses other formats', async () => {
    const { body } = await submit({ canvas_size: '20x10', origin_img: foregroundUrl, modify_origin_img_size: '5x5', overlay_origin_x: 0, overlay_origin_y: 0 });
    await waitForFinal(server.app, body.id);
    const jpeg = await server.app.inject({ url: `/api/jobs/${body.id}/result?format=jpeg` });
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    expect(jpeg.headers['content-disposition']).toContain('.jpg"');
    const pixels = await pixelReader(jpeg.rawPayload);
    expect(pixels.at(15, 5)!.slice(0, 3).every((v) => v! > 245)).toBe(true); // was transparent
    expect(pixels.at(1, 1)![0]).toBeGreaterThan(230);
    const webp = await server.app.inject({ url: `/api/jobs/${body.id}/result?format=webp` });
    expect((await sharp(webp.rawPayload).metadata()).format).toBe('webp');
    const gif = await server.app.inject({ url: `/api/jobs/${body.id}/result?format=gif` });
    expect(gif.statusCode).toBe(400);
    expect(gif.json().error.fields.format).toBe('format must be png, jpeg or webp (got "gif")');
  });

  it('refuses an invalid body with 400 naming each field, and stores nothing', async () => {
    const before = (await server.app.inject({ url: '/api/jobs' })).json().jobs.length;
    const { status, body } = await submit({ canvas_size: '3840', origin_img: 'ftp://x/y.png', modify_origin_img_size: '10x10', overlay_origin_x: 1.5, overlay_origin_y: 0 });
    expect(status).toBe(400);
    expect(body.error!.fields).toMatchObject({
      canvas_size: expect.stringContaining('canvas_size must be WIDTHxHEIGHT'),
      origin_img: expect.stringContaining('origin_img must be an http:// or https:// URL'),
      overlay_origin_x: 'overlay_origin_x must be a whole number of pixels (got 1.5)',
    });
    expect(body.error!.message).toContain('canvas_size must be');
    expect((await server.app.inject({ url: '/api/jobs' })).json().jobs.length).toBe(before);
  });

  it('refuses a URL of this server that names no upload', async () => {
    const { status, body } = await submit({
      canvas_size: '10x10',
      origin_img: 'http://localhost/api/uploads/0123456789abcdef01234567',
      modify_origin_img_size: '10x10',
      overlay_origin_x: 0,
      overlay_origin_y: 0,
    });
    expect(status).toBe(400);
    expect(body.error!.fields!.origin_img).toBe('origin_img points at an upload of this server that does not exist');
  });

  it('renders the sample composition from the sample files on disk', async () => {
    const { body } = await submit({
      canvas_size: '100x100',
      template_url: 'http://localhost/samples/background.jpg',
      modify_template_size: '100x100',
      overlay_template_x: 0,
      overlay_template_y: 0,
      origin_img: 'http://localhost/samples/foreground.png',
      modify_origin_img_size: '40x30',
      overlay_origin_x: 30,
      overlay_origin_y: 35,
    });
    const job = await waitForFinal(server.app, body.id);
    expect(job.status).toBe('completed');
    const image = await pixelReader((await server.app.inject({ url: `/api/jobs/${body.id}/result` })).rawPayload);
    expect(image.at(50, 50)).toEqual([255, 0, 0, 255]);
    expect(image.at(5, 5)![2]).toBeGreaterThan(240);
  });

  it('fails a job whose remote image the guard refuses, with the reason and the field', async () => {
    const { status, body } = await submit({ canvas_size: '10x10', origin_img: 'http://169.254.169.254/latest/meta-data/x.png', modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 });
    expect(status).toBe(202);
    const job = await waitForFinal(server.app, body.id);
    expect(job.status).toBe('failed');
    expect(job.error!.message).toBe('origin_img could not be fetched: refused: 169.254.169.254 is a loopback, private, link-local or reserved address');
    const result = await server.app.inject({ url: `/api/jobs/${body.id}/result` });
    expect(result.statusCode).toBe(409);
    expect(result.json().error.message).toContain('the job is failed');
  });

  it('lists jobs newest first, and DELETE takes the job out (its file kept in the trash for a restore)', async () => {
    const first = (await submit({ canvas_size: '8x8', origin_img: foregroundUrl, modify_origin_img_size: '8x8', overlay_origin_x: 0, overlay_origin_y: 0 })).body;
    const second = (await submit({ canvas_size: '9x9', origin_img: foregroundUrl, modify_origin_img_size: '8x8', overlay_origin_x: 0, overlay_origin_y: 0 })).body;
    await waitForFinal(server.app, first.id);
    await waitForFinal(server.app, second.id);
    const ids = (await server.app.inject({ url: '/api/jobs' })).json().jobs.map((job: JobJson) => job.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    const resultFile = join(server.config.dataDir, 'results', `${first.id}.png`);
    expect(existsSync(resultFile)).toBe(true);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/jobs/${first.id}` })).statusCode).toBe(204);
    expect(existsSync(resultFile)).toBe(true); // purged after TRASH_GRACE: server/routes/job-trash.test.ts
    expect((await server.app.inject({ url: `/api/jobs/${first.id}` })).statusCode).toBe(404);
    expect((await server.app.inject({ url: '/api/jobs' })).json().jobs.map((job: JobJson) => job.id)).not.toContain(first.id);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/jobs/${first.id}` })).statusCode).toBe(404);
    expect(readdirSync(join(server.config.dataDir, 'results')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('answers 404 with our error shape for an unknown job', async () => {
    const response = await server.app.inject({ url: '/api/jobs/ffffffffffffffffffffffff' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { message: 'no job ffffffffffffffffffffffff' } });
  });
});

describe('POST /api/jobs with PNG_ENCODER=zlib', () => {
  it("encodes the result with Node's zlib (level 1, RLE), byte for byte as renderComposition does with those settings", async () => {
    const zlibServer = await startTestServer({ pngEncoder: 'zlib' });
    try {
      const foreground = await solidPng(6, 6, '#ff0000');
      const url = (await upload(zlibServer.app, foreground)).body.url;
      const request = { color_code: '#aafbe3', canvas_size: '90x70', origin_img: url, modify_origin_img_size: '30x20', overlay_origin_x: 10, overlay_origin_y: 25 };
      const response = await zlibServer.app.inject({ method: 'POST', url: '/api/jobs', payload: request });
      const job = await waitForFinal(zlibServer.app, response.json().id);
      expect(job.status).toBe('completed');
      const stored = (await zlibServer.app.inject({ url: `/api/jobs/${job.id}/result` })).rawPayload;
      const images = { foreground, template: null };
      expect(stored.equals((await renderComposition(request, images, { png: PNG_SETTINGS.zlib })).png)).toBe(true);
      expect(stored.equals((await renderComposition(request, images, { png: PNG_SETTINGS.scanline })).png)).toBe(false);
    } finally {
      await zlibServer.close();
    }
  });
});
