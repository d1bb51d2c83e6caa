import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../src/core/index.ts';
import { solidPng, startTestServer, upload, waitForFinal, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
/** An opaque product 200x340: the subject is the whole image (a trimmed cut-out). */
let productUrl: string;
/** A 400x500 transparent PNG with an opaque 200x340 product at (100, 80): the subject is found by its alpha. */
let paddedUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  productUrl = (await upload(server.app, await solidPng(200, 340, '#8a4b2c'))).body.url;
  const padded = await sharp({ create: { width: 400, height: 500, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: await solidPng(200, 340, '#8a4b2c'), left: 100, top: 80 }])
    .png()
    .toBuffer();
  paddedUrl = (await upload(server.app, padded)).body.url;
});
afterAll(() => server.close());

/** Renders a job with the local renderer and answers its compliance report for `marketplace`. */
async function rendered(body: Record<string, unknown>): Promise<string> {
  const created = await server.app.inject({ method: 'POST', url: '/api/jobs', payload: body });
  expect(created.statusCode, created.body).toBe(202);
  const id = created.json<{ id: string }>().id;
  expect((await waitForFinal(server.app, id, 120_000)).status).toBe('completed');
  return id;
}

async function compliance(id: string, marketplace = 'amazon') {
  const response = await server.app.inject({ url: `/api/jobs/${id}/compliance?marketplace=${marketplace}` });
  return { status: response.statusCode, body: response.json<ComplianceReport & { error?: { message: string; fields: Record<string, string> } }>() };
}

const failing = (report: ComplianceReport) => report.checks.filter((check) => !check.passed).map((check) => check.rule);

// The product drawn 1000x1700 on a 2000 square, centred: 85 % of the frame, on pure white.
const amazonBody = { canvas_size: '2000x2000', color_code: '#ffffff', modify_origin_img_size: '1000x1700', overlay_origin_x: 500, overlay_origin_y: 150 };

describe('GET /api/jobs/:id/compliance', () => {
  it('a product at 85 % on pure white passes every Amazon rule, each answered with what was measured', async () => {
    const id = await rendered({ ...amazonBody, origin_img: productUrl });
    const { status, body } = await compliance(id);
    expect(status).toBe(200);
    expect(body.marketplace).toBe('amazon');
    expect(body.passed).toBe(true);
    expect(body.checks).toEqual([
      { rule: 'background', passed: true, measured: 'all white', required: 'every pixel outside the product 255, 255, 255' },
      { rule: 'fill', passed: true, measured: '85.0 %', required: 'at least 85 %' },
      { rule: 'whole-subject', passed: true, measured: 'inside the frame', required: 'the whole product inside the frame' },
      { rule: 'longest-side', passed: true, measured: '2000 px', required: '1000 to 10000 px' },
      { rule: 'format', passed: true, measured: 'png', required: 'one of jpeg, png, gif, tiff' },
      expect.objectContaining({ rule: 'file-size', passed: true, required: 'at most 10.00 MB' }),
    ]);
  });

  it("finds a transparent foreground's subject by its alpha: the padding is neither product nor fill", async () => {
    // The 400x500 image at 5x: the product is 1000x1700 at (500, 150), inside a 2000x2500 box that overflows.
    const id = await rendered({ ...amazonBody, origin_img: paddedUrl, modify_origin_img_size: '2000x2500', overlay_origin_x: 0, overlay_origin_y: -250 });
    const { body } = await compliance(id);
    expect(body.passed, JSON.stringify(body.checks)).toBe(true);
    expect(body.checks.find((check) => check.rule === 'fill')?.measured).toBe('85.0 %');
  });

  it('fails the background on an off-white canvas, naming how many pixels are not white', async () => {
    const id = await rendered({ ...amazonBody, origin_img: productUrl, color_code: '#fefefe' });
    const { body } = await compliance(id);
    expect(body.passed).toBe(false);
    expect(failing(body)).toEqual(['background']);
    expect(body.checks[0]!.measured).toBe(`${(4_000_000 - 1_700_000).toLocaleString('en-US')} pixels not white (the first at 0, 0)`);
  });

  it('fails the background when a background image shows around the product', async () => {
    const backdrop = (await upload(server.app, await solidPng(20, 20, '#ffffff'))).body.url;
    const greyish = (await upload(server.app, await solidPng(20, 20, '#f4f4f4'))).body.url;
    const white = await rendered({ ...amazonBody, origin_img: productUrl, template_url: backdrop, modify_template_size: '2000x2000', overlay_template_x: 0, overlay_template_y: 0 });
    expect((await compliance(white)).body.passed).toBe(true);
    const grey = await rendered({ ...amazonBody, origin_img: productUrl, template_url: greyish, modify_template_size: '2000x2000', overlay_template_x: 0, overlay_template_y: 0 });
    expect(failing((await compliance(grey)).body)).toEqual(['background']);
  });

  it('fails the fill of a product drawn smaller, and Google’s upper bound of one drawn larger', async () => {
    const small = await rendered({ ...amazonBody, origin_img: productUrl, modify_origin_img_size: '800x1360', overlay_origin_x: 600, overlay_origin_y: 320 });
    const { body } = await compliance(small);
    expect(failing(body)).toEqual(['fill']);
    expect(body.checks.find((check) => check.rule === 'fill')).toMatchObject({ measured: '68.0 %', required: 'at least 85 %' });

    const large = await rendered({ canvas_size: '1500x1500', color_code: '#ffffff', origin_img: productUrl, modify_origin_img_size: '850x1445', overlay_origin_x: 325, overlay_origin_y: 27 });
    const google = (await compliance(large, 'google')).body;
    expect(google.marketplace).toBe('google');
    expect(failing(google)).toEqual(['fill']);
    expect(google.checks.find((check) => check.rule === 'fill')).toMatchObject({ measured: '96.3 %', required: '75 % to 90 %' });
  });

  it('fails a product cut off by the edge of the frame', async () => {
    const id = await rendered({ ...amazonBody, origin_img: productUrl, overlay_origin_x: 1500 });
    expect(failing((await compliance(id)).body)).toEqual(['whole-subject']);
  });

  it('fails an image too small for zoom', async () => {
    const id = await rendered({ canvas_size: '800x800', color_code: '#ffffff', origin_img: productUrl, modify_origin_img_size: '400x680', overlay_origin_x: 200, overlay_origin_y: 60 });
    const { body } = await compliance(id);
    expect(failing(body)).toEqual(['longest-side']);
    expect(body.checks.find((check) => check.rule === 'longest-side')).toMatchObject({ measured: '800 px', required: '1000 to 10000 px' });
  });

  it('fails a file larger than the marketplace takes', async () => {
    // Noise does not compress: a 2000x2000 noisy photo covering the canvas makes a PNG of ~12 MB.
    const noise = await sharp(randomBytes(2000 * 2000 * 3), { raw: { width: 2000, height: 2000, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
    const noisy = (await upload(server.app, noise)).body.url;
    const id = await rendered({ canvas_size: '2000x2000', color_code: '#ffffff', origin_img: noisy, modify_origin_img_size: '2000x2000', overlay_origin_x: 0, overlay_origin_y: 0 });
    const { body } = await compliance(id);
    expect(failing(body)).toEqual(['file-size']);
    expect(body.checks.find((check) => check.rule === 'file-size')?.measured).toMatch(/^1[1-3]\.\d\d MB$/);
  });

  it('400 naming the parameter for a missing or unknown marketplace, or one without rules', async () => {
    const id = await rendered({ ...amazonBody, origin_img: productUrl });
    const missing = await server.app.inject({ url: `/api/jobs/${id}/compliance` });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe('marketplace is required: one of amazon, shopify, ebay, etsy, google');
    const unknown = await compliance(id, 'walmart');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error!.fields).toEqual({ marketplace: 'marketplace must be one of amazon, shopify, ebay, etsy, google (got "walmart")' });
    expect((await compliance(id, 'pinterest')).body.error!.message).toContain('(got "pinterest", which has no image rules)');
  });

  it('404 for no such job, 409 with the reason for a job without a result', async () => {
    const none = await compliance('0123456789abcdef01234567');
    expect(none.status).toBe(404);
    expect(none.body.error!.message).toBe('no job 0123456789abcdef01234567');
    // A remote foreground on a loopback address is refused by the guarded fetch: the job fails.
    const created = await server.app.inject({ method: 'POST', url: '/api/jobs', payload: { ...amazonBody, origin_img: 'http://127.0.0.1:9/product.png' } });
    const id = created.json<{ id: string }>().id;
    expect((await waitForFinal(server.app, id, 120_000)).status).toBe('failed');
    const failed = await compliance(id);
    expect(failed.status).toBe(409);
    expect(failed.body.error!.message).toBe('the job is failed; it has no result to show');
  });
});
