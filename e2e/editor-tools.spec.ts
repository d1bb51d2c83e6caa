import type { Page } from '@playwright/test';
import type { RequestDraft } from '../src/core/index.ts';
import { SNAP_SCREEN_PX } from '../src/core/index.ts';
import { EditorPage } from './pages/editor-page.ts';
import { expect, expectWithin, sizeOf, test } from './pages/editor-test.ts';

// The journeys of issue 5 ("Shown by"): the editor as a professional tool — keyboard, undo, snapping, zoom and
// pan, canvas presets, placement, drafts, keyboard-only access.

/** Where the foreground is in the request: its offsets and size. */
async function foregroundRect(editor: EditorPage) {
  const body = await editor.requestBody();
  const size = sizeOf(body.modify_origin_img_size);
  return { x: body.overlay_origin_x!, y: body.overlay_origin_y!, ...size };
}

/** The template's rectangle in the request, and the canvas it is on. */
async function templateRect(editor: EditorPage) {
  const body = await editor.requestBody();
  const size = sizeOf(body.modify_template_size);
  return { x: body.overlay_template_x!, y: body.overlay_template_y!, ...size, canvas: sizeOf(body.canvas_size) };
}

const foregroundAt = (editor: EditorPage) => async () => {
  const body = await editor.request();
  return body && { x: body.overlay_origin_x, y: body.overlay_origin_y };
};

/** Accepts (or dismisses) the next window.confirm of the page. */
function answerNextConfirm(page: Page, accept: boolean): void {
  page.once('dialog', (dialog) => {
    expect(dialog.type()).toBe('confirm');
    void (accept ? dialog.accept() : dialog.dismiss());
  });
}

test('a press on a layer takes the focus and the text selection from an inspector field: arrows then move the layer', async ({
  editor,
  images,
}) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.byTestId('foreground-x').selectText();
  const textSelection = () => editor.page.evaluate(() => window.getSelection()?.type);
  expect(await textSelection()).toBe('Range');
  const start = await foregroundRect(editor);
  const rect = await editor.layerScreenRect('foreground');
  await editor.page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
  await expect.poll(() => editor.selection()).toBe('foreground');
  await expect(editor.stage).toBeFocused();
  expect(await textSelection()).not.toBe('Range');
  await editor.page.keyboard.press('ArrowRight');
  await expect.poll(foregroundAt(editor)).toEqual({ x: start.x + 1, y: start.y });
});

test('arrows move the selected layer 1 px, Shift+arrows 10 px; undo restores, Ctrl+Shift+Z and Ctrl+Y redo', async ({
  editor,
  images,
}) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.select('foreground');
  await editor.stage.focus();
  const start = await foregroundRect(editor);
  const at = foregroundAt(editor);
  const { keyboard } = editor.page;

  await keyboard.press('ArrowRight');
  await expect.poll(at).toEqual({ x: start.x + 1, y: start.y });
  await keyboard.press('ArrowUp');
  await expect.poll(at).toEqual({ x: start.x + 1, y: start.y - 1 });
  await keyboard.press('Shift+ArrowLeft');
  await expect.poll(at).toEqual({ x: start.x - 9, y: start.y - 1 });
  await keyboard.press('Shift+ArrowDown');
  await expect.poll(at).toEqual({ x: start.x - 9, y: start.y + 9 });
  await expect(editor.byTestId('foreground-x')).toHaveValue(String(start.x - 9));
  // A nudge moves, it never resizes.
  expect((await editor.requestBody()).modify_origin_img_size).toBe(`${start.width}x${start.height}`);

  // Each press is one undo step, undone in reverse order.
  await keyboard.press('Control+z');
  await expect.poll(at).toEqual({ x: start.x - 9, y: start.y - 1 });
  await keyboard.press('Control+z');
  await expect.poll(at).toEqual({ x: start.x + 1, y: start.y - 1 });
  await keyboard.press('Control+z');
  await keyboard.press('Control+z');
  await expect.poll(at).toEqual({ x: start.x, y: start.y });
  await expect(editor.byTestId('foreground-x')).toHaveValue(String(start.x));

  // Redo repeats them, with either shortcut and the toolbar button.
  await keyboard.press('Control+Shift+Z');
  await expect.poll(at).toEqual({ x: start.x + 1, y: start.y });
  await keyboard.press('Control+y');
  await expect.poll(at).toEqual({ x: start.x + 1, y: start.y - 1 });
  await editor.byTestId('redo').click();
  await expect.poll(at).toEqual({ x: start.x - 9, y: start.y - 1 });
  await keyboard.press('Control+Shift+Z');
  await expect.poll(at).toEqual({ x: start.x - 9, y: start.y + 9 });
  await expect(editor.byTestId('redo')).toBeDisabled();
  await editor.byTestId('undo').click();
  await expect.poll(at).toEqual({ x: start.x - 9, y: start.y - 1 });
});

test('holding an arrow key for a second moves the layer on every repeat and is one undo step', async ({ editor, images }) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.select('foreground');
  await editor.stage.focus();
  const start = await foregroundRect(editor);
  const at = foregroundAt(editor);
  // A single press first: its own step, which the undo of the held key must leave alone.
  await editor.page.keyboard.press('ArrowDown');
  await expect.poll(at).toEqual({ x: start.x, y: start.y + 1 });

  const presses = await editor.holdKey('ArrowRight', 1000);

  await expect.poll(at).toEqual({ x: start.x + presses, y: start.y + 1 });
  await editor.page.keyboard.press('Control+z');
  await expect.poll(at, 'one undo takes the whole hold back').toEqual({ x: start.x, y: start.y + 1 });
  await editor.page.keyboard.press('Control+z');
  await expect.poll(at).toEqual({ x: start.x, y: start.y });
  await editor.page.keyboard.press('Control+Shift+Z');
  await editor.page.keyboard.press('Control+Shift+Z');
  await expect.poll(at, 'one redo repeats the whole hold').toEqual({ x: start.x + presses, y: start.y + 1 });
});

test('a drag that ends within 8 screen px of the canvas centre lands exactly on it; with Alt held it does not', async ({
  editor,
  images,
}) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  // An even size, so that the centred offsets are whole pixels: (3840 - 1600) / 2 and (3840 - 2000) / 2.
  await editor.fillField('foreground-width', 1600);
  await expect(editor.byTestId('foreground-height')).toHaveValue('2000');
  const { canvas } = await editor.document();
  const centred = { x: (canvas.width - 1600) / 2, y: (canvas.height - 2000) / 2 };
  const away = { x: centred.x - 400, y: centred.y - 300 };
  const { scale } = await editor.view();
  // Where the drag ends, before any snap: 3 and 5 screen px from the centre, inside the 8 px of snapping.
  const miss = { x: 3, y: -5 };
  expect(Math.hypot(miss.x, miss.y)).toBeLessThan(SNAP_SCREEN_PX);
  const dragToNearCentre = async () => {
    await editor.fillField('foreground-x', away.x);
    await editor.fillField('foreground-y', away.y);
    await expect.poll(foregroundAt(editor)).toEqual(away);
    const rect = await editor.layerScreenRect('foreground');
    const grab = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    expect(await editor.nodeIdAt(grab.x, grab.y)).toBe('layer-foreground');
    const { mouse } = editor.page;
    await mouse.move(grab.x, grab.y);
    await mouse.down();
    await mouse.move(grab.x + (centred.x - away.x) * scale + miss.x, grab.y + (centred.y - away.y) * scale + miss.y, {
      steps: 12,
    });
    return {
      guides: await editor.snapGuides(),
      release: async () => {
        await mouse.up();
        await expect.poll(async () => (await foregroundAt(editor)())?.x).not.toBe(away.x);
      },
    };
  };

  const snapped = await dragToNearCentre();
  // While the snap holds, both centre lines are drawn.
  expect(snapped.guides.sort((a, b) => a.axis.localeCompare(b.axis))).toEqual([
    { axis: 'x', position: canvas.width / 2 },
    { axis: 'y', position: canvas.height / 2 },
  ]);
  await snapped.release();
  expect(await foregroundAt(editor)(), 'the request shows the centred offsets').toEqual(centred);
  await expect.poll(() => editor.snapGuides(), 'the guides go when the drag ends').toEqual([]);

  // The same drag with Alt held ends where the pointer left it.
  await editor.page.keyboard.down('Alt');
  try {
    const free = await dragToNearCentre();
    expect(free.guides, 'no guides without snapping').toEqual([]);
    await free.release();
  } finally {
    await editor.page.keyboard.up('Alt');
  }
  const landed = (await foregroundAt(editor)())!;
  expect(landed).not.toEqual(centred);
  // Within a screen pixel (the pointer's own rounding) and the rounding to canvas pixels.
  expectWithin(landed.x!, centred.x + miss.x / scale, 1 / scale + 1, 'x without snapping');
  expectWithin(landed.y!, centred.y + miss.y / scale, 1 / scale + 1, 'y without snapping');
});

test('zoom in, pan with Space+drag and the middle button, and fit change the view and zoom level, not the request', async ({
  editor,
  images,
}) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  const body = await editor.requestBody();
  const fitted = await editor.view();
  const fittedPercent = await editor.zoomPercent();
  expect(fittedPercent).toBe(Math.round(fitted.scale * 100));
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'true');

  await editor.byTestId('zoom-in').click();
  await expect.poll(async () => (await editor.view()).scale).toBeCloseTo(fitted.scale * 1.25, 6);
  await expect.poll(() => editor.zoomPercent()).toBe(Math.round(fitted.scale * 125));
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'false');
  await editor.byTestId('zoom-in').click();
  await expect.poll(() => editor.zoomPercent()).toBe(Math.round(fitted.scale * 1.25 * 1.25 * 100));
  expect(await editor.request()).toEqual(body);

  // Space+drag, starting on the foreground: the view moves, the layer does not.
  const zoomed = await editor.view();
  const rect = await editor.layerScreenRect('foreground');
  const grab = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
  expect(await editor.nodeIdAt(grab.x, grab.y)).toBe('layer-foreground');
  await editor.stage.focus();
  await editor.page.keyboard.down('Space');
  try {
    await editor.drag(grab, 90, -60);
  } finally {
    await editor.page.keyboard.up('Space');
  }
  await expect.poll(async () => (await editor.view()).originX).toBeCloseTo(zoomed.originX + 90, 0);
  expectWithin((await editor.view()).originY, zoomed.originY - 60, 0.5, 'originY after Space+drag');
  expect((await editor.view()).scale).toBe(zoomed.scale);
  expect(await editor.request(), 'a pan moves no layer').toEqual(body);

  // The middle button pans too.
  const panned = await editor.view();
  const { mouse } = editor.page;
  await mouse.move(grab.x, grab.y);
  await mouse.down({ button: 'middle' });
  await mouse.move(grab.x - 40, grab.y + 70, { steps: 8 });
  await mouse.up({ button: 'middle' });
  await expect.poll(async () => (await editor.view()).originY).toBeCloseTo(panned.originY + 70, 0);
  expectWithin((await editor.view()).originX, panned.originX - 40, 0.5, 'originX after a middle-button pan');
  expect(await editor.request()).toEqual(body);

  // Fit brings back the fitted view.
  await editor.byTestId('zoom-fit').click();
  await expect.poll(() => editor.view()).toEqual(fitted);
  await expect.poll(() => editor.zoomPercent()).toBe(fittedPercent);
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'true');
  await editor.byTestId('zoom-100').click();
  await expect.poll(() => editor.zoomPercent()).toBe(100);
  await editor.byTestId('zoom-out').click();
  await expect.poll(() => editor.zoomPercent()).toBe(80);
  expect(await editor.request(), 'no zoom or pan changes the request').toEqual(body);
});

test('the wheel zooms around the pointer: the canvas point under it stays put', async ({ editor, images }) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  const body = await editor.requestBody();
  const box = (await editor.stage.boundingBox())!;
  const pointer = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.65 };
  const canvasPointUnder = async () => {
    const view = await editor.view();
    return { x: (pointer.x - view.originX) / view.scale, y: (pointer.y - view.originY) / view.scale };
  };
  await editor.page.mouse.move(pointer.x, pointer.y);

  for (const deltaY of [-300, -300, 200]) {
    const before = await editor.view();
    const under = await canvasPointUnder();
    await editor.page.mouse.wheel(0, deltaY);
    await expect.poll(async () => (await editor.view()).scale).not.toBe(before.scale);
    const after = await editor.view();
    expect(after.scale > before.scale, `a wheel of ${deltaY} zooms ${deltaY < 0 ? 'in' : 'out'}`).toBe(deltaY < 0);
    // Where that canvas point is on screen now.
    expectWithin(after.originX + under.x * after.scale, pointer.x, 1, 'screen x of the point under the pointer');
    expectWithin(after.originY + under.y * after.scale, pointer.y, 1, 'screen y of the point under the pointer');
  }
  await expect.poll(() => editor.zoomPercent()).toBe(Math.round((await editor.view()).scale * 100));
  expect(await editor.request()).toEqual(body);
});

test('each canvas preset changes canvas_size and keeps the foreground where it was relative to the canvas', async ({
  editor,
  images,
}) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
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
  await editor.select('template');
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
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.loadServedImage('template', 'template.jpg', images.template);

  for (const preset of ['3840x3840', '1080x1920']) {
    await editor.byTestId('canvas-preset').selectOption(preset);
    await expect.poll(async () => (await editor.request())?.canvas_size).toBe(preset);
    await editor.select('template');
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

test('reload restores the document and its images, a local file included', async ({ editor, images }) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.loadImageFile('template', images.template, 'template.jpg');
  await editor.byTestId('canvas-preset').selectOption('1080x1350');
  await editor.fillField('color-hex', '#336699');
  await editor.fillField('foreground-x', 123);
  await expect.poll(async () => (await editor.request())?.overlay_origin_x).toBe(123);
  await expect.poll(() => editor.nodeHasImage('template')).toBe(true);
  const before = await editor.requestBody();
  expect((await editor.document()).template?.source.url).toMatch(/^blob:/);
  await editor.waitForDraftSaved();

  await editor.reloadWithDraft();

  await expect.poll(async () => (await editor.document()).template?.source.url ?? null).toMatch(/^blob:/);
  // The restored file uploads again at once, like a file just picked: the body then names the server's copy.
  await expect(editor.byTestId('template-upload-status')).toHaveText('uploaded');
  await expect.poll(async () => (await editor.request())?.template_url ?? null).toMatch(/\/api\/uploads\/[0-9a-f]{24}$/);
  const after = await editor.requestBody();
  // The file comes back (under a new object URL: the old one died with the page); everything else is equal.
  expect(after).toEqual({ ...before, template_url: after.template_url });
  await expect(editor.byTestId('canvas-preset')).toHaveValue('1080x1350');
  await expect(editor.byTestId('color-hex')).toHaveValue('#336699');
  await expect(editor.byTestId('foreground-x')).toHaveValue('123');
  // Both layers are drawn from their pictures, not left as placeholders.
  await expect.poll(() => editor.nodeHasImage('foreground')).toBe(true);
  await expect.poll(() => editor.nodeHasImage('template')).toBe(true);
  expect((await editor.document()).template?.source).toMatchObject({ width: images.template.width, height: images.template.height });
  // A restored document is not an undo step.
  await expect(editor.byTestId('undo')).toBeDisabled();
});

test('keyboard only: Tab reaches the canvas, Tab selects a layer, arrows move it, Tab leaves', async ({ editor, images }) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.loadServedImage('template', 'template.jpg', images.template);
  const at = foregroundAt(editor);
  const start = await foregroundRect(editor);
  const templateStart = await templateRect(editor);
  const { keyboard } = editor.page;
  // From here on, no mouse.
  await keyboard.press('Escape');
  await expect.poll(() => editor.selection()).toBeNull();

  await editor.tabToCanvas();
  expect(await editor.selection(), 'tabbing through the page selects nothing').toBeNull();
  expect(await editor.stage.evaluate((element) => element.matches(':focus-visible')), 'the focus is visible').toBe(true);

  await keyboard.press('Tab');
  await expect.poll(() => editor.selection()).toBe('foreground');
  await expect(editor.stage, 'Tab between layers keeps the focus on the canvas').toBeFocused();
  await expect.poll(() => editor.transformedNodeIds()).toEqual(['layer-foreground']);
  await keyboard.press('ArrowRight');
  await keyboard.press('Shift+ArrowDown');
  await expect.poll(at).toEqual({ x: start.x + 1, y: start.y + 10 });

  await keyboard.press('Tab');
  await expect.poll(() => editor.selection()).toBe('template');
  await keyboard.press('Shift+ArrowLeft');
  await expect.poll(async () => (await editor.request())?.overlay_template_x).toBe(templateStart.x - 10);
  expect(await at(), 'only the selected layer moves').toEqual({ x: start.x + 1, y: start.y + 10 });

  await keyboard.press('Shift+Tab');
  await expect.poll(() => editor.selection()).toBe('foreground');
  await keyboard.press('Escape');
  await expect.poll(() => editor.selection()).toBeNull();
  await keyboard.press('ArrowLeft');
  expect(await at(), 'no layer moves with nothing selected').toEqual({ x: start.x + 1, y: start.y + 10 });

  // Past the last layer, Tab lets the focus go on: the keyboard is not trapped on the canvas.
  await keyboard.press('Tab');
  await keyboard.press('Tab');
  await expect.poll(() => editor.selection()).toBe('template');
  await keyboard.press('Tab');
  await expect.poll(() => editor.selection()).toBeNull();
  await expect(editor.stage).not.toBeFocused();
});

test('"?" opens the shortcut list; shortcuts are off while typing in a field', async ({ editor, images }) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.loadServedImage('template', 'template.jpg', images.template);
  await editor.select('template');
  const body = await editor.requestBody();
  const dialog = editor.byTestId('shortcuts');
  await editor.stage.focus();

  await editor.page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Undo');
  // Keys pressed in the dialog are the dialog's: nothing behind it moves, goes away or is deselected.
  for (const key of ['ArrowLeft', 'Delete', 'Backspace', 'Escape']) await editor.page.keyboard.press(key);
  await expect(dialog).toBeHidden();
  expect(await editor.selection(), 'Escape closes the dialog, it does not deselect').toBe('template');
  expect(await editor.request()).toEqual(body);
  await editor.page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await editor.page.keyboard.press('?');
  await expect(dialog, '"?" hides the list again').toBeHidden();
  await editor.byTestId('shortcuts-open').click();
  await expect(dialog).toBeVisible();
  await editor.page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // In a text field, "?", arrows, Delete and Ctrl+Z are the field's.
  const url = editor.byTestId('foreground-url');
  await url.fill('');
  await url.pressSequentially('a?b');
  await expect(url).toHaveValue('a?b');
  await url.press('ArrowLeft');
  await url.press('Shift+ArrowRight');
  await url.press('Delete');
  await url.press('Backspace');
  await url.press('Control+z');
  // In a number field too.
  const x = editor.byTestId('template-x');
  await x.focus();
  await x.press('ArrowLeft');
  await x.press('Delete');
  await x.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await editor.selection(), 'the template stays selected').toBe('template');
  expect(await editor.request(), 'no layer moved or went away').toEqual(body);
});

test('Delete removes the selected template', async ({ editor, images }) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  const templateUrl = await editor.loadServedImage('template', 'template.jpg', images.template);
  await editor.select('template');
  await editor.stage.focus();
  expect((await editor.requestBody()).template_url).toBe(templateUrl);

  await editor.page.keyboard.press('Delete');

  await expect.poll(async () => (await editor.document()).template).toBeNull();
  const body = await editor.requestBody();
  expect(body.template_url).toBeUndefined();
  expect(body.origin_img, 'the foreground stays').toBeDefined();
  expect(await editor.selection()).toBeNull();
  // Undo brings it back.
  await editor.page.keyboard.press('Control+z');
  await expect.poll(async () => (await editor.request())?.template_url).toBe(templateUrl);
});

test('New, once confirmed, empties the document; refused, it keeps it; undo brings it back', async ({ editor, images }) => {
  await editor.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.loadServedImage('template', 'template.jpg', images.template);
  await editor.fillField('color-hex', '#336699');
  await expect.poll(async () => (await editor.document()).colorCode).toBe('#336699');
  const full = await editor.document();

  answerNextConfirm(editor.page, false);
  await editor.byTestId('new-document').click();
  await expect(editor.byTestId('new-document')).toBeEnabled();
  expect(await editor.document(), 'a refused confirmation keeps the document').toEqual(full);

  answerNextConfirm(editor.page, true);
  await editor.byTestId('new-document').click();

  await expect.poll(() => editor.document()).toMatchObject({ foreground: null, template: null, colorCode: null });
  expect((await editor.document()).canvas).toEqual(full.canvas);
  expect(await editor.selection()).toBeNull();
  await expect(editor.byTestId('canvas-hint')).toBeVisible();
  await expect.poll(() => editor.nodeClassName('foreground')).toBeNull();

  await editor.byTestId('undo').click();
  await expect.poll(() => editor.document()).toEqual(full);
});
