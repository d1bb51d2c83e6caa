import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crowdedBoardPhoto, productPhoto } from '../testing/product-photo.ts';
import { makeAppDir, pixelReader, solidPng, startTestServer, upload, waitForFinal, type TestServer } from '../testing/test-server.ts';

interface ForegroundJson {
  id: string;
  url: string;
  width: number;
  height: number;
  format: string;
  bytes: number;
  subject: { x: number; y: number; width: number; height: number };
  source: { width: number; height: number };
  crop: { x: number; y: number; width: number; height: number };
  halfTransparent: number | null;
  warning: string | null;
}

describe('POST /api/foregrounds, without the model', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const post = (payload: object) => server.app.inject({ method: 'POST', url: '/api/foregrounds', payload });

  it('names the field at fault in a bad body', async () => {
    const response = await post({ image: 42, margin: -1 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual({ image: 'image must be the URL of a photo', margin: 'margin must be 0 or more' });
  });

  it('trims a cut-out to its subject with a margin, keeping where it was in the source', async () => {
    const cutout = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: await solidPng(50, 40, '#ff0000'), left: 120, top: 70 }])
      .png()
      .toBuffer();
    const uploaded = await upload(server.app, cutout, 'cutout.png');
    const response = await post({ image: uploaded.body.url, removeBackground: false, trim: true, margin: 10 });
    expect(response.statusCode).toBe(201);
    const body = response.json() as ForegroundJson;
    expect(body).toMatchObject({ width: 70, height: 60, format: 'png', source: { width: 300, height: 200 } });
    expect(body.crop).toEqual({ x: 110, y: 60, width: 70, height: 60 });
    expect(body.subject).toEqual({ x: 10, y: 10, width: 50, height: 40 });
    const image = await pixelReader((await server.app.inject({ url: `/api/uploads/${body.id}` })).rawPayload);
    expect([image.width, image.height]).toEqual([70, 60]);
    expect(image.at(35, 30)).toEqual([255, 0, 0, 255]);
    expect(image.at(2, 2)![3]).toBe(0);
  });

  it('turns an EXIF-rotated photo upright before anything else', async () => {
    // 60x40 pixels stored, orientation 6: a viewer shows it 40x60.
    const rotated = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#00aa00' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const uploaded = await upload(server.app, rotated, 'phone.jpg');
    const response = await post({ image: uploaded.body.url, removeBackground: false, trim: true });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ width: 40, height: 60, source: { width: 40, height: 60 }, crop: { x: 0, y: 0, width: 40, height: 60 } });
  });

  it('refuses what is not an image, a missing file, an unreachable host and nothing to trim, each with its reason', async () => {
    const text = await upload(server.app, await solidPng(8, 8, '#000000'), 'x.png');
    expect(text.status).toBe(201);
    const missing = await post({ image: 'http://localhost/api/uploads/0123456789abcdef01234567' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/does not exist/);

    const notUrl = await post({ image: 'bottle.png' });
    expect(notUrl.statusCode).toBe(400);
    expect(notUrl.json().error.fields.image).toMatch(/not a URL/);

    const unreachable = await post({ image: 'http://no-such-host.invalid/photo.jpg' });
    expect(unreachable.statusCode).toBe(422);
    expect(unreachable.json().error.message).toMatch(/no-such-host\.invalid.*could not be fetched/);

    const transparent = await upload(server.app, await solidPng(20, 20, '#000000', 0), 'empty.png');
    const empty = await post({ image: transparent.body.url, removeBackground: false, trim: true });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.message).toMatch(/fully transparent/);
  });

  it('refuses a file that is not an image by its content', async () => {
    const appDir = await makeAppDir();
    writeFileSync(join(appDir, 'samples', 'notes.png'), 'just text');
    const other = await startTestServer({ appDir });
    try {
      const response = await other.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: 'http://localhost/samples/notes.png' } });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.message).toMatch(/notes\.png is not a PNG, JPEG, WebP or AVIF image/);
    } finally {
      await other.close();
    }
  });
});

describe('POST /api/foregrounds, with the model', () => {
  let server: TestServer;
  let photo: Awaited<ReturnType<typeof productPhoto>>;
  beforeAll(async () => {
    const appDir = await makeAppDir();
    photo = await productPhoto();
    writeFileSync(join(appDir, 'samples', 'product.jpg'), photo.jpeg);
    writeFileSync(join(appDir, 'samples', 'plain.jpg'), await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } }).jpeg().toBuffer());
    writeFileSync(join(appDir, 'samples', 'board.jpg'), await crowdedBoardPhoto());
    server = await startTestServer({ appDir, backgroundRemoval: { preload: false, queueLimit: 1 } });
  });
  afterAll(() => server.close());

  it('removes the background: the subject kept opaque in place, the backdrop gone, the image trimmed to it', { timeout: 600_000 }, async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/foregrounds',
      payload: { image: 'http://localhost/samples/product.jpg', removeBackground: true, trim: true, margin: 0 },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as ForegroundJson;
    const { subject } = photo;
    // The crop is the subject's box in the source (every visible pixel of it), within a few pixels of the
    // bottle's half-opaque box: its soft rim and the matte's own edge are a few pixels wide.
    expect(Math.abs(body.crop.x - subject.x)).toBeLessThanOrEqual(6);
    expect(Math.abs(body.crop.y - subject.y)).toBeLessThanOrEqual(6);
    expect(Math.abs(body.crop.x + body.crop.width - (subject.x + subject.width))).toBeLessThanOrEqual(6);
    expect(Math.abs(body.crop.y + body.crop.height - (subject.y + subject.height))).toBeLessThanOrEqual(6);
    expect(body.subject).toEqual({ x: 0, y: 0, width: body.width, height: body.height });
    // A clean cut-out: half-transparent only at its edge, and no warning.
    expect(body.halfTransparent).toBeGreaterThan(0);
    expect(body.halfTransparent).toBeLessThan(0.1);
    expect(body.warning).toBeNull();
    const image = await pixelReader((await server.app.inject({ url: `/api/uploads/${body.id}` })).rawPayload);
    // The bottle's middle is opaque; the corners of the crop, beside its rounded shoulders, are backdrop.
    expect(image.at(Math.round(body.width / 2), Math.round(body.height * 0.7))![3]).toBe(255);
    expect(image.at(1, 1)![3]).toBeLessThan(8);

    // The same photo and options again: the cached upload, not a second removal.
    const again = await server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: 'http://localhost/samples/product.jpg' } });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(body.id);
  });

  it('answers 503 with Retry-After past the queue limit, and serves the queued one', { timeout: 600_000 }, async () => {
    const first = server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: 'http://localhost/samples/product.jpg', margin: 5 } });
    // Wait until the first one holds the only place in the queue.
    while ((await server.app.inject({ url: '/api/foregrounds/model' })).json().queued < 1) await new Promise((resolve) => setImmediate(resolve));
    const second = await server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: 'http://localhost/samples/product.jpg', margin: 9 } });
    expect(second.statusCode).toBe(503);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(second.json().error.message).toMatch(/busy/);
    expect((await first).statusCode).toBe(201);
  });

  it('says so when a photo has no subject, instead of answering an empty image', { timeout: 600_000 }, async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: 'http://localhost/samples/plain.jpg' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toMatch(/no subject was found/);
  });

  it('warns when the model was unsure what the subject is: a cut-out half-transparent all over', { timeout: 600_000 }, async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: 'http://localhost/samples/board.jpg' } });
    expect(response.statusCode).toBe(201);
    const body = response.json() as ForegroundJson;
    expect(body.halfTransparent).toBeGreaterThanOrEqual(0.5);
    expect(body.warning).toMatch(/the model was unsure what the subject of this photo is: much of the cut-out is half-transparent \(\d+ half-transparent pixels for every 100 mostly opaque ones\)/);
    // The cached answer says the same.
    const again = (await server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: 'http://localhost/samples/board.jpg' } })).json() as ForegroundJson;
    expect(again.id).toBe(body.id);
    expect(again.warning).toBe(body.warning);
    // Trimming a cut-out the user already has measures nothing.
    const trimming = await server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: body.url, removeBackground: false } });
    expect(trimming.statusCode, trimming.body).toBe(201);
    const trimmed = trimming.json() as ForegroundJson;
    expect(trimmed.halfTransparent).toBeNull();
    expect(trimmed.warning).toBeNull();
  });

  it("renders a job with removeBg: the photo's backdrop replaced by the colour, the subject kept, the sizes of the body unchanged", { timeout: 600_000 }, async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: {
        canvas_size: '800x700',
        color_code: '#ff0000',
        origin_img: 'http://localhost/samples/product.jpg',
        modify_origin_img_size: '800x700',
        overlay_origin_x: 0,
        overlay_origin_y: 0,
        removeBg: true,
      },
    });
    expect(response.statusCode).toBe(202);
    const job = await waitForFinal(server.app, response.json().id, 580_000);
    expect(job.status).toBe('completed');
    expect(job.request).toMatchObject({ removeBg: true });
    const image = await pixelReader((await server.app.inject({ url: `/api/jobs/${job.id}/result` })).rawPayload);
    expect([image.width, image.height]).toEqual([800, 700]);
    expect(image.at(20, 20)).toEqual([255, 0, 0, 255]); // the blue backdrop
    expect(image.at(20, 650)).toEqual([255, 0, 0, 255]); // the sand-coloured floor
    const middle = image.at(400, 480)!; // the bottle's body: pink, not red
    expect(middle[1]).toBeGreaterThan(80);
  });
});
