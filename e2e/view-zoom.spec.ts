import { expect, expectWithin, test } from './pages/editor-test.ts';

// The view: zoom, pan and fit change what is shown, never the request.

test('zoom in, pan with Space+drag and the middle button, and fit change the view and zoom level, not the request', async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  const body = await editor.requestBody();
  const fitted = await editor.view();
  const fittedPercent = await editor.canvas.zoomPercent();
  expect(fittedPercent).toBe(Math.round(fitted.scale * 100));
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'true');

  await editor.byTestId('zoom-in').click();
  await expect.poll(async () => (await editor.view()).scale).toBeCloseTo(fitted.scale * 1.25, 6);
  await expect.poll(() => editor.canvas.zoomPercent()).toBe(Math.round(fitted.scale * 125));
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'false');
  await editor.byTestId('zoom-in').click();
  await expect.poll(() => editor.canvas.zoomPercent()).toBe(Math.round(fitted.scale * 1.25 * 1.25 * 100));
  expect(await editor.request()).toEqual(body);

  // Space+drag, starting on the foreground: the view moves, the layer does not.
  const zoomed = await editor.view();
  const rect = await editor.canvas.layerScreenRect('foreground');
  const grab = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
  expect(await editor.nodes.idAt(grab.x, grab.y)).toBe('layer-foreground');
  await editor.stage.focus();
  await editor.page.keyboard.down('Space');
  try {
    await editor.canvas.drag(grab, 90, -60);
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
  await expect.poll(() => editor.canvas.zoomPercent()).toBe(fittedPercent);
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'true');
  await editor.byTestId('zoom-100').click();
  await expect.poll(() => editor.canvas.zoomPercent()).toBe(100);
  await editor.byTestId('zoom-out').click();
  await expect.poll(() => editor.canvas.zoomPercent()).toBe(80);
  expect(await editor.request(), 'no zoom or pan changes the request').toEqual(body);
});

test('the wheel zooms around the pointer: the canvas point under it stays put', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
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
  await expect.poll(() => editor.canvas.zoomPercent()).toBe(Math.round((await editor.view()).scale * 100));
  expect(await editor.request()).toEqual(body);
});
