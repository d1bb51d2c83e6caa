import type { Page } from '@playwright/test';
import type Konva from 'konva';
import type { ScreenRect } from './pages/canvas-area.ts';
import type { EditorPage } from './pages/editor-page.ts';
import { cutoutPng } from '../server/render/photo-fixtures.ts';
import { BAKED_AT_SUBMIT } from '../src/core/index.ts';
import { expect, expectWithin, test, type TestImages } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';

// Issue 16: a foreground's effects are part of the layer: one undo step per change, saved with the draft.

test('an effect toggled on and a slider dragged are one undo step each, and they come back with the draft', async ({ editor, images, page }) => {
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  const effects = async () => (await editor.document()).foreground?.effects ?? null;
  await page.getByTestId('effects').locator('summary').click();
  await page.getByTestId('effect-contact').check();
  await expect.poll(async () => (await effects())?.shadows.map((shadow) => shadow.opacity)).toEqual([0.7]);

  // A drag along the slider: many changes shown live, one step when it is let go.
  const slider = page.getByTestId('effect-contact-opacity');
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
  await page.mouse.down();
  for (const share of [0.6, 0.5, 0.4, 0.3, 0.2]) await page.mouse.move(box.x + box.width * share, box.y + box.height / 2);
  await page.mouse.up();
  const dragged = (await effects())!.shadows[0]!.opacity;
  expect(dragged).toBeLessThan(0.4);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await effects())?.shadows[0]?.opacity, 'one undo takes the whole slide back').toBe(0.7);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(effects, 'the next undo turns the shadow off').toBeNull();
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect.poll(async () => (await effects())?.shadows[0]?.opacity).toBe(dragged);

  await page.getByTestId('effect-reflection').check();
  await editor.drafts.waitForSaved();
  await editor.drafts.reload();
  await expect.poll(async () => {
    const back = await effects();
    return back && [back.shadows[0]?.opacity, back.reflection !== null];
  }).toEqual([dragged, true]);
  await expect(page.getByTestId('effect-contact')).toBeChecked();
});

/** Where Konva draws the foreground's image and its effects (client CSS px), and how often its layer was drawn. */
async function effectsOnScreen(page: Page): Promise<{ image: ScreenRect; effects: ScreenRect | null; draws: number }> {
  return page.evaluate(() => {
    const konva = (window as unknown as { Konva: typeof Konva }).Konva;
    const stage = konva.stages[0]!;
    const box = stage.container().getBoundingClientRect();
    const onScreen = (node: Konva.Node) => {
      const rect = node.getClientRect();
      return { x: box.left + rect.x, y: box.top + rect.y, width: rect.width, height: rect.height };
    };
    const image = stage.findOne('#layer-foreground')!;
    const effects = stage.findOne('.layer-effects');
    const counted = window as unknown as { __foregroundDraws?: number };
    return { image: onScreen(image), effects: effects ? onScreen(effects) : null, draws: counted.__foregroundDraws ?? 0 };
  });
}

/** Counts the scene draws of the foreground's Konva layer from now on. */
async function countForegroundDraws(page: Page): Promise<void> {
  await page.evaluate(() => {
    const konva = (window as unknown as { Konva: typeof Konva }).Konva;
    const layer = konva.stages[0]!.findOne('#layer-foreground')!.getLayer()!;
    const counted = window as unknown as { __foregroundDraws?: number };
    counted.__foregroundDraws = 0;
    const drawScene = layer.drawScene;
    layer.drawScene = function (this: Konva.Layer, ...args: Parameters<Konva.Layer['drawScene']>) {
      counted.__foregroundDraws! += 1;
      return drawScene.apply(this, args);
    };
  });
}

/** Two animation frames: whatever a change asked Konva to draw is drawn by then. */
const nextFrames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** The effects' box for the image's box `image`, kept in the proportions they had to `before.image`. */
function followed(before: { image: ScreenRect; effects: ScreenRect }, image: ScreenRect): ScreenRect {
  const sx = image.width / before.image.width;
  const sy = image.height / before.image.height;
  return {
    x: image.x + (before.effects.x - before.image.x) * sx,
    y: image.y + (before.effects.y - before.image.y) * sy,
    width: before.effects.width * sx,
    height: before.effects.height * sy,
  };
}

function expectBoxNear(actual: ScreenRect | null, expected: ScreenRect, tolerance: number, what: string): void {
  expect(actual, `${what}: the effects are drawn`).not.toBeNull();
  for (const key of ['x', 'y', 'width', 'height'] as const) expectWithin(actual![key], expected[key], tolerance, `${what}, ${key}`);
}

/** The foreground with a drop shadow and a reflection, shown on the canvas and selected. */
async function foregroundWithEffects(editor: EditorPage, page: Page, images: TestImages) {
  await editor.images.loadImageFile('foreground', images.foreground, 'cut-out.png');
  await expect.poll(() => editor.nodes.hasImage('foreground')).toBe(true);
  await page.getByTestId('effects').locator('summary').click();
  await page.getByTestId('effect-drop').check();
  await page.getByTestId('effect-reflection').check();
  await expect.poll(async () => (await editor.document()).foreground?.effects?.reflection).toBeTruthy();
  // The bake of both (the one of the drop shadow alone shows meanwhile): the effects reach below the image.
  await expect.poll(async () => {
    const { image, effects } = await effectsOnScreen(page);
    return effects !== null && effects.y + effects.height > image.y + image.height * 1.1;
  }).toBe(true);
  await editor.canvas.select('foreground');
  await nextFrames(page);
}

test('the release of a drag draws nothing again: the effects slid with the image and stay where it is', async ({ editor, images, page }) => {
  await foregroundWithEffects(editor, page, images);
  const before = await effectsOnScreen(page);
  await countForegroundDraws(page);
  await editor.canvas.dragLayerBy('foreground', 40, 30);
  await nextFrames(page);
  const after = await effectsOnScreen(page);
  // Without effects the release costs no drawing (the slid picture is already right); the effects must not
  // bring back a draw of the whole layer (a third of a second at bench/editor's 4x throttling).
  expect(after.draws, 'scene draws of the foreground layer from the press on').toBe(0);
  expect(after.image.x - before.image.x).not.toBe(0);
  expectBoxNear(after.effects, followed({ image: before.image, effects: before.effects! }, after.image), 0.01, 'after the drag');
});

test('during a corner resize the effects follow the layer live, scaled with it', async ({ editor, images, page }) => {
  await foregroundWithEffects(editor, page, images);
  const before = await effectsOnScreen(page);
  const width = (await editor.document()).foreground!.width;
  const corner = { x: before.image.x + before.image.width, y: before.image.y + before.image.height };
  await page.mouse.move(corner.x, corner.y);
  await page.mouse.down();
  await page.mouse.move(corner.x + 80, corner.y + 96, { steps: 8 });
  await nextFrames(page);
  // Mid-resize (pressed, moved, not released): the layer is larger, and the effects' box with it.
  const during = await effectsOnScreen(page);
  expect(during.image.width).toBeGreaterThan(before.image.width * 1.05);
  expectBoxNear(during.effects, followed({ image: before.image, effects: before.effects! }, during.image), 0.5, 'mid-resize');
  await page.mouse.up();
  await expect.poll(async () => (await editor.document()).foreground!.width).toBeGreaterThan(width);
  await nextFrames(page);
  // At the end the same picture is placed anew for the layer's whole-pixel size: within a pixel of the above.
  const after = await effectsOnScreen(page);
  expectBoxNear(after.effects, followed({ image: before.image, effects: before.effects! }, after.image), 1, 'after the resize');
});

test('with effects on, the Request panel shows the body Submit sends: the baked image’s size and offset', async ({ editor, images, page }) => {
  await editor.images.loadImageFile('template', images.template, 'backdrop.jpg');
  // A cut-out with soft edges: the base is where the alpha reaches 1/4, as the server's bake measures it.
  const cutout = { bytes: await cutoutPng(600, 900, 22), width: 600, height: 900, contentType: 'image/png' as const };
  await editor.images.loadImageFile('foreground', cutout, 'cut-out.png');
  await page.getByTestId('effects').locator('summary').click();
  await page.getByTestId('effect-contact').check();
  await page.getByTestId('effect-reflection').check();
  await expect(page.getByTestId('request-baked-foreground')).toHaveAttribute('data-state', 'placed');
  const layer = (await editor.document()).foreground!;
  const shown = await editor.requestPanel.shownBody();
  // Not the layer's own image and box: the baked image is taller (the reflection) and starts at the same x.
  expect(shown.origin_img).toBe(BAKED_AT_SUBMIT);
  expect(shown.modify_origin_img_size).not.toBe(`${layer.width}x${layer.height}`);
  await expect(page.getByTestId('copy-json')).toBeDisabled();

  const jobs = new JobPanel(page);
  const id = await jobs.submit();
  const job = await (await page.request.get(`/api/jobs/${id}`)).json();
  expect(job.request.origin_img).not.toBe(BAKED_AT_SUBMIT);
  expect({ ...job.request, origin_img: BAKED_AT_SUBMIT }).toEqual(shown);
});
