import type Konva from 'konva';
import type { Locator, Page } from '@playwright/test';
import type { ScreenRect } from './pages/canvas-area.ts';
import type { EditorPage } from './pages/editor-page.ts';
import { expect, expectClearOfSnapping, expectWithin, test, type TestImages } from './pages/editor-test.ts';
import { TouchGestures, type Point } from './pages/touch-gestures.ts';

// Issue 14, phones and tablets: the layouts of narrow screens, touch gestures on the canvas, dark mode.

const PHONE = { width: 390, height: 844 };
const TABLET_PORTRAIT = { width: 768, height: 1024 };
const TABLET_LANDSCAPE = { width: 1024, height: 768 };
const PANELS = [
  { id: 'layers', heading: 'Layers' },
  { id: 'inspector', heading: 'Inspector' },
  { id: 'render', heading: 'Render' },
  { id: 'request', heading: 'Request' },
  { id: 'history', heading: 'History' },
] as const;
type PanelId = (typeof PANELS)[number]['id'];

/** Opens a panel from the tab bar (a narrow screen shows one at a time), unless it is open already. */
async function openPanel(page: Page, id: PanelId): Promise<void> {
  const tab = page.getByTestId(`tab-${id}`);
  if ((await tab.getAttribute('aria-expanded')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-expanded', 'true');
}

async function closePanels(page: Page): Promise<void> {
  for (const close of await page.getByTestId('sheet-close').all()) if (await close.isVisible()) await close.click();
  await expect(page.locator('.panel-tabs__tab[aria-expanded="true"]')).toHaveCount(0);
}

/** Loads the foreground through the Layers panel, then closes it so that the canvas has the screen. */
async function loadForeground(editor: EditorPage, images: Pick<TestImages, 'foreground'>) {
  await openPanel(editor.page, 'layers');
  await editor.images.loadServedImage('foreground', 'foreground.png', images.foreground);
  await closePanels(editor.page);
  await expect.poll(() => editor.nodes.transformedIds()).toEqual(['layer-foreground']);
  await waitForSettledView(editor);
}

/** The view once the stage has its final size: the fitted view follows the box, which the sheet changed. */
async function waitForSettledView(editor: EditorPage): Promise<void> {
  const box = await editor.stage.boundingBox();
  await expect
    .poll(async () => {
      const { originX } = await editor.view();
      const { canvas } = await editor.document();
      const { scale } = await editor.view();
      return Math.round(originX - box!.x + (canvas.width * scale) / 2);
    })
    .toBe(Math.round(box!.width / 2));
}

const centreOf = (rect: ScreenRect): Point => ({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });

/** A point of the stage with no layer or handle under it, on the canvas's left edge strip. */
async function emptyPoint(editor: EditorPage): Promise<Point> {
  const { originX, originY, scale } = await editor.view();
  const { canvas, foreground } = await editor.document();
  const point = { x: originX + ((foreground?.x ?? canvas.width) * scale) / 2, y: originY + (canvas.height * scale) / 2 };
  expect(await editor.nodes.idAt(point.x, point.y), 'no layer under the finger').toBe('');
  return point;
}

function overlaps(a: ScreenRect, b: ScreenRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxOf(locator: Locator): Promise<ScreenRect> {
  const box = await locator.boundingBox();
  expect(box, 'on screen').not.toBeNull();
  return box!;
}

test.describe('on a phone, with touch', () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  test('a one-finger drag moves the layer exactly as the same mouse drag does', async ({ editor, images }) => {
    await loadForeground(editor, images);
    const touch = new TouchGestures(editor.page);
    const start = (await editor.document()).foreground!;
    const { canvas } = await editor.document();
    const { scale } = await editor.view();
    const [dx, dy] = [25, -41];
    const expected = { x: Math.round(start.x + dx / scale), y: Math.round(start.y + dy / scale) };
    const { width, height } = start;
    const lines = (x: number, y: number) => ({ x: [x, x + width / 2, x + width], y: [y, y + height / 2, y + height] });
    expectClearOfSnapping(lines(expected.x, expected.y), canvas, scale);
    const grab = centreOf(await editor.canvas.layerScreenRect('foreground'));
    expect(await editor.nodes.idAt(grab.x, grab.y)).toBe('layer-foreground');

    await touch.drag(grab, dx, dy);

    await expect.poll(async () => (await editor.document()).foreground?.x).toBe(expected.x);
    const byTouch = await editor.requestBody();
    expect(byTouch).toMatchObject({ overlay_origin_x: expected.x, overlay_origin_y: expected.y });
    // The same drag with the mouse, from the same place, gives the same body.
    await editor.page.keyboard.press('Control+z');
    await expect.poll(async () => (await editor.document()).foreground?.x).toBe(start.x);
    await editor.canvas.drag(grab, dx, dy);
    await expect.poll(async () => (await editor.document()).foreground?.x).toBe(expected.x);
    expect(await editor.requestBody()).toEqual(byTouch);
    // What the user reads in the inspector.
    await openPanel(editor.page, 'inspector');
    await expect(editor.byTestId('foreground-x')).toHaveValue(String(expected.x));
    await expect(editor.byTestId('foreground-y')).toHaveValue(String(expected.y));
  });

  test('one finger on empty canvas pans the view; a tap there deselects; the page itself never moves', async ({ editor, images }) => {
    await loadForeground(editor, images);
    const touch = new TouchGestures(editor.page);
    await expect(editor.stage).toHaveCSS('touch-action', 'none');
    const document = await editor.document();
    const before = await editor.view();
    const from = await emptyPoint(editor);

    await touch.drag(from, 40, 90);

    const after = await editor.view();
    expect(after.scale).toBe(before.scale);
    expectWithin(after.originX - before.originX, 40, 0.01, 'pan x');
    expectWithin(after.originY - before.originY, 90, 0.01, 'pan y');
    expect(await editor.document(), 'a pan moves no layer').toEqual(document);
    expect(await editor.selection(), 'a pan keeps the selection').toBe('foreground');
    expect(await editor.page.evaluate(() => [window.scrollX, window.scrollY, window.visualViewport?.scale])).toEqual([0, 0, 1]);

    await touch.tap(await emptyPoint(editor));
    await expect.poll(() => editor.selection()).toBeNull();
    await touch.tap(centreOf(await editor.canvas.layerScreenRect('foreground')));
    await expect.poll(() => editor.selection()).toBe('foreground');
  });

  test('two fingers pinch-zoom the view around their midpoint and pan it with the midpoint', async ({ editor, images }) => {
    await loadForeground(editor, images);
    const touch = new TouchGestures(editor.page);
    const document = await editor.document();
    const box = await boxOf(editor.stage);
    const centre = { x: box.x + box.width / 2 + 17, y: box.y + box.height / 2 - 23 };
    const before = await editor.view();
    const canvasPoint = { x: (centre.x - before.originX) / before.scale, y: (centre.y - before.originY) / before.scale };

    await touch.pinch(centre, 60, 150);

    const zoomed = await editor.view();
    expectWithin(zoomed.scale / before.scale, 150 / 60, 0.001, 'zoom factor');
    // The canvas point that was under the fingers' midpoint still is.
    expectWithin(zoomed.originX + canvasPoint.x * zoomed.scale, centre.x, 0.5, 'midpoint x');
    expectWithin(zoomed.originY + canvasPoint.y * zoomed.scale, centre.y, 0.5, 'midpoint y');

    // Pinching in while the midpoint moves: the point follows the midpoint.
    const shift = { x: -30, y: 45 };
    await touch.pinch(centre, 160, 80, shift);

    const after = await editor.view();
    expectWithin(after.scale / zoomed.scale, 80 / 160, 0.001, 'zoom factor');
    expectWithin(after.originX + canvasPoint.x * after.scale, centre.x + shift.x, 0.5, 'moved midpoint x');
    expectWithin(after.originY + canvasPoint.y * after.scale, centre.y + shift.y, 0.5, 'moved midpoint y');
    expect(await editor.document(), 'a pinch changes the view, not the layout').toEqual(document);
    expect(await editor.page.evaluate(() => [window.scrollX, window.scrollY, window.visualViewport?.scale])).toEqual([0, 0, 1]);
  });

  test('a second finger during a one-finger drag turns it into a pinch and puts the layer back', async ({ editor, images }) => {
    await loadForeground(editor, images);
    const touch = new TouchGestures(editor.page);
    const document = await editor.document();
    const before = await editor.view();
    const grab = centreOf(await editor.canvas.layerScreenRect('foreground'));

    await touch.dragThenPinch(grab, 30, 50, { x: grab.x + 40, y: grab.y + 50 }, 80);

    await expect.poll(async () => (await editor.view()).scale).toBeGreaterThan(before.scale * 1.2);
    expect(await editor.document(), 'the layer is where it was before the drag').toEqual(document);
    // Where the store has it, Konva draws it.
    const node = await editor.nodes.screenRect('foreground');
    const shouldBe = await editor.canvas.layerScreenRect('foreground');
    expectWithin(node!.x, shouldBe.x, 1, 'node x on screen');
    expectWithin(node!.y, shouldBe.y, 1, 'node y on screen');
  });

  test('a corner handle is a finger-sized target and resizes with the aspect ratio kept', async ({ editor, images }) => {
    await loadForeground(editor, images);
    const touch = new TouchGestures(editor.page);
    const start = (await editor.document()).foreground!;
    const rect = await editor.canvas.layerScreenRect('foreground');
    const corner = { x: rect.x + rect.width, y: rect.y + rect.height };
    // The handle answers a finger 12 px from its centre on every side: a hit area of at least 24 CSS px.
    const anchorAt = (dx: number, dy: number) =>
      editor.page.evaluate(
        ({ x, y }) => {
          const stage = (window as unknown as { Konva: typeof Konva }).Konva.stages[0]!;
          const box = stage.container().getBoundingClientRect();
          return stage.getIntersection({ x: x - box.left, y: y - box.top })?.name() ?? '';
        },
        { x: corner.x + dx, y: corner.y + dy },
      );
    for (const [dx, dy] of [[-12, -12], [12, -12], [-12, 12], [12, 12]] as const) {
      expect(await anchorAt(dx, dy), `the handle at (${dx}, ${dy}) from the corner`).toContain('bottom-right');
    }

    // Grabbed off its centre, as a finger would, and dragged inwards.
    await touch.drag({ x: corner.x + 8, y: corner.y + 8 }, -60, -20);

    await expect.poll(async () => (await editor.document()).foreground!.width).toBeLessThan(start.width - 200);
    const after = (await editor.document()).foreground!;
    // Width and height are each rounded to whole pixels.
    expectWithin(after.height, (after.width * start.height) / start.width, 1.5, 'height for the kept aspect ratio');
    expect({ x: after.x, y: after.y }, 'the top-left corner stays').toEqual({ x: start.x, y: start.y });
  });

  test('a long press on the canvas sends the context menu event where the finger is, and moves nothing', async ({ editor, images }) => {
    await loadForeground(editor, images);
    const touch = new TouchGestures(editor.page);
    const document = await editor.document();
    await editor.stage.evaluate((stage) => {
      const heard: Array<{ x: number; y: number; inCanvas: boolean }> = [];
      (window as unknown as { contextMenus: typeof heard }).contextMenus = heard;
      stage.addEventListener('contextmenu', (event) => {
        const { clientX: x, clientY: y, target } = event as MouseEvent;
        heard.push({ x, y, inCanvas: stage.contains(target as Node) });
      });
    });
    const heard = () => editor.page.evaluate(() => (window as unknown as { contextMenus: unknown[] }).contextMenus);
    const centre = centreOf(await editor.canvas.layerScreenRect('foreground'));
    const at = { x: Math.round(centre.x), y: Math.round(centre.y) };

    // A short tap is no long press.
    await touch.tap(at);
    // The finger stays down until the event has come (however slow the machine), then lifts.
    const finger = await touch.down({ x: at.x + 30, y: at.y + 40 });
    await expect.poll(heard).toHaveLength(1);
    await finger.lift();

    expect(await heard()).toEqual([{ x: at.x + 30, y: at.y + 40, inCanvas: true }]);
    expect(await editor.document(), 'the long press moved nothing').toEqual(document);
  });
});

for (const viewport of [PHONE, TABLET_PORTRAIT, TABLET_LANDSCAPE]) {
  test.describe(`the layout at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport, hasTouch: true, isMobile: true });

    test('the canvas has most of the screen; every panel opens without covering it; nothing overlaps', async ({ editor, images }) => {
      const { page } = editor;
      await loadForeground(editor, images);
      const screenArea = viewport.width * viewport.height;
      const noSideScroll = () => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

      const stage = await boxOf(editor.stage);
      expect(stage.width * stage.height, 'the canvas area').toBeGreaterThanOrEqual(0.6 * screenArea);
      expect(await noSideScroll(), 'no sideways page scroll').toBe(true);
      // Fitted: the whole canvas shows, and fills most of the stage's narrower side.
      const { scale, originX, originY } = await editor.view();
      const { canvas } = await editor.document();
      expect(originX).toBeGreaterThanOrEqual(stage.x);
      expect(originY).toBeGreaterThanOrEqual(stage.y);
      expect(canvas.width * scale).toBeGreaterThanOrEqual(0.8 * Math.min(stage.width, stage.height));
      const toolbar = await boxOf(page.getByRole('toolbar', { name: 'Editor tools' }));
      const tabs = await boxOf(page.getByRole('navigation', { name: 'Panels' }));
      expect(overlaps(toolbar, stage), 'the toolbar is not over the canvas').toBe(false);
      expect(overlaps(toolbar, tabs)).toBe(false);
      expect(overlaps(stage, tabs)).toBe(false);
      expect(toolbar.x + toolbar.width, 'the toolbar is on screen').toBeLessThanOrEqual(viewport.width);

      for (const { id, heading } of PANELS) {
        await openPanel(page, id);
        const title = page.getByRole('heading', { level: 2, name: heading, exact: false });
        await expect(title).toBeVisible();
        await expect(title).toBeInViewport();
        const sheet = await boxOf(page.locator(`#panel-${id}`).locator('xpath=..'));
        const openStage = await boxOf(editor.stage);
        for (const [what, other] of [['canvas', openStage], ['toolbar', await boxOf(page.getByRole('toolbar', { name: 'Editor tools' }))], ['tab bar', tabs]] as const) {
          expect(overlaps(sheet, other), `the ${id} panel is not over the ${what}`).toBe(false);
        }
        expect(openStage.width * openStage.height, `the canvas with ${id} open`).toBeGreaterThanOrEqual(0.3 * screenArea);
        expect(await noSideScroll(), `no sideways page scroll with ${id} open`).toBe(true);
      }
      // Submit is one tap away, in the Render tab.
      await openPanel(page, 'render');
      await expect(editor.byTestId('submit')).toBeInViewport();
      await expect(editor.byTestId('submit')).toBeEnabled();
      // Closed, the canvas has the screen back.
      await closePanels(page);
      expect((await boxOf(editor.stage)).height).toBe(stage.height);
    });
  });
}

test.describe('on a wide screen', () => {
  test('every panel shows at once and there is no tab bar', async ({ editor }) => {
    await expect(editor.page.getByRole('navigation', { name: 'Panels' })).toBeHidden();
    for (const { heading } of PANELS) await expect(editor.page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  });
});

test.describe('in dark mode', () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true, colorScheme: 'dark' });

  test('the chrome is dark and the canvas keeps the true colours', async ({ editor, images }) => {
    await loadForeground(editor, images);
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const header = await boxOf(editor.page.locator('.app-header'));
    expect(luminance(await editor.canvas.shownColourAt(header.x + header.width - 6, header.y + 6)), 'the header').toBeLessThan(60);
    const tabs = await boxOf(editor.page.getByRole('navigation', { name: 'Panels' }));
    expect(luminance(await editor.canvas.shownColourAt(tabs.x + 2, tabs.y + 3)), 'the tab bar').toBeLessThan(60);

    await openPanel(editor.page, 'inspector');
    await editor.fillField('color-hex', '#f2f4f6');
    await closePanels(editor.page);
    await waitForSettledView(editor);
    // A light background colour shows as itself on the canvas, not darkened by the dark theme.
    const point = await emptyPoint(editor);
    expect(await editor.canvas.shownColourAt(point.x, point.y)).toEqual({ r: 0xf2, g: 0xf4, b: 0xf6 });
  });
});
