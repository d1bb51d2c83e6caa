import sharp from 'sharp';
import { expect, test } from './pages/editor-test.ts';

// Issue 14, warnings before Submit: a layer drawn more than twice its natural size, and a foreground without any
// transparency. They show near Submit and on the layer's card, and do not stop Submit.

const OPAQUE = 'has no transparent background: the background behind the subject will cover the new background';

test('a foreground drawn more than twice its size warns that it will look blurry, until it is drawn smaller', async ({ editor, images }) => {
  await editor.images.loadImageFile('foreground', images.foreground, 'bottle.png'); // 800x1000, transparent around
  const nearSubmit = editor.byTestId('composition-warnings');
  const onCard = editor.byTestId('foreground-warnings');

  await editor.fillField('foreground-width', 800);
  await expect.poll(async () => (await editor.document()).foreground?.height).toBe(1000);
  await expect(nearSubmit).toHaveCount(0);
  await expect(onCard).toHaveCount(0);

  await editor.fillField('foreground-width', 1700); // 1700x2125: 2.125 times
  const blurry = 'bottle.png is 800x1000 and drawn at 1700x2125: it will look blurry';
  await expect(nearSubmit.locator('li')).toHaveText([blurry]);
  await expect(onCard.locator('li')).toHaveText([blurry]);
  await expect(editor.byTestId('template-warnings')).toHaveCount(0);
  await expect(editor.byTestId('submit'), 'a warning does not stop Submit').toBeEnabled();
  await expect(editor.byTestId('submit-blocked')).toHaveCount(0);

  await editor.fillField('foreground-width', 1600); // 1600x2000: exactly twice is fine
  await expect(nearSubmit).toHaveCount(0);
  await expect(onCard).toHaveCount(0);
});

test('a photo as the foreground (an opaque JPEG) warns that its background will cover the new one', async ({ editor, images }) => {
  await editor.images.loadImageFile('foreground', images.template, 'photo.jpg'); // 1200x900, fitted to 3648 wide
  // Near Submit the warning offers the fix (the card has its own Remove background button below its warnings).
  await expect(editor.byTestId('composition-warnings').locator('li[data-kind="opaque-foreground"]')).toHaveText(`photo.jpg ${OPAQUE} Remove background`);
  await expect(editor.byTestId('warning-remove-background')).toBeEnabled();
  await expect(editor.byTestId('foreground-warnings').locator('li[data-kind="opaque-foreground"]')).toHaveText(`photo.jpg ${OPAQUE}`);
  await expect(editor.byTestId('submit')).toBeEnabled();
});

test('an opaque PNG from a URL is found opaque from its pixels, and the warning goes with it', async ({ editor, images }) => {
  const bytes = await sharp({ create: { width: 1600, height: 2000, channels: 4, background: { r: 90, g: 140, b: 60, alpha: 1 } } })
    .png()
    .toBuffer();
  await editor.images.loadServedImage('foreground', 'portrait.png', { bytes, width: 1600, height: 2000, contentType: 'image/png' });
  const warnings = editor.byTestId('composition-warnings').locator('li');
  // Drawn at 1.8x: the only warning is the transparency one.
  await expect(warnings).toHaveText([`images.example.test/portrait.png ${OPAQUE} Remove background`]);

  await editor.images.loadImageFile('foreground', images.foreground, 'bottle.png');
  await editor.fillField('foreground-width', 800);
  await expect(editor.byTestId('composition-warnings')).toHaveCount(0);
});

test('Remove background near Submit and on the card are one removal: either shows it, neither starts another', async ({ editor, images, page }) => {
  // The test holds the removal until it has looked at both buttons (a test control, not a wait), then refuses it.
  let removals = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/foregrounds', async (route) => {
    removals += 1;
    await released;
    await route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: { message: 'image: no subject found' } }) });
  });
  await editor.images.loadImageFile('foreground', images.template, 'photo.jpg');

  await editor.byTestId('warning-remove-background').click();
  await expect(editor.byTestId('remove-background-status'), "the card says what the warning's button started").toBeVisible();
  await expect(editor.byTestId('remove-background')).toBeDisabled();
  await expect(editor.byTestId('warning-remove-background')).toBeDisabled();
  await expect.poll(() => removals).toBe(1);

  release();
  await expect(editor.byTestId('remove-background-error')).toHaveText('image: no subject found');
  await expect(editor.byTestId('remove-background-status')).toHaveCount(0);
  await expect(editor.byTestId('remove-background')).toBeEnabled();
  expect(removals).toBe(1);
});
