import sharp from 'sharp';
import { cutoutPng, photoJpeg, psnrRgba } from '../server/render/photo-fixtures.ts';
import { expect, test } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';

/** What the user approved is what they get: the editor's own drawing against the server's render. */
const MIN_PSNR_DB = 40;

test('the editor preview at full resolution matches the local render (>= 40 dB)', async ({ editor, page }) => {
  const template = { bytes: await photoJpeg(1200, 900, 11), width: 1200, height: 900, contentType: 'image/jpeg' as const };
  const foreground = { bytes: await cutoutPng(800, 1000, 12), width: 800, height: 1000, contentType: 'image/png' as const };
  await editor.images.loadImageFile('template', template, 'backdrop.jpg');
  await editor.images.loadImageFile('foreground', foreground, 'cutout.png');
  await editor.fillField('canvas-width', 1080);
  await editor.fillField('canvas-height', 1080);
  await editor.fillField('color-hex', '#aafbe3');
  // Overflow and negative offsets on both layers, resized up and down, as in the API page's example 3.
  await editor.fillField('template-x', 500);
  await editor.fillField('template-y', -40);
  await editor.fillField('foreground-x', -60);
  await editor.fillField('foreground-y', -30);
  await editor.fillField('foreground-width', 700);
  const body = await editor.requestBody();
  expect(body).toMatchObject({ canvas_size: '1080x1080', overlay_origin_x: -60, overlay_template_y: -40, color_code: '#aafbe3' });

  // The app's own export of what the canvas shows (colour or checkerboard, template, foreground; no handles).
  const preview = await editor.preview(1080);

  const jobs = new JobPanel(page);
  const id = await jobs.submit();
  await expect(jobs.status).toHaveText('Completed', { timeout: 30_000 });
  const result = await page.request.get(`/api/jobs/${id}/result?format=png`);
  expect(result.status()).toBe(200);

  const decode = async (bytes: Buffer) => sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const rendered = await decode(Buffer.from(await result.body()));
  const drawn = await decode(preview);
  expect([drawn.info.width, drawn.info.height]).toEqual([1080, 1080]);
  expect([rendered.info.width, rendered.info.height]).toEqual([1080, 1080]);
  const psnr = psnrRgba(drawn.data, rendered.data);
  console.log(`preview vs local render: ${psnr.toFixed(1)} dB`);
  expect(psnr).toBeGreaterThanOrEqual(MIN_PSNR_DB);
});

/**
 * Each effect on the foreground: the editor draws it live, Submit bakes it into the foreground on the server and
 * sends that image with its size and offset adjusted; what comes back is what the editor showed. The layer is
 * dragged first (the effects move with it) and sits low, so the reflection runs past the canvas and is clipped.
 */
for (const effect of ['contact', 'drop', 'reflection'] as const) {
  test(`the editor preview of a foreground with a ${effect} ${effect === 'reflection' ? '' : 'shadow '}matches the local render (>= 40 dB)`, async ({ editor, page }) => {
    const template = { bytes: await photoJpeg(1200, 900, 21), width: 1200, height: 900, contentType: 'image/jpeg' as const };
    const foreground = { bytes: await cutoutPng(600, 900, 22), width: 600, height: 900, contentType: 'image/png' as const };
    await editor.images.loadImageFile('template', template, 'backdrop.jpg');
    await editor.images.loadImageFile('foreground', foreground, 'cutout.png');
    await editor.fillField('canvas-width', 1080);
    await editor.fillField('canvas-height', 1080);
    await editor.fillField('foreground-width', 517);
    await editor.fillField('foreground-x', 301);
    await editor.fillField('foreground-y', 100);

    await page.getByTestId('effects').locator('summary').click();
    await page.getByTestId(`effect-${effect}`).check();
    await page.getByTestId(`effect-${effect}-opacity`).fill('0.8');
    await page.getByTestId(`effect-${effect}-opacity`).blur();
    await expect.poll(async () => (await editor.document()).foreground?.effects).toBeTruthy();
    await editor.canvas.dragLayerBy('foreground', 30, 40);
    const layer = (await editor.document()).foreground!;
    // The base is low enough that the reflection runs past the canvas's bottom (clipped).
    expect(layer.y + layer.height).toBeGreaterThan(900);
    expect(layer.y + layer.height).toBeLessThan(1040);
    const preview = await editor.preview(1080);
    // The same layout without the effect (turned off, then back by Undo): the effect must show in the preview.
    await page.getByTestId(`effect-${effect}`).uncheck();
    await expect.poll(async () => (await editor.document()).foreground?.effects).toBeUndefined();
    const plain = await editor.preview(1080);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await editor.document()).foreground).toEqual(layer);

    const jobs = new JobPanel(page);
    const id = await jobs.submit();
    await expect(jobs.status).toHaveText('Completed', { timeout: 30_000 });
    // The body is a plain Akool body: the baked foreground, larger than the layer, placed around it.
    const job = await (await page.request.get(`/api/jobs/${id}`)).json();
    const [bakedWidth, bakedHeight] = (job.request.modify_origin_img_size as string).split('x').map(Number) as [number, number];
    expect(job.request.origin_img).not.toBe(layer.source.url);
    expect(bakedHeight).toBeGreaterThan(layer.height);
    expect(job.request.overlay_origin_x).toBeLessThanOrEqual(layer.x);
    expect(job.request.overlay_origin_x + bakedWidth).toBeGreaterThanOrEqual(layer.x + layer.width);

    const result = await page.request.get(`/api/jobs/${id}/result?format=png`);
    const decode = async (bytes: Buffer) => sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const rendered = await decode(Buffer.from(await result.body()));
    const drawn = await decode(preview);
    const before = await decode(plain);
    const psnr = psnrRgba(drawn.data, rendered.data);
    console.log(`${effect}: preview vs local render ${psnr.toFixed(1)} dB (the effect changed the preview: ${psnrRgba(before.data, drawn.data).toFixed(1)} dB from without)`);
    expect(psnr).toBeGreaterThanOrEqual(MIN_PSNR_DB);
    // The effect shows: it changes the preview by more than the tolerance above allows, so a missing effect
    // (in the editor or in the render) fails this test.
    expect(psnrRgba(before.data, drawn.data)).toBeLessThan(MIN_PSNR_DB);
  });
}
