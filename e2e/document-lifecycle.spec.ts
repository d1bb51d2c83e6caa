import { answerNextConfirm } from './pages/confirm-dialog.ts';
import { expect, test } from './pages/editor-test.ts';

// The document's life: restored after a reload, a layer deleted, New (confirmed, refused, undone).

test('reload restores the document and its images, a local file included', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.images.loadImageFile('template', images.template, 'template.jpg');
  await editor.byTestId('canvas-preset').selectOption('1080x1350');
  await editor.fillField('color-hex', '#336699');
  await editor.fillField('foreground-x', 123);
  await expect.poll(async () => (await editor.request())?.overlay_origin_x).toBe(123);
  await expect.poll(() => editor.nodes.hasImage('template')).toBe(true);
  const before = await editor.requestBody();
  expect((await editor.document()).template?.source.url).toMatch(/^blob:/);
  await editor.drafts.waitForSaved();

  await editor.drafts.reload();

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
  await expect.poll(() => editor.nodes.hasImage('foreground')).toBe(true);
  await expect.poll(() => editor.nodes.hasImage('template')).toBe(true);
  expect((await editor.document()).template?.source).toMatchObject({ width: images.template.width, height: images.template.height });
  // A restored document is not an undo step.
  await expect(editor.byTestId('undo')).toBeDisabled();
});

test('Delete removes the selected template', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  const templateUrl = await editor.images.loadServedImage('template', 'template.jpg', images.template);
  await editor.canvas.select('template');
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
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
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
  await expect.poll(() => editor.nodes.className('foreground')).toBeNull();

  await editor.byTestId('undo').click();
  await expect.poll(() => editor.document()).toEqual(full);
});
