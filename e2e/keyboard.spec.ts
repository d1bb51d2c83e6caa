import { expect, test } from './pages/editor-test.ts';
import { foregroundAt, foregroundRect, templateRect } from './pages/request-layout.ts';

// The keyboard: a press takes the focus from a field, arrows nudge (held too, one undo step), keyboard-only
// access to the canvas and its layers, the shortcut list.

test('a press on a layer takes the focus and the text selection from an inspector field: arrows then move the layer', async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.byTestId('foreground-x').selectText();
  const textSelection = () => editor.page.evaluate(() => window.getSelection()?.type);
  expect(await textSelection()).toBe('Range');
  const start = await foregroundRect(editor);
  const rect = await editor.canvas.layerScreenRect('foreground');
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
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.canvas.select('foreground');
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
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.canvas.select('foreground');
  await editor.stage.focus();
  const start = await foregroundRect(editor);
  const at = foregroundAt(editor);
  // A single press first: its own step, which the undo of the held key must leave alone.
  await editor.page.keyboard.press('ArrowDown');
  await expect.poll(at).toEqual({ x: start.x, y: start.y + 1 });

  const presses = await editor.keys.holdKey('ArrowRight', 1000);

  await expect.poll(at).toEqual({ x: start.x + presses, y: start.y + 1 });
  await editor.page.keyboard.press('Control+z');
  await expect.poll(at, 'one undo takes the whole hold back').toEqual({ x: start.x, y: start.y + 1 });
  await editor.page.keyboard.press('Control+z');
  await expect.poll(at).toEqual({ x: start.x, y: start.y });
  await editor.page.keyboard.press('Control+Shift+Z');
  await editor.page.keyboard.press('Control+Shift+Z');
  await expect.poll(at, 'one redo repeats the whole hold').toEqual({ x: start.x + presses, y: start.y + 1 });
});

test('keyboard only: Tab reaches the canvas, Tab selects a layer, arrows move it, Tab leaves', async ({ editor, images }) => {
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
  const at = foregroundAt(editor);
  const start = await foregroundRect(editor);
  const templateStart = await templateRect(editor);
  const { keyboard } = editor.page;
  // From here on, no mouse.
  await keyboard.press('Escape');
  await expect.poll(() => editor.selection()).toBeNull();

  await editor.keys.tabToCanvas();
  expect(await editor.selection(), 'tabbing through the page selects nothing').toBeNull();
  expect(await editor.stage.evaluate((element) => element.matches(':focus-visible')), 'the focus is visible').toBe(true);

  await keyboard.press('Tab');
  await expect.poll(() => editor.selection()).toBe('foreground');
  await expect(editor.stage, 'Tab between layers keeps the focus on the canvas').toBeFocused();
  await expect.poll(() => editor.nodes.transformedIds()).toEqual(['layer-foreground']);
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
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
  await editor.canvas.select('template');
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
