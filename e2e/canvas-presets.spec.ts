import type { RequestDraft } from '../src/core/index.ts';
import { EditorPage } from './pages/editor-page.ts';
import { expect, expectWithin, sizeOf, test } from './pages/editor-test.ts';
import { foregroundRect, templateRect } from './pages/request-layout.ts';

// Canvas presets and fill: the canvas changes, the layers keep their place relative to it.

test('each canvas preset changes canvas_size and keeps the foreground where it was relative to the canvas', async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  // Off-centre, so that keeping the relative position means something.
  const start = await foregroundRect(editor);
  await editor.fillField('foreground-x', start.x - 150);
  await editor.fillField('foreground-y', start.y + 90);
  const centreFraction = (body: RequestDraft) => {
    const canvas = sizeOf(body.canvas_size);
    const size = sizeOf(body.modify_origin_img_size);
    return {
      x: (body.overlay_origin_x! + size.width / 2) / canvas.width,
      y: (body.overlay_origin_y! + size.height / 2) / canvas.height,
    };
  };
  await expect.poll(async () => (await editor.request())?.overlay_origin_y).toBe(start.y + 90);
  const first = await editor.requestBody();
  const fraction = centreFraction(first);
  const select = editor.byTestId('canvas-preset');
  await expect(select).toHaveValue('3840x3840');
  const presets = (await select.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)))
    .filter((value) => value !== 'custom');
  expect(presets).toEqual(['3840x3840', '2048x2048', '1080x1080', '1080x1350', '1080x1920', '1920x1080', '3840x2160']);

  for (const preset of [...presets.slice(1), presets[0]!]) {
    await select.selectOption(preset);
    await expect.poll(async () => (await editor.request())?.canvas_size, `canvas_size for ${preset}`).toBe(preset);
    const size = sizeOf(preset);
    await expect(editor.byTestId('canvas-width')).toHaveValue(String(size.width));
    await expect(editor.byTestId('canvas-height')).toHaveValue(String(size.height));
    const body = await editor.requestBody();
    const now = centreFraction(body);
    expectWithin(now.x, fraction.x, 0.01, `foreground centre x fraction on ${preset}`);
    expectWithin(now.y, fraction.y, 0.01, `foreground centre y fraction on ${preset}`);
    // Never distorted.
    const layer = sizeOf(body.modify_origin_img_size);
    expectWithin(layer.width / layer.height, start.width / start.height, 0.01, `aspect ratio on ${preset}`);
  }
  // A size that is no preset shows as custom.
  await editor.fillField('canvas-width', 1234);
  await expect(select).toHaveValue('custom');
});

test('with the sample, presets keep the background covering the canvas, and going back gives the first request exactly', async ({
  page,
}) => {
  // The first-start sample (not the empty editor of the other tests): a 3000x2000 photo covering 3840x3840.
  const editor = new EditorPage(page);
  await page.goto('/');
  await expect.poll(async () => (await editor.request())?.template_url ?? '').toMatch(/\/samples\/background\.jpg$/);
  const original = await editor.requestBody();
  const select = editor.byTestId('canvas-preset');
  const expectCovered = async (preset: string) => {
    await expect.poll(async () => (await editor.request())?.canvas_size).toBe(preset);
    const { x, y, width, height, canvas } = await templateRect(editor);
    const edges = `${width}x${height} at ${x},${y} on ${preset}`;
    expect(x <= 0 && y <= 0 && x + width >= canvas.width && y + height >= canvas.height, `the template covers: ${edges}`).toBe(true);
    // Covering, not stretched: the photo's 3:2 within rounding.
    expectWithin(width / height, 3 / 2, 2 / Math.min(width, height), `aspect ratio on ${preset}`);
    return editor.requestBody();
  };

  await select.selectOption('1080x1350');
  const portrait = await expectCovered('1080x1350');
  // The inspector says the same as the request.
  await editor.canvas.select('template');
  await expect(editor.byTestId('template-y')).toHaveValue(String(portrait.overlay_template_y));
  await expect(editor.byTestId('template-height')).toHaveValue(sizeOf(portrait.modify_template_size).height.toString());
  await select.selectOption('1920x1080');
  const wide = await expectCovered('1920x1080');
  await select.selectOption('3840x3840');
  await expect.poll(() => editor.request()).toEqual(original);

  // Undo gives the document before the last preset back; redo and more presets still do not drift.
  await editor.byTestId('undo').click();
  await expect.poll(() => editor.request()).toEqual(wide);
  await editor.byTestId('redo').click();
  await expect.poll(() => editor.request()).toEqual(original);
  await select.selectOption('1080x1350');
  await expect.poll(() => editor.request()).toEqual(portrait);
  await select.selectOption('1080x1920');
  await expectCovered('1080x1920');
  await select.selectOption('3840x3840');
  await expect.poll(() => editor.request()).toEqual(original);
});

test('fill makes the template cover the canvas exactly, on a square and on a portrait canvas', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.images.loadServedImage('template', 'template.jpg', images.template);

  for (const preset of ['3840x3840', '1080x1920']) {
    await editor.byTestId('canvas-preset').selectOption(preset);
    await expect.poll(async () => (await editor.request())?.canvas_size).toBe(preset);
    await editor.canvas.select('template');
    // Somewhere that covers nothing in particular: smaller than the canvas and off to one side.
    await editor.fillField('template-width', 600);
    await editor.fillField('template-x', 100);
    await expect.poll(async () => (await editor.request())?.overlay_template_x).toBe(100);

    await editor.byTestId('place-fill').click();

    await expect.poll(async () => (await editor.request())?.overlay_template_x).not.toBe(100);
    const { x, y, width, height, canvas } = await templateRect(editor);
    expect(x, 'left edge').toBeLessThanOrEqual(0);
    expect(y, 'top edge').toBeLessThanOrEqual(0);
    expect(x + width, 'right edge').toBeGreaterThanOrEqual(canvas.width);
    expect(y + height, 'bottom edge').toBeGreaterThanOrEqual(canvas.height);
    const exactX = x === 0 && width === canvas.width;
    const exactY = y === 0 && height === canvas.height;
    expect(exactX || exactY, `one axis exactly covered: ${width}x${height} at ${x},${y} on ${preset}`).toBe(true);
    // Covering, not stretching: the image's aspect ratio within a pixel of rounding.
    expectWithin(width / height, images.template.width / images.template.height, 2 / Math.min(width, height), 'aspect ratio');
    // And centred on the axis that overflows.
    if (exactY) expectWithin(x + width / 2, canvas.width / 2, 0.5, 'horizontal centre');
    if (exactX) expectWithin(y + height / 2, canvas.height / 2, 0.5, 'vertical centre');
  }
});
