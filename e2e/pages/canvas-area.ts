import sharp from 'sharp';
import { expect } from '@playwright/test';
import type { LayerKind } from '../../src/core/index.ts';
import type { EditorPage } from './editor-page.ts';

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The canvas on screen as a mouse uses it: where the layers are, selecting, dragging and resizing them, the
 * workspace around the canvas, the snap guides, the zoom the toolbar shows, the colours the page shows. */
export class CanvasArea {
  constructor(private readonly editor: EditorPage) {}

  /** Where a layer should be on screen (client CSS px), from the document and the view. */
  async layerScreenRect(kind: LayerKind): Promise<ScreenRect> {
    const [document, view] = [await this.editor.document(), await this.editor.view()];
    const layer = document[kind];
    if (!layer) throw new Error(`there is no ${kind} layer`);
    return {
      x: view.originX + layer.x * view.scale,
      y: view.originY + layer.y * view.scale,
      width: layer.width * view.scale,
      height: layer.height * view.scale,
    };
  }

  /** The middle of a layer's part inside the canvas on screen, checked to be that layer under the pointer. */
  async layerPoint(kind: LayerKind): Promise<{ x: number; y: number }> {
    const rect = await this.layerScreenRect(kind);
    const { originX, originY, scale } = await this.editor.view();
    const { canvas } = await this.editor.document();
    const left = Math.max(rect.x, originX);
    const top = Math.max(rect.y, originY);
    const right = Math.min(rect.x + rect.width, originX + canvas.width * scale);
    const bottom = Math.min(rect.y + rect.height, originY + canvas.height * scale);
    const point = { x: (left + right) / 2, y: (top + bottom) / 2 };
    expect(await this.editor.nodes.idAt(point.x, point.y), `the ${kind} is under the pointer`).toBe(`layer-${kind}`);
    return point;
  }

  /** Selects a layer through its card, and waits until the handles are on it. */
  async select(kind: LayerKind): Promise<void> {
    if ((await this.editor.selection()) !== kind) await this.editor.byTestId(`select-${kind}`).click();
    await expect.poll(() => this.editor.selection()).toBe(kind);
    await expect.poll(() => this.editor.nodes.transformedIds()).toEqual([`layer-${kind}`]);
  }

  /** Presses the mouse at `from`, moves it by (dx, dy) in small steps, and releases it. */
  async drag(from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
    const { mouse } = this.editor.page;
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
    const before = (await this.editor.document())[kind];
    const rect = await this.layerScreenRect(kind);
    const grab = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    expect(await this.editor.nodes.idAt(grab.x, grab.y), `the ${kind} is under the pointer`).toBe(`layer-${kind}`);
    await this.drag(grab, dx, dy);
    await expect
      .poll(async () => {
        const after = (await this.editor.document())[kind];
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
    const before = (await this.editor.document())[kind];
    const rect = await this.layerScreenRect(kind);
    const handle = {
      x: corner.endsWith('left') ? rect.x : rect.x + rect.width,
      y: corner.startsWith('top') ? rect.y : rect.y + rect.height,
    };
    const { keyboard } = this.editor.page;
    if (options.shift) await keyboard.down('Shift');
    try {
      await this.drag(handle, dx, dy);
    } finally {
      if (options.shift) await keyboard.up('Shift');
    }
    await expect
      .poll(async () => {
        const after = (await this.editor.document())[kind];
        return after?.width !== before?.width || after?.height !== before?.height;
      })
      .toBe(true);
  }

  /** The snap guides drawn now, as the lines they are on (canvas pixels): x for vertical ones, y for horizontal. */
  async snapGuides(): Promise<Array<{ axis: 'x' | 'y'; position: number }>> {
    const guides = await this.editor.byTestId('snap-guide').all();
    return Promise.all(
      guides.map(async (guide) => ({
        axis: (await guide.getAttribute('data-axis')) as 'x' | 'y',
        position: Number(await guide.getAttribute('data-position')),
      })),
    );
  }

  /** The colour the page shows at a client point (CSS px), as the user sees it: from a screenshot. */
  async shownColourAt(x: number, y: number): Promise<{ r: number; g: number; b: number }> {
    const png = await this.editor.page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 }, scale: 'css' });
    const [r, g, b] = await sharp(png).removeAlpha().raw().toBuffer();
    return { r: r!, g: g!, b: b! };
  }

  /** The zoom the toolbar shows, in percent ("18 %" gives 18). */
  async zoomPercent(): Promise<number> {
    const text = (await this.editor.byTestId('zoom-level').textContent()) ?? '';
    const match = /^(\d+)\s*%$/.exec(text.trim());
    if (!match) throw new Error(`not a zoom level: "${text}"`);
    return Number(match[1]);
  }

  /** Clicks the workspace around the canvas at a point where no layer is (a layer may overflow the canvas). */
  async clickWorkspace(options: { button?: 'left' | 'right' } = {}): Promise<void> {
    const point = await this.emptyWorkspacePoint();
    await this.editor.page.mouse.click(point.x, point.y, options);
  }

  /** A point of the workspace around the canvas where no layer is, nor anything over the canvas (the toolbar). */
  async emptyWorkspacePoint(): Promise<{ x: number; y: number }> {
    const { stage } = this.editor;
    const box = await stage.boundingBox();
    if (!box) throw new Error('the canvas stage is not on screen');
    const { originX, originY, scale } = await this.editor.view();
    const { canvas } = await this.editor.document();
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
      const onStage = await stage.evaluate((element, { x, y }) => element.contains(document.elementFromPoint(x, y)), point);
      if (onStage && (await this.editor.nodes.idAt(point.x, point.y)) === '') return point;
    }
    throw new Error('no empty workspace around the canvas: every margin has a layer in it');
  }
}
