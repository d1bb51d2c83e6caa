import { expect, type Locator } from '@playwright/test';
import type { LayerKind } from '../../src/core/index.ts';
import type { EditorPage } from './editor-page.ts';

/** The canvas's context menu: opened by a right click or a long press, its items by action id. */
export class ContextMenu {
  readonly root: Locator;

  constructor(private readonly editor: EditorPage) {
    this.root = editor.byTestId('context-menu');
  }

  /** An item of the open menu, by the id of its action ("place-fit", "remove-layer"). */
  item(actionId: string): Locator {
    return this.root.getByTestId(`menu-${actionId}`);
  }

  /** Right-clicks a layer on the canvas; resolves once its menu is open. */
  async rightClickLayer(kind: LayerKind): Promise<void> {
    const point = await this.editor.canvas.layerPoint(kind);
    await this.editor.page.mouse.click(point.x, point.y, { button: 'right' });
    await expect(this.root).toBeVisible();
  }

  /**
   * Opens the menu as a long press on a touch screen does: a DOM `contextmenu` event sent to the element under
   * the finger, bubbling (the contract with the touch handling).
   */
  async sendContextMenuEvent(point: { x: number; y: number }): Promise<void> {
    await this.editor.page.evaluate(({ x, y }) => {
      const target = document.elementFromPoint(x, y);
      if (!target) throw new Error(`no element at ${x},${y}`);
      target.dispatchEvent(new MouseEvent('contextmenu', { clientX: x, clientY: y, bubbles: true, cancelable: true }));
    }, point);
    await expect(this.root).toBeVisible();
  }
}
