import { AKOOL_EXAMPLES } from '../src/core/akool-examples.ts';
import { expect, test } from './pages/editor-test.ts';

// Smaller promises of the editor's controls: import errors, the colour field, selection.

test('an invalid import shows the reasons, naming the fields, and leaves the layout alone', async ({ editor }) => {
  await editor.requestPanel.importBody({
    canvas_size: '3840',
    origin_img: 'ftp://images.example.test/a.png',
    modify_origin_img_size: '100x100',
    overlay_origin_x: 1.5,
    overlay_origin_y: 0,
    shadow: true,
  });

  const errors = editor.byTestId('import-errors');
  await expect(errors).toBeVisible();
  for (const field of ['canvas_size', 'origin_img', 'overlay_origin_x', 'shadow']) await expect(errors).toContainText(field);
  await expect(errors.locator('li')).toHaveCount(4);
  expect((await editor.document()).foreground).toBeNull();

  await editor.byTestId('import-text').fill('{ not json');
  await editor.byTestId('import-apply').click();
  await expect(errors).toContainText('not valid JSON');
});

test('the hex field normalises #ABC to #aabbcc', async ({ editor }) => {
  await editor.fillField('color-hex', '#ABC');

  await expect(editor.byTestId('color-hex')).toHaveValue('#aabbcc');
  await expect(editor.byTestId('color-none')).not.toBeChecked();
  await expect.poll(async () => (await editor.document()).colorCode).toBe('#aabbcc');
  expect((await editor.requestPanel.shownBody()).color_code).toBe('#aabbcc');
});

test('tabbing through the empty hex field is not an error, and emptying it means no colour', async ({ editor }) => {
  const hex = editor.byTestId('color-hex');
  await hex.focus();
  await editor.page.keyboard.press('Tab');
  await expect(hex).not.toHaveAttribute('aria-invalid');
  expect((await editor.document()).colorCode).toBeNull();

  await editor.fillField('color-hex', '#123456');
  await expect.poll(async () => (await editor.document()).colorCode).toBe('#123456');
  await editor.fillField('color-hex', '');
  await expect.poll(async () => (await editor.document()).colorCode).toBeNull();
  await expect(editor.byTestId('color-none')).toBeChecked();
  await expect(hex).not.toHaveAttribute('aria-invalid');
});

test('leaving the hex field unchanged makes no undo step', async ({ editor }) => {
  await editor.fillField('color-hex', '#123456');
  await editor.byTestId('canvas-width').focus();
  await editor.byTestId('color-hex').focus();
  await editor.page.keyboard.press('Tab');

  await editor.byTestId('undo').click();

  await expect.poll(async () => (await editor.document()).colorCode, 'one undo takes the colour back').toBeNull();
});

test('unticking "No colour" brings back the colour the layout had, also an imported one', async ({ editor, images }) => {
  const body = {
    ...AKOOL_EXAMPLES.templateAndColor,
    origin_img: await editor.images.serveImage('foreground.png', images.foreground),
    template_url: await editor.images.serveImage('template.jpg', images.template),
  };
  await editor.requestPanel.importBody(body);
  await expect.poll(() => editor.request()).toEqual(body);

  await editor.byTestId('color-none').check();
  await expect.poll(async () => (await editor.request())?.color_code).toBeUndefined();
  await editor.byTestId('color-none').uncheck();

  await expect.poll(async () => (await editor.request())?.color_code).toBe(body.color_code);
  await expect(editor.byTestId('color-hex')).toHaveValue(body.color_code);
});

test('clicking the empty workspace deselects the layer', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.canvas.clickWorkspace();
  await expect.poll(() => editor.selection()).toBeNull();
  const rect = await editor.canvas.layerScreenRect('foreground');
  await editor.page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
  await expect.poll(() => editor.selection()).toBe('foreground');
  await expect(editor.byTestId('select-foreground')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => editor.nodes.transformedIds()).toEqual(['layer-foreground']);

  await editor.canvas.clickWorkspace();

  await expect.poll(() => editor.selection()).toBeNull();
  await expect(editor.byTestId('select-foreground')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => editor.nodes.transformedIds()).toEqual([]);
});
