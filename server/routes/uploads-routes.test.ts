import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, pixelReader, solidPng, startTestServer, upload, type TestServer } from '../testing/test-server.ts';
import { pngChunk } from '../testing/png-chunk.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ publicBaseUrl: 'https://composer.example.com/base' });
});
afterAll(() => server.close());


/** A PNG whose header claims width x height, with almost no pixel data: a decompression bomb's shape. */
function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('POST /api/uploads', () => {
  it('stores a PNG and answers 201 with an absolute URL from PUBLIC_BASE_URL; GET serves the bytes', async () => {
    const png = await solidPng(7, 5, '#00ff00');
    const { status, body } = await upload(server.app, png, 'green.png');
    expect(status).toBe(201);
    expect(body).toEqual({
      id: body.id,
      url: `https://composer.example.com/base/api/uploads/${body.id}`,
      name: 'green.png',
      width: 7,
      height: 5,
      format: 'png',
      bytes: png.length,
    });
    expect(body.id).toMatch(/^[0-9a-f]{24}$/);
    const served = await server.app.inject({ url: `/api/uploads/${body.id}` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(png)).toBe(true);
  });

  it('decides by the bytes, not the name: a WebP named .png is WebP, a text file named .png is refused', async () => {
    const webp = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#123456' } }).webp().toBuffer();
    const accepted = await upload(server.app, webp, 'photo.png');
    expect(accepted.body).toMatchObject({ format: 'webp', width: 3, height: 2 });
    const refused = await upload(server.app, Buffer.from('hello, I am text\n'), 'image.png');
    expect(refused.status).toBe(415);
    expect(refused.body).toEqual({
      error: {
        message: 'the file is not a PNG, JPEG, WebP or AVIF image (judged by its content, not its name)',
        fields: { file: 'the file is not a PNG, JPEG, WebP or AVIF image (judged by its content, not its name)' },
      },
    });
  });

  it('stores an EXIF-rotated JPEG upright, with the upright width and height', async () => {
    // Stored 40x20 (left half red, right half blue) with orientation 6: a viewer shows it 20x40, red on top.
    const raw = Buffer.alloc(40 * 20 * 3);
    for (let i = 0; i < 40 * 20; i += 1) raw[i * 3 + (i % 40 < 20 ? 0 : 2)] = 255;
    const jpeg = await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
      .toBuffer();
    const { status, body } = await upload(server.app, jpeg, 'phone.jpg');
    expect(status).toBe(201);
    expect(body).toMatchObject({ format: 'jpeg', width: 20, height: 40 });
    const stored = (await server.app.inject({ url: `/api/uploads/${body.id}` })).rawPayload;
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([20, 40, 1]);
    const pixels = await pixelReader(stored);
    expect(pixels.at(10, 3)![0]).toBeGreaterThan(200); // red on top
    expect(pixels.at(10, 36)![2]).toBeGreaterThan(200); // blue at the bottom
  });

  it('refuses more than 100 megapixels from the header, without decoding', async () => {
    const started = Date.now();
    const { status, body } = await upload(server.app, pngClaiming(20000, 20000));
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: { message: 'the file is 20000x20000 (400.0 megapixels); at most 100 megapixels are accepted' } });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses more than 25 MB', async () => {
    const big = Buffer.concat([await solidPng(2, 2, '#000000'), Buffer.alloc(25 * 1024 * 1024)]);
    const { status, body } = await upload(server.app, big);
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: { message: 'the file is larger than 25 MB' } });
  });

  it('refuses a damaged image and a request without the file field', async () => {
    const png = await solidPng(50, 50, '#ff00ff');
    const damaged = await upload(server.app, png.subarray(0, 60));
    expect(damaged.status).toBe(422);
    expect(damaged.body).toMatchObject({ error: { message: expect.stringMatching(/damaged PNG|header cannot be read/) } });
    const other = await server.app.inject({ method: 'POST', url: '/api/uploads', ...multipart('picture', 'a.png', png) });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.message).toBe('no image in the multipart field "file"');
    const json = await server.app.inject({ method: 'POST', url: '/api/uploads', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
  });

  it('answers 404 for an unknown upload', async () => {
    expect((await server.app.inject({ url: '/api/uploads/0123456789abcdef01234567' })).statusCode).toBe(404);
    const info = await server.app.inject({ url: '/api/uploads/0123456789abcdef01234567/info' });
    expect(info.statusCode).toBe(404);
    expect(info.json()).toEqual({ error: { message: 'no upload 0123456789abcdef01234567' } });
  });
});

describe('the original file name of an upload', () => {
  it('is kept and answered by GET /api/uploads/:id/info, with the rest of the upload', async () => {
    const png = await solidPng(3, 4, '#0000ff');
    const { body } = await upload(server.app, png, 'bottle.png');
    const info = await server.app.inject({ url: `/api/uploads/${body.id}/info` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toEqual(body);
    expect(info.json()).toMatchObject({ name: 'bottle.png', width: 3, height: 4 });
  });

  it('is made safe to show: no directories, no control characters, at most 120 characters', async () => {
    const png = await solidPng(2, 2, '#ffffff');
    const sneaky = await upload(server.app, png, 'C:\\fakepath\\bot\u0007tle\u202e.png');
    expect(sneaky.body.name).toBe('bottle.png');
    const long = await upload(server.app, png, `${'x'.repeat(500)}.png`);
    expect([...(long.body.name as string)]).toHaveLength(120);
    expect(long.body.name).toMatch(/^x+….png$/);
  });

  it('is null when the client sent none', async () => {
    const png = await solidPng(2, 2, '#ffffff');
    const unnamed = await upload(server.app, png, '');
    expect(unnamed.status).toBe(201);
    expect(unnamed.body.name).toBeNull();
  });
});
