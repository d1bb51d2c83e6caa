import { AKOOL_EXAMPLES } from '../src/core/akool-examples.ts';
import type { RequestDraft } from '../src/core/index.ts';
import { foregroundPng } from './fixtures/test-images.ts';
import { expect, expectClearOfSnapping, expectWithin, sizeOf, test } from './pages/editor-test.ts';

// The journeys of issue 2 ("Shown by"): the layout on the canvas and the request body it means.

const sortedKeys = (body: object | null) => Object.keys(body ?? {}).sort();

test('dragging the foreground moves overlay_origin_x/y by the drag divided by the view scale', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  const before = await editor.requestBody();
  const { canvas, foreground } = await editor.document();
  const { scale } = await editor.view();
  const [dx, dy] = [120, 70];
  const [x, y] = [foreground!.x + dx / scale, foreground!.y + dy / scale];
  const { width, height } = foreground!;
  expectClearOfSnapping({ x: [x, x + width / 2, x + width], y: [y, y + height / 2, y + height] }, canvas, scale);

  await editor.canvas.dragLayerBy('foreground', dx, dy);

  const after = await editor.requestBody();
  expectWithin(after.overlay_origin_x! - before.overlay_origin_x!, dx / scale, 1, 'overlay_origin_x change');
  expectWithin(after.overlay_origin_y! - before.overlay_origin_y!, dy / scale, 1, 'overlay_origin_y change');
  expect(after.modify_origin_img_size, 'a move does not resize').toBe(before.modify_origin_img_size);
  // What the user reads: the request panel and the inspector show the same new position.
  await expect.poll(() => editor.requestPanel.shownBody()).toEqual(after);
  await expect(editor.byTestId('foreground-x')).toHaveValue(String(after.overlay_origin_x));
  await expect(editor.byTestId('foreground-y')).toHaveValue(String(after.overlay_origin_y));
});

test('dragging a corner handle keeps the aspect ratio of modify_origin_img_size', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  const before = await editor.requestBody();
  const start = sizeOf(before.modify_origin_img_size);

  await editor.canvas.dragCorner('foreground', 'bottom-right', -70, -30);

  const after = await editor.requestBody();
  const size = sizeOf(after.modify_origin_img_size);
  expect(size.width, 'the handle shrank the foreground').toBeLessThan(start.width - 100);
  expectWithin(size.height, (size.width * start.height) / start.width, 1, 'height for the kept aspect ratio');
  // The bottom-right handle leaves the top-left corner where it was.
  expectWithin(after.overlay_origin_x!, before.overlay_origin_x!, 1, 'overlay_origin_x');
  expectWithin(after.overlay_origin_y!, before.overlay_origin_y!, 1, 'overlay_origin_y');
  await expect(editor.byTestId('foreground-width')).toHaveValue(String(size.width));
  await expect(editor.byTestId('foreground-height')).toHaveValue(String(size.height));
});

test('dragging a corner handle with Shift held changes the aspect ratio', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  const start = (await editor.document()).foreground!;
  const { canvas } = await editor.document();
  const { scale } = await editor.view();
  const dx = -80;
  expectClearOfSnapping({ x: [start.x + start.width + dx / scale], y: [start.y + start.height] }, canvas, scale);

  await editor.canvas.dragCorner('foreground', 'bottom-right', dx, 0, { shift: true });

  const size = sizeOf((await editor.requestBody()).modify_origin_img_size);
  // Only the width follows the pointer; the height stays, so the ratio is no longer the image's.
  expectWithin(size.width, start.width + dx / scale, 2, 'width');
  expectWithin(size.height, start.height, 1, 'height');
  expect(Math.abs(size.height - (size.width * start.height) / start.width)).toBeGreaterThan(100);
});

test('typing x and width in the inspector moves and resizes the node on screen', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  const start = (await editor.document()).foreground!;
  const [x, width] = [100, 1600];
  const height = Math.round((width * start.height) / start.width);
  // A point that is on the foreground only after the move: left of where it starts.
  const view = await editor.view();
  const probe = { x: view.originX + ((x + start.x) / 2) * view.scale, y: view.originY + (start.y + 200) * view.scale };
  expect(await editor.nodes.idAt(probe.x, probe.y)).toBe('');

  await editor.fillField('foreground-x', x);
  await editor.fillField('foreground-width', width);

  await expect(editor.byTestId('foreground-height'), 'kept aspect ratio sets the height').toHaveValue(String(height));
  const body = await editor.requestBody();
  expect(body).toMatchObject({ overlay_origin_x: x, overlay_origin_y: start.y, modify_origin_img_size: `${width}x${height}` });
  await expect.poll(() => editor.requestPanel.shownBody()).toEqual(body);

  const node = await editor.nodes.screenRect('foreground');
  expect(node).not.toBeNull();
  expectWithin(node!.x, view.originX + x * view.scale, 1, 'node left on screen');
  expectWithin(node!.y, view.originY + start.y * view.scale, 1, 'node top on screen');
  expectWithin(node!.width, width * view.scale, 1, 'node width on screen');
  expectWithin(node!.height, height * view.scale, 1, 'node height on screen');

  // And the user can grab it there: a click at the new place selects the foreground.
  await editor.canvas.clickWorkspace();
  await expect.poll(() => editor.selection()).toBeNull();
  await editor.page.mouse.click(probe.x, probe.y);
  await expect.poll(() => editor.selection()).toBe('foreground');
});

test('each of the four combinations of colour and template is reachable and gives a body of its kind', async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  const templateUrl = await editor.images.serveImage('template.jpg', images.template);
  const expectKind = async (kind: keyof typeof AKOOL_EXAMPLES, values: Partial<RequestDraft> = {}) => {
    const keys = sortedKeys(AKOOL_EXAMPLES[kind]);
    await expect.poll(async () => sortedKeys(await editor.request()), `a body of kind "${kind}"`).toEqual(keys);
    expect(await editor.request()).toMatchObject(values);
    expect(sortedKeys(await editor.requestPanel.shownBody())).toEqual(keys);
    await expect(editor.byTestId('request-validity')).toHaveText('valid');
  };

  // Neither: a new editor has no colour and no template.
  await expect(editor.byTestId('color-none')).toBeChecked();
  await expectKind('neither');

  // Colour only, from the picker.
  await editor.byTestId('color-picker').fill('#336699');
  await expect(editor.byTestId('color-none')).not.toBeChecked();
  await expectKind('color', { color_code: '#336699' });

  // Both: a template over the colour; it covers the 3840x3840 canvas (1200x900 -> 5120x3840, centred).
  await editor.images.loadImageUrl('template', templateUrl);
  await expectKind('templateAndColor', {
    color_code: '#336699',
    template_url: templateUrl,
    modify_template_size: '5120x3840',
    overlay_template_x: -640,
    overlay_template_y: 0,
  });

  // Template only: "no colour".
  await editor.byTestId('color-none').check();
  await expectKind('template', { template_url: templateUrl });

  // Neither again, then colour only from the hex field.
  await editor.byTestId('template-remove').click();
  await expectKind('neither');
  await editor.fillField('color-hex', '#aafbe3');
  await expectKind('color', { color_code: '#aafbe3' });
});

test('importing example 3 of the API page (template and colour) gives back exactly that body', async ({ editor, images }) => {
  const body = {
    ...AKOOL_EXAMPLES.templateAndColor,
    origin_img: await editor.images.serveImage('example-3/foreground.png', images.foreground),
    template_url: await editor.images.serveImage('example-3/template.jpg', images.template),
  };

  await editor.requestPanel.importBody(body);

  await expect.poll(() => editor.request()).toEqual(body);
  expect(await editor.requestPanel.shownBody()).toEqual(body);
  await expect(editor.byTestId('import-text'), 'the import form closes').toBeHidden();
  const document = await editor.document();
  expect(document.foreground?.source).toEqual({ url: body.origin_img, width: 800, height: 1000 });
  expect(document.template?.source).toEqual({ url: body.template_url, width: 1200, height: 900 });
  await expect(editor.byTestId('color-hex')).toHaveValue(body.color_code);
  await expect(editor.byTestId('template-x')).toHaveValue(String(body.overlay_template_x));
  await expect(editor.byTestId('foreground-y')).toHaveValue(String(body.overlay_origin_y));
  // Both images are drawn, not left as placeholders.
  await expect.poll(() => editor.nodes.className('foreground')).toBe('Image');
  await expect.poll(() => editor.nodes.className('template')).toBe('Image');
});

test('a file dropped on the canvas becomes the foreground at its natural size', async ({ editor, images }) => {
  await editor.images.dropFile(images.dropped, 'dropped.png');

  await expect.poll(async () => (await editor.document()).foreground?.source.width).toBe(images.dropped.width);
  const { foreground } = await editor.document();
  expect(foreground!.source.height).toBe(images.dropped.height);
  expect(foreground!.source.url).toMatch(/^blob:/);
  expect(foreground!.width / foreground!.height).toBeCloseTo(images.dropped.width / images.dropped.height, 2);
  await expect(editor.byTestId('canvas-hint')).toBeHidden();
  // The file uploads at once; from then on the body names the server's copy.
  await expect(editor.byTestId('foreground-upload-status')).toHaveText('uploaded');
  const body = await editor.requestBody();
  expect(body.origin_img).toMatch(/\/api\/uploads\/[0-9a-f]{24}$/);
  expect(body.modify_origin_img_size).toBe(`${foreground!.width}x${foreground!.height}`);
  await expect.poll(() => editor.nodes.className('foreground')).toBe('Image');
});

test('what the canvas shows follows the layout: after a drag, an undo, a zoom and a resize', async ({ editor, page }) => {
  const red = { r: 220, g: 40, b: 60 };
  await editor.images.loadImageFile('foreground', await foregroundPng(400, 300, red), 'red.png');
  await editor.fillField('color-hex', '#ffffff');
  await editor.fillField('foreground-width', 1200); // 900 high: room to move it well clear of where it was
  await editor.fillField('foreground-x', 600);
  await editor.fillField('foreground-y', 600);
  const centre = (rect: { x: number; y: number; width: number; height: number }) => ({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });
  const expectShown = async (point: { x: number; y: number }, colour: { r: number; g: number; b: number }, what: string) =>
    expect.poll(async () => {
      const shown = await editor.canvas.shownColourAt(point.x, point.y);
      return Math.max(Math.abs(shown.r - colour.r), Math.abs(shown.g - colour.g), Math.abs(shown.b - colour.b));
    }, { message: what }).toBeLessThanOrEqual(12);
  const white = { r: 255, g: 255, b: 255 };

  const before = centre(await editor.canvas.layerScreenRect('foreground'));
  await expectShown(before, red, 'the foreground where it was placed');
  const { width } = await editor.canvas.layerScreenRect('foreground');
  const [dx, dy] = [Math.round(width / 2) + 40, 0]; // further than half its width: its old centre is left bare
  await editor.canvas.dragLayerBy('foreground', dx, dy);
  const moved = centre(await editor.canvas.layerScreenRect('foreground'));
  await expectShown(moved, red, 'the foreground where it was dragged');
  await expectShown(before, white, 'the colour where the foreground was');

  await editor.byTestId('undo').click();
  await expectShown(before, red, 'the foreground back after undo');
  await expectShown(moved, white, 'the colour where the undone drag had put it');

  await editor.byTestId('zoom-out').click();
  await page.waitForTimeout(100);
  const zoomed = await editor.canvas.layerScreenRect('foreground');
  await expectShown(centre(zoomed), red, 'the foreground where the zoomed view puts it');

  // Shrunk from its bottom-right corner to half its size: its old lower-right part is bare again.
  await editor.canvas.dragCorner('foreground', 'bottom-right', -zoomed.width / 2, -zoomed.height / 2);
  const shrunk = await editor.canvas.layerScreenRect('foreground');
  expect(shrunk.width).toBeLessThan(zoomed.width * 0.6);
  await expectShown(centre(shrunk), red, 'the shrunk foreground');
  await expectShown({ x: zoomed.x + zoomed.width * 0.75, y: zoomed.y + zoomed.height * 0.75 }, white, 'the colour where the shrink left');
});

