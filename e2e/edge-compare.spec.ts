import type { Page } from '@playwright/test';
import { productPhotoJpeg } from './fixtures/test-images.ts';
import { EdgeCompare, type Crop, type Point } from './pages/edge-compare.ts';
import type { EditorPage } from './pages/editor-page.ts';
import { expect, expectWithin, test } from './pages/editor-test.ts';
import { TouchGestures } from './pages/touch-gestures.ts';

// Issue 15: after a removal, a before/after look at the edge, magnified, is one click away. The first removal
// of a run loads the model (the e2e server does not preload it); the server caches the cut-out by the photo's
// bytes, so the next test's removal of the same photo is quick.

/** Removes the product photo's background and answers the cut-out's crop, as POST /api/foregrounds gave it. */
async function removeBackground(editor: EditorPage, page: Page): Promise<{ crop: Crop; photo: { width: number; height: number } }> {
  const photo = await productPhotoJpeg();
  await editor.images.loadImageFile('foreground', photo, 'bottle-photo.jpg');
  await expect(editor.byTestId('compare-edge'), 'offered after a removal only').toHaveCount(0);
  const answer = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/foregrounds', {
    timeout: 360_000,
  });
  await editor.byTestId('remove-background').click();
  const body = (await (await answer).json()) as { crop: Crop };
  await expect(editor.byTestId('compare-edge')).toBeEnabled({ timeout: 60_000 });
  return { crop: body.crop, photo };
}

/** Both panes show the same photo pixel at each of these places (pane CSS px), to a hundredth of a pixel. */
async function expectAligned(compare: EdgeCompare, offsets: Point[]): Promise<void> {
  for (const offset of offsets) {
    const { photo, cutout } = await compare.photoPointsAt(offset);
    expectWithin(cutout.x, photo.x, 0.01, `photo x under (${offset.x}, ${offset.y})`);
    expectWithin(cutout.y, photo.y, 0.01, `photo y under (${offset.x}, ${offset.y})`);
  }
}

const corners = (pane: { width: number; height: number }): Point[] => [
  { x: 5, y: 5 },
  { x: pane.width / 2, y: pane.height / 2 },
  { x: pane.width - 5, y: pane.height - 5 },
];

test('Compare edge shows the photo and its cut-out side by side on the edge, pixel for pixel; zoom, wheel and drag move both; Escape gives the focus back', async ({
  editor,
  page,
}) => {
  test.setTimeout(420_000);
  await editor.fillField('color-hex', '#2f6f4e');
  const { crop, photo } = await removeBackground(editor, page);
  const opener = editor.byTestId('compare-edge');
  await opener.click();

  const compare = new EdgeCompare(page, crop);
  await expect(compare.dialog).toBeVisible();
  await expect(compare.close).toBeFocused();
  // The full-size images from the server: the whole photo, and the cut-out of its crop.
  expect(await compare.expectLoaded()).toEqual({ photo: photo.width, cutout: crop.width });
  const { pane, before, after } = await compare.layout();
  expect(after.left, 'side by side on a wide screen').toBeGreaterThan(before.left + before.width - 1);
  await expectAligned(compare, corners(pane));

  // It opens on the subject's edge: at the panes' centre the cut-out turns from clear (left) to opaque (right).
  const centre = { x: pane.width / 2, y: pane.height / 2 };
  await expect.poll(async () => {
    const { cutoutPixel } = await compare.photoPointsAt(centre);
    const [left, right] = await compare.sample('cutout', [
      { x: Math.floor(cutoutPixel.x) - 4, y: Math.floor(cutoutPixel.y) },
      { x: Math.floor(cutoutPixel.x) + 4, y: Math.floor(cutoutPixel.y) },
    ]);
    return [left![3]! < 128, right![3]! > 127];
  }).toEqual([true, true]);

  // The same photo pixel in both panes: wherever the cut-out is opaque its colour is the photo's at that place.
  const offsets: Point[] = [];
  for (let i = 1; i < 12; i += 1) for (let j = 1; j < 12; j += 1) offsets.push({ x: (pane.width * i) / 12, y: (pane.height * j) / 12 });
  const points = await Promise.all(offsets.map((offset) => compare.photoPointsAt(offset)));
  const inside = points.filter(({ cutoutPixel: p }) => p.x >= 0 && p.y >= 0 && p.x < crop.width && p.y < crop.height);
  const cutoutColours = await compare.sample('cutout', inside.map(({ cutoutPixel: p }) => ({ x: Math.floor(p.x), y: Math.floor(p.y) })));
  const photoColours = await compare.sample('photo', inside.map(({ photo: p }) => ({ x: Math.floor(p.x), y: Math.floor(p.y) })));
  const opaque = inside.map((_, index) => index).filter((index) => cutoutColours[index]![3] === 255);
  expect(opaque.length, 'some of the subject is in view').toBeGreaterThanOrEqual(10);
  const differences = opaque.map((index) => Math.max(...[0, 1, 2].map((c) => Math.abs(cutoutColours[index]![c]! - photoColours[index]![c]!))));
  // Both decode the same JPEG (the cut-out's opaque pixels are the photo's): equal here, while one pixel off
  // already differs by 26 levels at some of these points.
  expect(Math.max(...differences), `colour differences at opaque pixels: ${differences.join(' ')}`).toBeLessThanOrEqual(2);

  // The cut-out over a checkerboard first, then over white, black or the canvas colour, where a halo shows.
  await expect(editor.byTestId('edge-compare-backdrop-checkerboard')).toHaveAttribute('aria-pressed', 'true');
  for (const [name, colour] of [['white', 'rgb(255, 255, 255)'], ['black', 'rgb(0, 0, 0)'], ['canvas', 'rgb(47, 111, 78)']] as const) {
    await editor.byTestId(`edge-compare-backdrop-${name}`).click();
    await expect(compare.after).toHaveCSS('background-color', colour);
  }

  // Zoom: the buttons step 2:1 -> 4:1 (pixelated) -> 2:1 -> 1:1 (smooth), about the centre, both panes together.
  await expect(compare.zoom).toHaveText('200 %');
  const atCentre = (await compare.photoPointsAt(centre)).photo;
  expect((await compare.layout()).rendering).toEqual(['pixelated', 'pixelated']);
  await compare.zoomIn.click();
  await expect(compare.zoom).toHaveText('400 %');
  await expect(compare.zoomIn).toBeDisabled();
  const zoomedCentre = (await compare.photoPointsAt(centre)).photo;
  expectWithin(zoomedCentre.x, atCentre.x, 0.01, 'the centre stays when zooming in');
  await expectAligned(compare, corners(pane));
  await compare.zoomOut.click();
  await compare.zoomOut.click();
  await expect(compare.zoom).toHaveText('100 %');
  expect((await compare.layout()).rendering).toEqual(['auto', 'auto']);

  // The wheel zooms about the pointer: the photo pixel under it stays under it, in both panes.
  const pointer = { x: 120, y: 90 };
  const underPointer = (await compare.photoPointsAt(pointer)).photo;
  await page.mouse.move(after.left + pointer.x, after.top + pointer.y);
  await page.mouse.wheel(0, -240);
  await expect(compare.zoom).not.toHaveText('100 %');
  const stillUnder = await compare.photoPointsAt(pointer);
  expectWithin(stillUnder.photo.x, underPointer.x, 0.05, 'x under the pointer after the wheel');
  expectWithin(stillUnder.photo.y, underPointer.y, 0.05, 'y under the pointer after the wheel');
  await expectAligned(compare, corners(pane));

  // A drag in the cut-out's pane moves both: what was under the press is under the release.
  const press = { x: pane.width / 2, y: pane.height / 2 };
  const pressed = (await compare.photoPointsAt(press)).photo;
  await page.mouse.move(after.left + press.x, after.top + press.y);
  await page.mouse.down();
  await page.mouse.move(after.left + press.x + 60, after.top + press.y + 30, { steps: 6 });
  await page.mouse.up();
  const released = (await compare.photoPointsAt({ x: press.x + 60, y: press.y + 30 })).photo;
  expectWithin(released.x, pressed.x, 0.5, 'x under the dragged pointer');
  expectWithin(released.y, pressed.y, 0.5, 'y under the dragged pointer');
  await expectAligned(compare, corners(pane));

  // Escape closes it and the focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(compare.dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // The foreground's context menu offers it too.
  if ((await editor.selection()) !== 'foreground') await editor.byTestId('select-foreground').click();
  await expect.poll(() => editor.selection()).toBe('foreground');
  await editor.byTestId('more-actions').click();
  await editor.byTestId('menu-compare-edge').click();
  await expect(compare.dialog).toBeVisible();
  await compare.close.click();
  await expect(compare.dialog).toBeHidden();
  await expect(editor.byTestId('more-actions')).toBeFocused();
});

test.describe('on a phone, with touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('Compare edge fills the screen, one pane above the other, and a finger pans both', async ({ editor, page }) => {
    test.setTimeout(420_000);
    await editor.byTestId('tab-layers').click();
    const { crop } = await removeBackground(editor, page);
    await editor.byTestId('compare-edge').click();
    const compare = new EdgeCompare(page, crop);
    await expect(compare.dialog).toBeVisible();
    await compare.expectLoaded();
    const { pane, before, after } = await compare.layout();
    expect(after.top, 'stacked on a portrait screen').toBeGreaterThan(before.top + before.height - 1);
    expect(after.top + after.height).toBeLessThanOrEqual(844);
    expect(pane.width).toBeGreaterThan(350);

    const from = { x: pane.width / 2, y: pane.height / 2 };
    const grabbed = (await compare.photoPointsAt(from)).photo;
    await new TouchGestures(page).drag({ x: before.left + from.x, y: before.top + from.y }, -50, 40);
    const dropped = (await compare.photoPointsAt({ x: from.x - 50, y: from.y + 40 })).photo;
    expectWithin(dropped.x, grabbed.x, 0.5, 'x under the finger');
    expectWithin(dropped.y, grabbed.y, 0.5, 'y under the finger');
    await expectAligned(compare, corners(pane));

    await compare.close.click();
    await expect(compare.dialog).toBeHidden();
    await expect(editor.byTestId('compare-edge')).toBeFocused();
  });
});
