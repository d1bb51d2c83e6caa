import { boardPhotoJpeg, productPhotoJpeg } from './fixtures/test-images.ts';
import { expect, test } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';

// Issue 15: an ordinary photo becomes a cut-out in the editor, with the server's model (loaded on this first
// removal: the e2e server does not preload it), and the subject stays where it was on the canvas.
test('Remove background swaps the photo for its cut-out in place; undo, redo and Restore original bring each back; Submit renders it', async ({ editor, page }) => {
  test.setTimeout(420_000);
  const photo = await productPhotoJpeg();
  await editor.images.loadImageFile('foreground', photo, 'bottle-photo.jpg');
  await expect(editor.byTestId('foreground-warnings')).toContainText('bottle-photo.jpg has no transparent background');
  const before = (await editor.document()).foreground!;

  await editor.byTestId('remove-background').click();
  await expect(editor.byTestId('remove-background-status')).toBeVisible();
  await expect(editor.byTestId('restore-original')).toBeVisible({ timeout: 360_000 });
  const after = (await editor.document()).foreground!;
  expect(after.source.url).toMatch(/\/api\/uploads\/[0-9a-f]{24}$/);
  // The cut-out is trimmed to the bottle and drawn over exactly the part of the canvas the bottle covered.
  const scale = before.width / photo.width;
  const expected = {
    x: before.x + photo.subject.x * scale,
    y: before.y + photo.subject.y * scale,
    width: photo.subject.width * scale,
    height: photo.subject.height * scale,
  };
  const slack = 8 * scale + 1;
  expect(Math.abs(after.x - expected.x)).toBeLessThanOrEqual(slack);
  expect(Math.abs(after.y - expected.y)).toBeLessThanOrEqual(slack);
  expect(Math.abs(after.width - expected.width)).toBeLessThanOrEqual(2 * slack);
  expect(Math.abs(after.height - expected.height)).toBeLessThanOrEqual(2 * slack);
  // The photo was small for the canvas, so the blur warning stays; the transparency warning is gone, and the
  // layer is named after the photo.
  await expect(editor.byTestId('foreground-warnings')).not.toContainText('no transparent background');
  await expect(editor.byTestId('layer-card-foreground')).toContainText('bottle-photo cut-out.png');
  const request = await editor.requestBody();
  expect(request.origin_img).toBe(after.source.url);

  // One undo step each way.
  await editor.byTestId('undo').click();
  expect((await editor.document()).foreground).toEqual(before);
  await editor.byTestId('redo').click();
  expect((await editor.document()).foreground).toEqual(after);

  // Restore original, after moving the cut-out: the photo comes back around it, moved with it.
  await editor.fillField('foreground-x', after.x + 100);
  await editor.byTestId('restore-original').click();
  const restored = (await editor.document()).foreground!;
  expect(restored.source).toEqual(before.source);
  expect(Math.abs(restored.x - (before.x + 100))).toBeLessThanOrEqual(2);
  expect(Math.abs(restored.y - before.y)).toBeLessThanOrEqual(2);
  expect(Math.abs(restored.width - before.width)).toBeLessThanOrEqual(3);
  await editor.byTestId('undo').click();
  expect((await editor.document()).foreground!.source.url).toBe(after.source.url);

  const jobs = new JobPanel(page);
  await jobs.submit();
  await jobs.expectStatus('completed', 120_000);
});

test("warns, with the server's words, when the model was unsure what the photo's subject is; a clean cut-out has no warning", async ({ editor }) => {
  test.setTimeout(420_000);
  await editor.images.loadImageFile('foreground', await boardPhotoJpeg(), 'board.jpg');
  await editor.byTestId('remove-background').click();
  await expect(editor.byTestId('restore-original')).toBeVisible({ timeout: 360_000 });
  await expect(editor.byTestId('cutout-warning')).toContainText(/the model was unsure what the subject of this photo is: much of the cut-out is half-transparent \(\d+ half-transparent pixels for every 100 mostly opaque ones\)/);
  // Restore original: the warning is about the cut-out, and goes with it.
  await editor.byTestId('restore-original').click();
  await expect(editor.byTestId('cutout-warning')).toHaveCount(0);

  await editor.images.loadImageFile('foreground', await productPhotoJpeg(), 'bottle-photo.jpg');
  await editor.byTestId('remove-background').click();
  await expect(editor.byTestId('restore-original')).toBeVisible({ timeout: 360_000 });
  await expect(editor.byTestId('cutout-warning')).toHaveCount(0);
});
