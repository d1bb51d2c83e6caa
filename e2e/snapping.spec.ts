import { SNAP_SCREEN_PX } from '../src/core/index.ts';
import { expect, expectWithin, test } from './pages/editor-test.ts';
import { foregroundAt } from './pages/request-layout.ts';

// Snapping: a drag that ends near the canvas centre lands on it; Alt turns it off.

test('a drag that ends within 8 screen px of the canvas centre lands exactly on it; with Alt held it does not', async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
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
    const rect = await editor.canvas.layerScreenRect('foreground');
    const grab = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    expect(await editor.nodes.idAt(grab.x, grab.y)).toBe('layer-foreground');
    const { mouse } = editor.page;
    await mouse.move(grab.x, grab.y);
    await mouse.down();
    await mouse.move(grab.x + (centred.x - away.x) * scale + miss.x, grab.y + (centred.y - away.y) * scale + miss.y, {
      steps: 12,
    });
    return {
      guides: await editor.canvas.snapGuides(),
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
  await expect.poll(() => editor.canvas.snapGuides(), 'the guides go when the drag ends').toEqual([]);

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
