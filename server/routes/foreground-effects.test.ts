import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixelReader, solidPng, startTestServer, upload, type TestServer } from '../testing/test-server.ts';

/** A 60x80 cut-out: a red box (x 10..49, y 20..79) standing on the image's bottom edge. */
async function cutoutPng(): Promise<Buffer> {
  return sharp({ create: { width: 60, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: await solidPng(40, 60, '#ff0000'), left: 10, top: 20 }])
    .png()
    .toBuffer();
}

describe('POST /api/foregrounds with shadows and reflections', () => {
  let server: TestServer;
  let image: string;
  beforeAll(async () => {
    server = await startTestServer();
    image = (await upload(server.app, await cutoutPng(), 'box.png')).body.url;
  });
  afterAll(() => server.close());

  const post = (payload: object) => server.app.inject({ method: 'POST', url: '/api/foregrounds', payload });
  const bytesOf = async (id: string) => pixelReader((await server.app.inject({ url: `/api/uploads/${id}` })).rawPayload);

  it('bakes a drop shadow and a reflection around the image, untouched, and says where the subject is', async () => {
    const response = await post({
      image,
      removeBackground: false,
      trim: false,
      shadow: { type: 'drop', angle: 0, distance: 12, blur: 4, opacity: 0.5, color: '#000000' },
      reflection: { opacity: 0.6, height: 0.25, gap: 2 },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    // Shadow: 4 px of blur each side, 12 px to the right; reflection: 2 + a quarter of the subject's 60 rows below.
    expect(body.padding).toEqual({ left: 0, top: 4, right: 16, bottom: 17 });
    expect(body).toMatchObject({ width: 76, height: 101, format: 'png', crop: { x: 0, y: 0, width: 60, height: 80 } });
    expect(body.subject).toEqual({ x: 10, y: 24, width: 40, height: 60 });
    const baked = await bytesOf(body.id);
    // The subject, exact.
    expect(baked.at(30, 50)).toEqual([255, 0, 0, 255]);
    expect(baked.at(10, 24)).toEqual([255, 0, 0, 255]);
    // The shadow shows right of the subject, at half opacity in its middle; nothing above or left of it.
    expect(baked.at(55, 50)).toEqual([0, 0, 0, 128]);
    expect(baked.at(30, 12)![3]).toBe(0);
    expect(baked.at(5, 50)![3]).toBe(0);
    // The reflection: red below the base after the gap, fading.
    expect(baked.at(15, 84)![3]).toBe(0);
    const first = baked.at(15, 86)!;
    const last = baked.at(15, 100)!;
    expect(first.slice(0, 3)).toEqual([255, 0, 0]);
    expect(first[3]).toBeGreaterThan(130);
    expect(last[3]).toBeLessThan(first[3]! / 5);
  });

  it('bakes after a trim, on the trimmed cut-out, with defaults for the fields left out', async () => {
    const response = await post({ image, removeBackground: false, trim: true, shadow: { type: 'contact' } });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    // Trimmed to 40x60; contact defaults: blur 3 % of 60 = 2, band 1.5 % = 1 px each side of the base.
    expect(body.padding).toEqual({ left: 2, top: 0, right: 2, bottom: 3 });
    expect(body.subject).toEqual({ x: 2, y: 0, width: 40, height: 60 });
    expect([body.width, body.height]).toEqual([44, 63]);
    const baked = await bytesOf(body.id);
    expect(baked.at(22, 61)![3]).toBeGreaterThan(0);
  });

  it('answers the same effects from the cache, and other effects anew', async () => {
    const payload = { image, removeBackground: false, trim: false, reflection: { height: 0.5 } };
    const first = (await post(payload)).json();
    const again = (await post(payload)).json();
    const other = (await post({ ...payload, reflection: { height: 0.4 } })).json();
    expect(again).toEqual(first);
    expect(other.id).not.toBe(first.id);
    expect(other.height).toBeLessThan(first.height);
  });

  it('names the effect field at fault', async () => {
    const bad = await post({ image, shadow: { opacity: 2, angle: 'down' }, reflection: { fade: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({
      shadow: 'shadow.opacity must be from 0 to 1',
      reflection: 'reflection has no field fade: its fields are opacity, height, gap',
    });
    const list = await post({ image, shadow: [{}, {}, {}] });
    expect(list.json().error.fields.shadow).toMatch(/at most 2 shadows/);
  });

  it('refuses a bake larger than the pixel limit, with the reason, before decoding it', async () => {
    const big = await upload(server.app, await solidPng(2500, 2500, '#00ff00'), 'big.png');
    const response = await post({ image: big.body.url, removeBackground: false, trim: false, shadow: { type: 'drop', angle: 45, distance: 4000, blur: 4000 } });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.fields.shadow).toBe(
      'the 2500x2500 image with its shadow would be 10500x10500 (110.3 megapixels); at most 100 megapixels are accepted: make the shadow smaller',
    );
  });
});
