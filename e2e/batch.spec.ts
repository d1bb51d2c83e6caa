import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { placeInSlot } from '../src/core/index.ts';
import { boardPhotoJpeg, foregroundPng, productPhotoJpeg } from './fixtures/test-images.ts';
import { BatchPanel } from './pages/batch-panel.ts';
import type { EditorPage } from './pages/editor-page.ts';
import { expect, test, type TestImages } from './pages/editor-test.ts';

// Issue 17: one layout over many products. The layout's foreground box is the slot; ten files go in, one is
// opened in the editor and moved and resized there, the page is reloaded before submitting (the batch not yet
// submitted is kept), the batch renders, and the ZIP holds ten images of the canvas size with each product in
// its slot (the adjusted one where it was put).

const CANVAS = { width: 1000, height: 800 };
const SLOT = { x: 350, y: 300, width: 300, height: 400 };
const ADJUSTED = { x: 40, y: 50, width: 200, height: 120 };

/** The layout: a white CANVAS whose foreground box is SLOT. */
async function setUpLayout(editor: EditorPage, images: TestImages): Promise<void> {
  await editor.images.loadImageFile('foreground', images.foreground, 'slot.png');
  await editor.byTestId('keep-aspect-ratio').uncheck();
  await editor.fillField('canvas-width', CANVAS.width);
  await editor.fillField('canvas-height', CANVAS.height);
  await editor.fillField('color-hex', '#ffffff');
  await editor.fillField('foreground-x', SLOT.x);
  await editor.fillField('foreground-y', SLOT.y);
  await editor.fillField('foreground-width', SLOT.width);
  await editor.fillField('foreground-height', SLOT.height);
  await expect(editor.byTestId('foreground-upload-status')).toHaveText('uploaded');
}

test('add 10 files, adjust one in the editor, reload, submit, watch progress, download the ZIP: every image has the canvas size, each product in its slot', async ({ editor, images, page }) => {
  test.setTimeout(180_000);
  await setUpLayout(editor, images);

  // Products of different shapes: tall, wide, square; each an opaque green rectangle inset a tenth in a
  // transparent PNG (subjects with margins).
  const shapes = [
    [200, 600],
    [600, 200],
    [400, 400],
    [120, 500],
    [500, 300],
  ] as const;
  const products = await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      const [w, h] = shapes[i % shapes.length]!;
      return { name: `product-${String(i + 1).padStart(2, '0')}.png`, image: await foregroundPng(w, h, { r: 20, g: 160, b: 60 }), size: { width: w, height: h } };
    }),
  );
  if (await editor.byTestId('tab-batch').isVisible()) await editor.byTestId('tab-batch').click();
  const batch = new BatchPanel(page);
  await batch.addFiles(products);
  await expect(batch.items).toHaveCount(10);
  // The grid previews each product in the slot (shown once its image has loaded).
  await expect(batch.items.nth(0).locator('img').last()).toBeVisible();
  await batch.waitForUploads();

  // Open the third product in the editor: it is the foreground there, where the rule puts it. Move it on the
  // canvas, then give it an exact place and size in the inspector, and go back to the batch.
  const ruled = await batch.thumbBox(2);
  await batch.openInEditor(2);
  const opened = (await editor.document()).foreground!;
  expect([opened.source.width, opened.source.height]).toEqual([400, 400]);
  expect(opened.x / CANVAS.width).toBeCloseTo(ruled.left / 100, 2);
  await editor.canvas.dragLayerBy('foreground', -120, -80);
  for (const [field, value] of [['x', ADJUSTED.x], ['y', ADJUSTED.y], ['width', ADJUSTED.width], ['height', ADJUSTED.height]] as const) {
    await editor.fillField(`foreground-${field}`, value);
  }
  await batch.done();
  // The layout is back (its own foreground is the slot again), and the grid shows the item where it was put.
  expect((await editor.document()).foreground).toMatchObject(SLOT);
  if (await editor.byTestId('tab-batch').isVisible() && !(await batch.items.first().isVisible())) await editor.byTestId('tab-batch').click();
  await expect(batch.items.nth(2)).toHaveAttribute('data-adjusted', 'true');
  await expect(batch.items.nth(2).getByTestId('batch-item-adjusted')).toBeVisible();
  expect(await batch.thumbBox(2)).toEqual({
    left: (ADJUSTED.x / CANVAS.width) * 100,
    top: (ADJUSTED.y / CANVAS.height) * 100,
    width: (ADJUSTED.width / CANVAS.width) * 100,
    height: (ADJUSTED.height / CANVAS.height) * 100,
  });

  // The batch not yet submitted survives a reload: its products, on the server already, and the override.
  await editor.drafts.waitForSaved();
  await editor.drafts.reload();
  if (await editor.byTestId('tab-batch').isVisible()) await editor.byTestId('tab-batch').click();
  await expect(batch.items).toHaveCount(10);
  await expect(batch.items.nth(2)).toHaveAttribute('data-adjusted', 'true');
  await expect(batch.items.nth(0).locator('img').last()).toBeVisible();
  expect(await batch.thumbBox(2)).toMatchObject({ left: (ADJUSTED.x / CANVAS.width) * 100 });

  await batch.submit();
  // Progress says done / failed / left while it runs, then nothing is left.
  await expect(batch.counts).toContainText(/\d+ done · \d+ failed · \d+ left/);
  expect(await batch.waitUntilDone(120_000)).toContain('10 done · 0 failed · 0 left');
  await expect(batch.byTestId('batch-item-download')).toHaveCount(10);
  // The override is kept with the item on the server.
  await expect(batch.byTestId('batch-progress-item').nth(2).getByTestId('batch-progress-adjusted')).toBeVisible();
  await expect(batch.byTestId('batch-progress-adjusted')).toHaveCount(1);
  // Submitted: the grid is empty, and stays so after a reload.
  await expect(batch.items).toHaveCount(0);

  const zipPath = await batch.downloadAll();
  const names = execFileSync('unzip', ['-Z1', zipPath]).toString().trim().split('\n');
  expect(names).toEqual(products.map((product) => product.name));
  for (const [index, product] of products.entries()) {
    const png = execFileSync('unzip', ['-p', zipPath, product.name], { maxBuffer: 1 << 28 });
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height], product.name).toEqual([CANVAS.width, CANVAS.height]);
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    if (index === 2) {
      // Where the user put it: the image's box, its opaque middle green.
      expect(at(ADJUSTED.x + ADJUSTED.width / 2, ADJUSTED.y + ADJUSTED.height / 2), product.name).toEqual([20, 160, 60]);
      expect(at(SLOT.x + SLOT.width / 2, SLOT.y + SLOT.height - 3), product.name).toEqual([255, 255, 255]);
      continue;
    }
    // By the rule: the subject (the inset rectangle) fitted into the slot and standing on its floor.
    const subject = { x: product.size.width / 10, y: product.size.height / 10, width: product.size.width * 0.8, height: product.size.height * 0.8 };
    const placed = placeInSlot(SLOT, product.size, { anchor: 'bottom' }, subject);
    expect(placed.y + Math.round((subject.y + subject.height) * (placed.height / product.size.height))).toBeGreaterThanOrEqual(SLOT.y + SLOT.height - 1);
    expect(at(SLOT.x + SLOT.width / 2, SLOT.y + SLOT.height - 3), product.name).toEqual([20, 160, 60]);
    expect(at(SLOT.x + SLOT.width / 2, SLOT.y + SLOT.height + 3), product.name).toEqual([255, 255, 255]);
  }

  // The batch survives a reload: followed again, and listed with the past batches.
  await page.reload();
  if (await editor.byTestId('tab-batch').isVisible()) await editor.byTestId('tab-batch').click();
  await expect(batch.counts).toContainText('10 done · 0 failed · 0 left');
  await expect(batch.byTestId('batch-history')).toContainText('10/10 done');
});

test('an item open in the editor survives a reload; its shadow comes back to the batch with it and is rendered; Reset to rule drops an override', async ({ editor, images, page }) => {
  test.setTimeout(150_000);
  await setUpLayout(editor, images);
  if (await editor.byTestId('tab-batch').isVisible()) await editor.byTestId('tab-batch').click();
  const batch = new BatchPanel(page);
  const green = { r: 20, g: 160, b: 60 };
  await batch.addFiles([
    { name: 'square.png', image: await foregroundPng(400, 400, green) },
    { name: 'wide.png', image: await foregroundPng(600, 200, green) },
  ]);
  await batch.waitForUploads();

  // A contact shadow on the first product, in the editor; then a reload while it is still open there.
  await batch.openInEditor(0);
  await page.getByTestId('effects').locator('summary').click();
  await page.getByTestId('effect-contact').check();
  await expect.poll(async () => (await editor.document()).foreground?.effects?.shadows.length).toBe(1);
  await editor.drafts.waitForSaved();
  await editor.drafts.reload();
  await expect(batch.byTestId('batch-editing-bar')).toContainText('square.png');
  await expect.poll(async () => (await editor.document()).foreground?.effects?.shadows.map((shadow) => shadow.type)).toEqual(['contact']);
  expect((await editor.document()).foreground?.source.width).toBe(400);
  await batch.done();
  expect((await editor.document()).foreground).toMatchObject(SLOT);
  await expect(batch.items.nth(0).getByTestId('batch-item-adjusted')).toHaveText('adjusted · shadow');

  // The second is moved in the editor, then put back by the rule from its card.
  const ruled = await batch.thumbBox(1);
  await batch.openInEditor(1);
  await editor.fillField('foreground-x', 20);
  await batch.done();
  await expect(batch.items.nth(1)).toHaveAttribute('data-adjusted', 'true');
  expect((await batch.thumbBox(1)).left).toBeCloseTo(2, 5);
  await batch.items.nth(1).getByTestId('batch-item-reset').click();
  await expect(batch.items.nth(1)).not.toHaveAttribute('data-adjusted');
  expect(await batch.thumbBox(1)).toEqual(ruled);

  await batch.submit();
  expect(await batch.waitUntilDone(90_000)).toContain('2 done · 0 failed · 0 left');
  await expect(batch.byTestId('batch-progress-adjusted')).toHaveCount(1);
  // The square stands on the slot's floor (its subject fitted by the rule), its shadow under it on the white.
  const result = await page.request.get((await batch.byTestId('batch-item-download').first().getAttribute('href'))!);
  const { data, info } = await sharp(await result.body()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
  const floor = SLOT.y + SLOT.height;
  expect(at(SLOT.x + SLOT.width / 2, floor - 3)).toEqual([20, 160, 60]);
  const shadow = at(SLOT.x + SLOT.width / 2, floor + 2);
  expect(Math.max(...shadow), 'the shadow under the product').toBeLessThan(200);
  expect(at(SLOT.x + SLOT.width / 2, floor + 40)).toEqual([255, 255, 255]);
});

test("the layout product's shadow is given to every product placed by the rule, at the same size on the canvas", async ({ editor, images, page }) => {
  test.setTimeout(150_000);
  await setUpLayout(editor, images);
  // A contact shadow on the layout's own product (the slot).
  await editor.canvas.select('foreground');
  await page.getByTestId('effects').locator('summary').click();
  await page.getByTestId('effect-contact').check();
  await expect.poll(async () => (await editor.document()).foreground?.effects?.shadows.length).toBe(1);
  if (await editor.byTestId('tab-batch').isVisible()) await editor.byTestId('tab-batch').click();
  const batch = new BatchPanel(page);
  await expect(batch.byTestId('batch-layout-effects')).toContainText("gets the layout product's shadow");
  const green = { r: 20, g: 160, b: 60 };
  await batch.addFiles([
    { name: 'small.png', image: await foregroundPng(300, 300, green) },
    { name: 'large.png', image: await foregroundPng(1200, 1200, green) },
  ]);
  await batch.waitForUploads();
  // The grid previews the shadow too, under each product.
  for (const index of [0, 1]) await expect(batch.items.nth(index).getByTestId('batch-thumb-effects')).toHaveAttribute('src', /^data:image\/png/);
  await batch.submit();
  expect(await batch.waitUntilDone(90_000)).toContain('2 done · 0 failed · 0 left');
  const floor = SLOT.y + SLOT.height;
  const darkness: number[] = [];
  for (const index of [0, 1]) {
    const result = await page.request.get((await batch.byTestId('batch-item-download').nth(index).getAttribute('href'))!);
    const { data, info } = await sharp(await result.body()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    // Each stands on the slot's floor with the shadow under it, on the white.
    expect(at(SLOT.x + SLOT.width / 2, floor - 3), `item ${index}`).toEqual([20, 160, 60]);
    const under = Math.max(...at(SLOT.x + SLOT.width / 2, floor + 2));
    expect(under, `the shadow under item ${index}`).toBeLessThan(200);
    expect(at(SLOT.x + SLOT.width / 2, floor + 40), `item ${index}`).toEqual([255, 255, 255]);
    darkness.push(under);
  }
  // A photo 4x larger drawn at the same size gets 4x the pixels of blur: the same shadow on the canvas.
  expect(Math.abs(darkness[0]! - darkness[1]!)).toBeLessThan(24);
});

test('with "Remove backgrounds" the grid previews each photo as its cut-out, fitted by its subject as the server places it, and the batch renders it', async ({ editor, images, page }) => {
  test.setTimeout(420_000);
  await setUpLayout(editor, images);
  if (await editor.byTestId('tab-batch').isVisible()) await editor.byTestId('tab-batch').click();
  const batch = new BatchPanel(page);
  await batch.byTestId('batch-remove-background').check();
  const photo = await productPhotoJpeg();
  await batch.addFiles([
    { name: 'bottle-photo.jpg', image: photo },
    { name: 'board.jpg', image: await boardPhotoJpeg() },
  ]);
  await batch.waitForUploads();
  const photoBox = await batch.thumbBox(0);
  // The model loads on this first removal (the e2e server does not preload it).
  await expect(batch.items.nth(0).getByTestId('batch-item-removing')).toBeHidden({ timeout: 360_000 });
  // A photo the model cannot read is previewed with the server's warning; the bottle has none.
  await expect(batch.items.nth(1).getByTestId('batch-item-cutout-warning')).toContainText('the model was unsure what the subject of this photo is', { timeout: 120_000 });
  await expect(batch.items.nth(0).getByTestId('batch-item-cutout-warning')).toHaveCount(0);
  const thumb = batch.items.nth(0).locator('.batch-thumb__layer').last();
  await expect(thumb).toHaveAttribute('src', /\/api\/uploads\/[0-9a-f]{24}$/);
  // The opaque photo filled the slot's width; its cut-out (the bottle alone, narrower than the photo) is fitted
  // by its own subject: taller in the slot, standing on its floor.
  const cutoutBox = await batch.thumbBox(0);
  expect(cutoutBox).not.toEqual(photoBox);
  expect(cutoutBox.top + cutoutBox.height).toBeCloseTo(((SLOT.y + SLOT.height) / CANVAS.height) * 100, 0);

  await batch.submit();
  expect(await batch.waitUntilDone(300_000)).toContain('2 done · 0 failed · 0 left');
  const result = await page.request.get((await batch.byTestId('batch-item-download').first().getAttribute('href'))!);
  const { data, info } = await sharp(await result.body()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // The photo's own backdrop is gone: the slot's top corners are the canvas's white.
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
  expect(at(SLOT.x + 2, SLOT.y + 2)).toEqual([255, 255, 255]);
  expect(at(SLOT.x + SLOT.width - 3, SLOT.y + 2)).toEqual([255, 255, 255]);
});
