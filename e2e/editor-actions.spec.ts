import { fitSize } from '../src/core/index.ts';
import { expect, expectWithin, test } from './pages/editor-test.ts';

// Issue 14: the keyboard focus is always where the keys act, and every action of a layer or of the canvas is
// one right-click (or long press, or the toolbar's "More") away.

test('after load, Tab moves a visible focus through the page and selects no layer until the canvas has the focus', async ({
  editor,
  images,
}) => {
  // Walking the whole page with Tab takes a while on a loaded machine.
  test.setTimeout(150_000);
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
  await editor.drafts.waitForSaved();
  // A fresh load with layers on the canvas: nothing has the focus yet.
  await editor.drafts.reload();
  await expect.poll(async () => (await editor.document()).template !== null).toBe(true);
  expect((await editor.keys.focusedElement()).isBody, 'nothing has the focus after load').toBe(true);

  const { keyboard } = editor.page;
  let focused = await editor.keys.focusedElement();
  for (let presses = 1; !focused.onCanvas; presses += 1) {
    expect(presses, 'the canvas is reached with Tab').toBeLessThanOrEqual(120);
    await keyboard.press('Tab');
    focused = await editor.keys.focusedElement();
    expect(focused.isBody, `Tab ${presses} puts the focus on an element`).toBe(false);
    expect(focused.shown, `Tab ${presses}: ${focused.name} is on screen`).toBe(true);
    expect(focused.focusVisible, `Tab ${presses}: ${focused.name} shows its focus`).toBe(true);
    expect(focused.selection, `Tab ${presses} (${focused.name}) selects no layer`).toBeNull();
  }
  expect(await editor.stage.getAttribute('aria-label'), 'the canvas has a name').toMatch(/canvas/i);

  // On the canvas, Tab steps through its layers, and the focus stays there, visibly.
  await keyboard.press('Tab');
  await expect.poll(() => editor.selection()).toBe('foreground');
  expect(await editor.keys.focusedElement()).toMatchObject({ onCanvas: true, focusVisible: true });

  // Shift+F10 (the keyboard's context menu) opens the selected layer's menu; Escape gives the focus back.
  await keyboard.press('Shift+F10');
  await expect(editor.menu.root).toHaveAccessibleName('Foreground actions');
  await expect(editor.menu.item('place-align-left')).toBeFocused();
  await keyboard.press('Escape');
  await expect(editor.stage).toBeFocused();
  expect(await editor.selection()).toBe('foreground');
});

test('right-click on a layer opens its menu; "Fit inside the canvas" fits it; Escape closes the menu and gives the focus back', async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.canvas.select('template');
  const { canvas, template } = await editor.document();

  await editor.menu.rightClickLayer('foreground');
  await expect(editor.menu.root).toHaveAttribute('role', 'menu');
  await expect(editor.menu.root).toHaveAccessibleName('Foreground actions');
  expect(await editor.selection(), 'the layer under the pointer is selected').toBe('foreground');
  const fit = editor.menu.item('place-fit');
  await expect(fit).toHaveAttribute('role', 'menuitem');
  await expect(fit).toHaveText('Fit inside the canvas');
  await expect(editor.menu.item('place-align-left'), 'the first item has the focus').toBeFocused();

  await fit.click();

  const size = fitSize(images.foreground, canvas);
  await expect
    .poll(async () => {
      const { x, y, width, height } = (await editor.document()).foreground!;
      return { x, y, width, height };
    })
    .toEqual({ ...size, x: Math.round((canvas.width - size.width) / 2), y: Math.round((canvas.height - size.height) / 2) });
  expect((await editor.document()).template, 'the other layer stays').toEqual(template);
  await expect(editor.menu.root).toBeHidden();
  await expect(editor.stage, 'the canvas has the focus back').toBeFocused();

  // By keyboard: the arrows move between the items, Escape closes without doing anything.
  const before = await editor.document();
  await editor.menu.rightClickLayer('foreground');
  await editor.page.keyboard.press('ArrowDown');
  await expect(editor.menu.item('place-centre-horizontally')).toBeFocused();
  await editor.page.keyboard.press('End');
  await expect(editor.menu.item('remove-layer')).toBeFocused();
  await editor.page.keyboard.press('ArrowDown');
  await expect(editor.menu.item('place-align-left'), 'the arrows wrap around').toBeFocused();
  await editor.page.keyboard.press('Escape');
  await expect(editor.menu.root).toBeHidden();
  await expect(editor.stage).toBeFocused();
  expect(await editor.document(), 'Escape changes nothing').toEqual(before);
  expect(await editor.selection(), 'Escape in the menu does not deselect').toBe('foreground');

  // Enter runs the focused item: "Remove the layer" is the last one.
  await editor.menu.rightClickLayer('foreground');
  await editor.page.keyboard.press('End');
  await editor.page.keyboard.press('Enter');
  await expect.poll(async () => (await editor.document()).foreground).toBeNull();
  await expect(editor.menu.root).toBeHidden();
});

test("the empty canvas's menu: undo, redo (disabled with nothing to redo), zoom to fit; a press outside closes it", async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
  await editor.canvas.select('template');
  // Zoomed out, so that there is empty workspace around the canvas (the template overflows it on the sides).
  await editor.byTestId('zoom-out').click();
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'false');

  await editor.canvas.clickWorkspace({ button: 'right' });
  await expect(editor.menu.root).toHaveAccessibleName('Canvas actions');
  expect(await editor.selection(), 'a right-click on nothing deselects').toBeNull();
  await expect(editor.menu.item('undo')).toBeEnabled();
  await expect(editor.menu.item('redo'), 'nothing to redo: shown, disabled').toBeDisabled();
  await expect(editor.menu.item('undo'), 'the first item that can run has the focus').toBeFocused();
  await editor.menu.item('zoom-fit').click();
  await expect(editor.byTestId('zoom-fit')).toHaveAttribute('aria-pressed', 'true');

  await editor.canvas.clickWorkspace({ button: 'right' });
  await editor.page.mouse.click(5, 5);
  await expect(editor.menu.root, 'a press outside closes the menu').toBeHidden();
});

test('a long press (a contextmenu event sent to the element under the finger) opens the menu of the layer there', async ({
  editor,
  images,
}) => {
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await editor.canvas.select('foreground');
  const template = await editor.canvas.layerScreenRect('template');
  const foreground = await editor.canvas.layerScreenRect('foreground');
  // Left of the foreground, on the template.
  const point = { x: (Math.max(template.x, (await editor.view()).originX) + foreground.x) / 2, y: foreground.y + foreground.height / 2 };
  expect(await editor.nodes.idAt(point.x, point.y)).toBe('layer-template');

  await editor.menu.sendContextMenuEvent(point);

  await expect(editor.menu.root).toHaveAccessibleName('Background image actions');
  expect(await editor.selection()).toBe('template');
  const menu = await editor.menu.root.boundingBox();
  expectWithin(menu!.x, point.x, 1, 'the menu opens where the finger is: x');
  expectWithin(menu!.y, point.y, 1, 'the menu opens where the finger is: y');
  await editor.page.keyboard.press('Escape');
  await expect(editor.menu.root).toBeHidden();
});

test('the toolbar\'s "More" opens the menu of the selected layer and gives the focus back to itself', async ({ editor, images }) => {
  await editor.images.loadServedImage('template', 'template.jpg', images.template);
  await editor.canvas.select('template');
  const more = editor.byTestId('more-actions');
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  await more.click();

  await expect(editor.menu.root).toHaveAccessibleName('Background image actions');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await editor.page.keyboard.press('Escape');
  await expect(editor.menu.root).toBeHidden();
  await expect(more).toBeFocused();
  await more.click();
  await expect(editor.menu.root).toBeVisible();
  await more.click();
  await expect(editor.menu.root, 'pressed again, "More" closes its menu').toBeHidden();
});
