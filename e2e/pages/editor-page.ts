import sharp from 'sharp';
import { expect, type Locator, type Page, type Route } from '@playwright/test';
import type Konva from 'konva';
import type { CompositionDocument, LayerKind, RequestDraft } from '../../src/core/index.ts';
import type { EditorTestHandle } from '../../src/app/test-handle.ts';
import type { TestImage } from '../fixtures/test-images.ts';

/** A host no network knows: the tests answer its requests themselves (page.route). */
export const IMAGE_HOST = 'https://images.example.test';

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

type EditorWindow = Window & { __editor: EditorTestHandle };

/**
 * The editor as a user (and a test) sees it: elements are found by data-testid only; what the canvas holds is
 * read through the read-only `window.__editor` handle of test builds, and Konva's own stage for screen rects.
 */
export class EditorPage {
  readonly stage: Locator;
  readonly requestJson: Locator;
  readonly contextMenu: Locator;

  constructor(readonly page: Page) {
    this.stage = page.getByTestId('canvas-stage');
    this.requestJson = page.getByTestId('request-json');
    this.contextMenu = page.getByTestId('context-menu');
  }

  byTestId(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /**
   * Opens the editor empty. The first-start sample composition is refused so that every test lays out its own
   * images and no late sample load can replace them.
   */
  async open(): Promise<void> {
    await this.page.route('**/samples/**', (route) => route.abort());
    await this.page.goto('/');
    await expect(this.stage).toBeVisible();
    await expect
      .poll(() => this.page.evaluate(() => (window as unknown as { Konva?: typeof Konva }).Konva?.stages.length ?? 0))
      .toBe(1);
    // The view is fitted once the stage box is measured; before that it is the identity.
    await expect.poll(async () => (await this.view()).scale).toBeLessThan(1);
    await expect(this.byTestId('canvas-hint')).toBeVisible();
  }

  /**
   * Makes `${IMAGE_HOST}/${name}` an image the editor can load, as a CDN would serve it, and returns its URL.
   * The editor loads a remote image directly with CORS, or, where that is refused (the server's CSP allows
   * images from 'self' only), through the server's same-origin `/api/fetch-image?url=`. The server cannot reach
   * this made-up host (and its SSRF guard would refuse a local one), so both ways are answered here in the
   * browser: the editor sees the bytes either way, and the body keeps the remote URL.
   */
  async serveImage(name: string, image: TestImage): Promise<string> {
    const url = `${IMAGE_HOST}/${name}`;
    const fulfill = (route: Route) =>
      route.fulfill({
        status: 200,
        body: image.bytes,
        headers: { 'content-type': image.contentType, 'access-control-allow-origin': '*' },
      });
    await this.page.route(url, fulfill);
    await this.page.route(
      (address) => address.pathname === '/api/fetch-image' && address.searchParams.get('url') === url,
      fulfill,
    );
    return url;
  }

  // --- window.__editor -------------------------------------------------------------------------------------

  document(): Promise<CompositionDocument> {
    return this.page.evaluate(() => (window as unknown as EditorWindow).__editor.document());
  }

  request(): Promise<RequestDraft | null> {
    return this.page.evaluate(() => (window as unknown as EditorWindow).__editor.request());
  }

  view(): Promise<{ scale: number; originX: number; originY: number }> {
    return this.page.evaluate(() => (window as unknown as EditorWindow).__editor.view());
  }

  selection(): Promise<string | null> {
    return this.page.evaluate(() => (window as unknown as EditorWindow).__editor.selection());
  }

  /** The editor's own drawing of the canvas area (PNG bytes, at most `maxSide` px), as the result's Compare shows it. */
  async preview(maxSide: number): Promise<Buffer> {
    const url = await this.page.evaluate((side) => (window as unknown as EditorWindow).__editor.preview(side), maxSide);
    expect(url, 'the editor exports its canvas').toMatch(/^data:image\/png;base64,/);
    return Buffer.from(url!.split(',')[1]!, 'base64');
  }

  /** The request body, failing the test when the layout does not give a valid one. */
  async requestBody(): Promise<RequestDraft> {
    const body = await this.request();
    expect(body, 'the layout gives a valid request').not.toBeNull();
    return body!;
  }

  /** The body as the request panel shows it. */
  async shownRequest(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.requestJson.textContent()) ?? 'null') as Record<string, unknown>;
  }

  // --- images --------------------------------------------------------------------------------------------

  /** Types a URL into a layer card and loads it; resolves once the layer shows that image. */
  async loadImageUrl(kind: LayerKind, url: string): Promise<void> {
    await this.byTestId(`${kind}-url`).fill(url);
    await this.byTestId(`${kind}-url-load`).click();
    await expect.poll(async () => (await this.document())[kind]?.source.url).toBe(url);
  }

  /** Serves an image under `name` and loads it into a layer by its URL. Returns the URL. */
  async loadServedImage(kind: LayerKind, name: string, image: TestImage): Promise<string> {
    const url = await this.serveImage(name, image);
    await this.loadImageUrl(kind, url);
    return url;
  }

  /** Picks a file for a layer with its (hidden) file input; resolves once the layer shows it. */
  async loadImageFile(kind: LayerKind, image: TestImage, name: string): Promise<void> {
    const before = (await this.document())[kind]?.source.url;
    await this.byTestId(`${kind}-file`).setInputFiles({ name, mimeType: image.contentType, buffer: image.bytes });
    await expect
      .poll(async () => {
        const url = (await this.document())[kind]?.source.url;
        return url !== before && url?.startsWith('blob:');
      })
      .toBe(true);
  }

  /** Drags a file over the canvas and drops it there, as a file dragged from the desktop would be. */
  async dropFile(image: TestImage, name: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ bytes, name, type }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
        return transfer;
      },
      { bytes: [...image.bytes], name, type: image.contentType },
    );
    await this.stage.dispatchEvent('dragenter', { dataTransfer });
    await this.stage.dispatchEvent('dragover', { dataTransfer });
    await this.stage.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }

  // --- fields --------------------------------------------------------------------------------------------

  /** Types a value into an inspector field and commits it with Enter. */
  async fillField(testId: string, value: string | number): Promise<void> {
    const field = this.byTestId(testId);
    await field.fill(String(value));
    await field.press('Enter');
  }

  async importBody(body: unknown): Promise<void> {
    await this.byTestId('import-open').click();
    await this.byTestId('import-text').fill(typeof body === 'string' ? body : JSON.stringify(body, null, 2));
    await this.byTestId('import-apply').click();
  }

  // --- the canvas on screen ------------------------------------------------------------------------------

  /** Where a layer should be on screen (client CSS px), from the document and the view. */
  async layerScreenRect(kind: LayerKind): Promise<ScreenRect> {
    const [document, view] = [await this.document(), await this.view()];
    const layer = document[kind];
    if (!layer) throw new Error(`there is no ${kind} layer`);
    return {
      x: view.originX + layer.x * view.scale,
      y: view.originY + layer.y * view.scale,
      width: layer.width * view.scale,
      height: layer.height * view.scale,
    };
  }

  /** Where Konva actually draws a layer's node (client CSS px), or null when there is no node. */
  nodeScreenRect(kind: LayerKind): Promise<ScreenRect | null> {
    return this.page.evaluate((id) => {
      const konva = (window as unknown as { Konva: typeof Konva }).Konva;
      const stage = konva.stages[0];
      const node = stage?.findOne(`#${id}`);
      if (!stage || !node) return null;
      const box = stage.container().getBoundingClientRect();
      const rect = node.getClientRect();
      return { x: box.left + rect.x, y: box.top + rect.y, width: rect.width, height: rect.height };
    }, `layer-${kind}`);
  }

  /** The colour the page shows at a client point (CSS px), as the user sees it: from a screenshot. */
  async shownColourAt(x: number, y: number): Promise<{ r: number; g: number; b: number }> {
    const png = await this.page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 }, scale: 'css' });
    const [r, g, b] = await sharp(png).removeAlpha().raw().toBuffer();
    return { r: r!, g: g!, b: b! };
  }

  /** The Konva class of a layer's node: 'Image' once its picture is drawn, 'Rect' while a placeholder. */
  nodeClassName(kind: LayerKind): Promise<string | null> {
    return this.page.evaluate((id) => {
      const konva = (window as unknown as { Konva: typeof Konva }).Konva;
      return konva.stages[0]?.findOne(`#${id}`)?.getClassName() ?? null;
    }, `layer-${kind}`);
  }

  /** The id of the Konva node the pointer would hit at a client point ('' for none). */
  nodeIdAt(x: number, y: number): Promise<string> {
    return this.page.evaluate(
      ({ x, y }) => {
        const konva = (window as unknown as { Konva: typeof Konva }).Konva;
        const stage = konva.stages[0];
        if (!stage) return '';
        const box = stage.container().getBoundingClientRect();
        return stage.getIntersection({ x: x - box.left, y: y - box.top })?.id() ?? '';
      },
      { x, y },
    );
  }

  /** The ids of the nodes the transformer is attached to. */
  transformedNodeIds(): Promise<string[]> {
    return this.page.evaluate(() => {
      const konva = (window as unknown as { Konva: typeof Konva }).Konva;
      const transformer = konva.stages[0]?.findOne('Transformer') as Konva.Transformer | undefined;
      return transformer?.nodes().map((node) => node.id()) ?? [];
    });
  }

  /** Selects a layer through its card, and waits until the handles are on it. */
  async select(kind: LayerKind): Promise<void> {
    if ((await this.selection()) !== kind) await this.byTestId(`select-${kind}`).click();
    await expect.poll(() => this.selection()).toBe(kind);
    await expect.poll(() => this.transformedNodeIds()).toEqual([`layer-${kind}`]);
  }

  /** Presses the mouse at `from`, moves it by (dx, dy) in small steps, and releases it. */
  async drag(from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
    const { mouse } = this.page;
    await mouse.move(from.x, from.y);
    await mouse.down();
    await mouse.move(from.x + dx, from.y + dy, { steps: 12 });
    await mouse.up();
  }

  /**
   * Drags a layer by (dx, dy) CSS px, grabbing it at the centre of its part inside the canvas (which must be
   * that layer on screen, not one above it). Resolves once the document has the moved layer.
   */
  async dragLayerBy(kind: LayerKind, dx: number, dy: number): Promise<void> {
    const before = (await this.document())[kind];
    const rect = await this.layerScreenRect(kind);
    const grab = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    expect(await this.nodeIdAt(grab.x, grab.y), `the ${kind} is under the pointer`).toBe(`layer-${kind}`);
    await this.drag(grab, dx, dy);
    await expect
      .poll(async () => {
        const after = (await this.document())[kind];
        return after?.x !== before?.x || after?.y !== before?.y;
      })
      .toBe(true);
  }

  /**
   * Selects a layer and drags one of its corner handles by (dx, dy) CSS px, with Shift held when asked
   * (Shift frees the aspect ratio). Resolves once the document has the new size.
   */
  async dragCorner(kind: LayerKind, corner: Corner, dx: number, dy: number, options: { shift?: boolean } = {}): Promise<void> {
    await this.select(kind);
    const before = (await this.document())[kind];
    const rect = await this.layerScreenRect(kind);
    const handle = {
      x: corner.endsWith('left') ? rect.x : rect.x + rect.width,
      y: corner.startsWith('top') ? rect.y : rect.y + rect.height,
    };
    if (options.shift) await this.page.keyboard.down('Shift');
    try {
      await this.drag(handle, dx, dy);
    } finally {
      if (options.shift) await this.page.keyboard.up('Shift');
    }
    await expect
      .poll(async () => {
        const after = (await this.document())[kind];
        return after?.width !== before?.width || after?.height !== before?.height;
      })
      .toBe(true);
  }

  /** The snap guides drawn now, as the lines they are on (canvas pixels): x for vertical ones, y for horizontal. */
  async snapGuides(): Promise<Array<{ axis: 'x' | 'y'; position: number }>> {
    const guides = await this.byTestId('snap-guide').all();
    return Promise.all(
      guides.map(async (guide) => ({
        axis: (await guide.getAttribute('data-axis')) as 'x' | 'y',
        position: Number(await guide.getAttribute('data-position')),
      })),
    );
  }

  /** Whether the Konva node of a layer draws a decoded picture (an Image node with a non-empty image). */
  nodeHasImage(kind: LayerKind): Promise<boolean> {
    return this.page.evaluate((id) => {
      const konva = (window as unknown as { Konva: typeof Konva }).Konva;
      const node = konva.stages[0]?.findOne(`#${id}`);
      if (!node || node.getClassName() !== 'Image') return false;
      const image = (node as Konva.Image).image() as { width?: number; height?: number } | undefined;
      return Boolean(image && (image.width ?? 0) > 0 && (image.height ?? 0) > 0);
    }, `layer-${kind}`);
  }

  // --- keyboard, zoom, drafts ----------------------------------------------------------------------------

  /**
   * Holds a key for `ms` milliseconds as a person would: one press, then the key's auto-repeats every
   * `repeatEveryMs` (a keydown without keyup is sent with `repeat: true`), then the release. The number of
   * repeats is fixed by the duration, not by the clock, so a slow machine sends the same keys. Returns how many
   * keydowns were sent.
   */
  async holdKey(key: string, ms: number, repeatEveryMs = 33): Promise<number> {
    const { keyboard } = this.page;
    const repeats = Math.floor(ms / repeatEveryMs);
    await keyboard.down(key);
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      await this.page.waitForTimeout(repeatEveryMs);
      await keyboard.down(key);
    }
    await keyboard.up(key);
    return repeats + 1;
  }

  /** The zoom the toolbar shows, in percent ("18 %" gives 18). */
  async zoomPercent(): Promise<number> {
    const text = (await this.byTestId('zoom-level').textContent()) ?? '';
    const match = /^(\d+)\s*%$/.exec(text.trim());
    if (!match) throw new Error(`not a zoom level: "${text}"`);
    return Number(match[1]);
  }

  /** Presses Tab until the canvas has the keyboard focus (at most `limit` times); fails if it never does. */
  async tabToCanvas(limit = 120): Promise<void> {
    for (let presses = 0; presses < limit; presses += 1) {
      if (await this.stage.evaluate((element) => element === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    await expect(this.stage, `the canvas is reached with Tab within ${limit} presses`).toBeFocused();
  }

  /**
   * What has the keyboard focus: the page's body (nothing), or an element, whether it is shown and its focus
   * ring is; and the selected layer then. One round trip, as a test may ask after every Tab.
   */
  focusedElement(): Promise<{
    isBody: boolean;
    onCanvas: boolean;
    shown: boolean;
    focusVisible: boolean;
    name: string;
    selection: string | null;
  }> {
    return this.page.evaluate(() => {
      const selection = (window as unknown as EditorWindow).__editor.selection();
      const element = document.activeElement;
      if (!element || element === document.body) {
        return { isBody: true, onCanvas: false, shown: false, focusVisible: false, name: 'body', selection };
      }
      const rect = element.getBoundingClientRect();
      return {
        isBody: false,
        onCanvas: element.getAttribute('data-testid') === 'canvas-stage',
        shown: element.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && rect.width > 0 && rect.height > 0,
        focusVisible: element.matches(':focus-visible'),
        name: `${element.tagName.toLowerCase()} "${element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.slice(0, 30)}"`,
        selection,
      };
    });
  }

  // --- the context menu ----------------------------------------------------------------------------------

  /** An item of the open context menu, by the id of its action ("place-fit", "remove-layer"). */
  menuItem(actionId: string): Locator {
    return this.contextMenu.getByTestId(`menu-${actionId}`);
  }

  /** The middle of a layer's part inside the canvas on screen, checked to be that layer under the pointer. */
  async layerPoint(kind: LayerKind): Promise<{ x: number; y: number }> {
    const rect = await this.layerScreenRect(kind);
    const { originX, originY, scale } = await this.view();
    const { canvas } = await this.document();
    const left = Math.max(rect.x, originX);
    const top = Math.max(rect.y, originY);
    const right = Math.min(rect.x + rect.width, originX + canvas.width * scale);
    const bottom = Math.min(rect.y + rect.height, originY + canvas.height * scale);
    const point = { x: (left + right) / 2, y: (top + bottom) / 2 };
    expect(await this.nodeIdAt(point.x, point.y), `the ${kind} is under the pointer`).toBe(`layer-${kind}`);
    return point;
  }

  /** Right-clicks a layer on the canvas; resolves once its menu is open. */
  async rightClickLayer(kind: LayerKind): Promise<void> {
    const point = await this.layerPoint(kind);
    await this.page.mouse.click(point.x, point.y, { button: 'right' });
    await expect(this.contextMenu).toBeVisible();
  }

  /**
   * Opens the menu as a long press on a touch screen does: a DOM `contextmenu` event sent to the element under
   * the finger, bubbling (the contract with the touch handling).
   */
  async sendContextMenuEvent(point: { x: number; y: number }): Promise<void> {
    await this.page.evaluate(({ x, y }) => {
      const target = document.elementFromPoint(x, y);
      if (!target) throw new Error(`no element at ${x},${y}`);
      target.dispatchEvent(new MouseEvent('contextmenu', { clientX: x, clientY: y, bubbles: true, cancelable: true }));
    }, point);
    await expect(this.contextMenu).toBeVisible();
  }

  /** The document of the draft saved in IndexedDB, or null when none is saved. */
  savedDraftDocument(): Promise<CompositionDocument | null> {
    return this.page.evaluate(async () => {
      // Opening a database that does not exist would create it empty, at the editor's version, without its store.
      if (!(await indexedDB.databases()).some((database) => database.name === 'background-composer')) return null;
      return new Promise<CompositionDocument | null>((resolve, reject) => {
        const open = indexedDB.open('background-composer');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
        open.onsuccess = () => {
          const database = open.result;
          if (!database.objectStoreNames.contains('drafts')) {
            database.close();
            resolve(null);
            return;
          }
          const read = database.transaction('drafts', 'readonly').objectStore('drafts').get('current');
          read.onerror = () => reject(read.error ?? new Error('the draft could not be read'));
          read.onsuccess = () => {
            database.close();
            resolve((read.result as { document?: CompositionDocument } | undefined)?.document ?? null);
          };
        };
      });
    });
  }

  /** Waits until the autosaved draft holds the document as it is now (the autosave is debounced). */
  async waitForDraftSaved(): Promise<void> {
    const current = await this.document();
    await expect.poll(() => this.savedDraftDocument(), { message: 'the draft is saved' }).toEqual(current);
  }

  /** Reloads the page and waits until the editor has restored its draft (a document with a foreground). */
  async reloadWithDraft(): Promise<void> {
    await this.page.reload();
    await expect(this.stage).toBeVisible();
    await expect
      .poll(() => this.page.evaluate(() => (window as unknown as { Konva?: typeof Konva }).Konva?.stages.length ?? 0))
      .toBe(1);
    await expect.poll(async () => (await this.document()).foreground !== null, { message: 'the draft is back' }).toBe(true);
  }

  /** Clicks the workspace around the canvas at a point where no layer is (a layer may overflow the canvas). */
  async clickWorkspace(options: { button?: 'left' | 'right' } = {}): Promise<void> {
    const point = await this.emptyWorkspacePoint();
    await this.page.mouse.click(point.x, point.y, options);
  }

  /** A point of the workspace around the canvas where no layer is, nor anything over the canvas (the toolbar). */
  async emptyWorkspacePoint(): Promise<{ x: number; y: number }> {
    const box = await this.stage.boundingBox();
    if (!box) throw new Error('the canvas stage is not on screen');
    const { originX, originY } = await this.view();
    const { canvas } = await this.document();
    const { scale } = await this.view();
    const right = originX + canvas.width * scale;
    const bottom = originY + canvas.height * scale;
    const middle = { x: originX + (canvas.width * scale) / 2, y: originY + (canvas.height * scale) / 2 };
    // The middle of each margin the view keeps around the canvas.
    const candidates = [
      { x: (box.x + originX) / 2, y: middle.y },
      { x: middle.x, y: (box.y + originY) / 2 },
      { x: (right + box.x + box.width) / 2, y: middle.y },
      { x: middle.x, y: (bottom + box.y + box.height) / 2 },
    ];
    for (const point of candidates) {
      const onStage = await this.stage.evaluate(
        (stage, { x, y }) => stage.contains(document.elementFromPoint(x, y)),
        point,
      );
      if (onStage && (await this.nodeIdAt(point.x, point.y)) === '') return point;
    }
    throw new Error('no empty workspace around the canvas: every margin has a layer in it');
  }
}
