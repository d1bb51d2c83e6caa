import { expect, test } from './pages/editor-test.ts';

// Issue 16: a foreground's effects are part of the layer: one undo step per change, saved with the draft.

test('an effect toggled on and a slider dragged are one undo step each, and they come back with the draft', async ({ editor, images, page }) => {
  await editor.loadImageFile('foreground', images.dropped, 'cut-out.png');
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
  await editor.waitForDraftSaved();
  await editor.reloadWithDraft();
  await expect.poll(async () => {
    const back = await effects();
    return back && [back.shadows[0]?.opacity, back.reflection !== null];
  }).toEqual([dragged, true]);
  await expect(page.getByTestId('effect-contact')).toBeChecked();
});
