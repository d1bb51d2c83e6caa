import { expect, type Locator, type Page } from '@playwright/test';
import type Konva from 'konva';
import type { CompositionDocument, RequestDraft } from '../../src/core/index.ts';
import type { EditorTestHandle } from '../../src/app/test-handle.ts';
import { CanvasArea } from './canvas-area.ts';
import { ContextMenu } from './context-menu.ts';
import { DraftStorage } from './draft-storage.ts';
import { KeyboardFocus } from './keyboard-focus.ts';
import { KonvaNodes } from './konva-nodes.ts';
import { LayerImages } from './layer-images.ts';
import { RequestPanel } from './request-panel.ts';

export type EditorWindow = Window & { __editor: EditorTestHandle };

/**
 * The editor as a user (and a test) sees it: elements are found by data-testid only; what the canvas holds is
 * read through the read-only `window.__editor` handle of test builds. The parts of the page have page objects
 * of their own, composed here: `images` (the layers' images), `canvas` (the canvas under the mouse), `nodes`
 * (what Konva draws), `requestPanel`, `menu` (the context menu), `keys` (keyboard and focus), `drafts`.
 */
export class EditorPage {
  readonly stage: Locator;
  readonly images: LayerImages;
  readonly canvas: CanvasArea;
  readonly nodes: KonvaNodes;
  readonly requestPanel: RequestPanel;
  readonly menu: ContextMenu;
  readonly keys: KeyboardFocus;
  readonly drafts: DraftStorage;

  constructor(readonly page: Page) {
    this.stage = page.getByTestId('canvas-stage');
    this.images = new LayerImages(this);
    this.canvas = new CanvasArea(this);
    this.nodes = new KonvaNodes(page);
    this.requestPanel = new RequestPanel(this);
    this.menu = new ContextMenu(this);
    this.keys = new KeyboardFocus(this);
    this.drafts = new DraftStorage(this);
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
    await this.waitForStage();
    // The view is fitted once the stage box is measured; before that it is the identity.
    await expect.poll(async () => (await this.view()).scale).toBeLessThan(1);
    await expect(this.byTestId('canvas-hint')).toBeVisible();
  }

  /** Waits until the canvas is on screen and Konva has its one stage (after a load or reload). */
  async waitForStage(): Promise<void> {
    await expect(this.stage).toBeVisible();
    await expect
      .poll(() => this.page.evaluate(() => (window as unknown as { Konva?: typeof Konva }).Konva?.stages.length ?? 0))
      .toBe(1);
  }

  /** Types a value into an inspector field (a layer card's, the canvas size's) and commits it with Enter. */
  async fillField(testId: string, value: string | number): Promise<void> {
    const field = this.byTestId(testId);
    await field.fill(String(value));
    await field.press('Enter');
  }

  // --- window.__editor: the state behind the page -----------------------------------------------------------

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
}
