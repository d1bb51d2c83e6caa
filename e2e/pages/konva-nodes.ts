import type { Page } from '@playwright/test';
import type Konva from 'konva';
import type { LayerKind } from '../../src/core/index.ts';
import type { ScreenRect } from './canvas-area.ts';

type KonvaWindow = Window & { Konva: typeof Konva };

/** What Konva draws, read from its own stage in the page: the layers' nodes, what the pointer would hit, the
 * transformer. A layer's node has the id `layer-<kind>`. */
export class KonvaNodes {
  constructor(private readonly page: Page) {}

  /** Where Konva actually draws a layer's node (client CSS px), or null when there is no node. */
  screenRect(kind: LayerKind): Promise<ScreenRect | null> {
    return this.page.evaluate((id) => {
      const stage = (window as unknown as KonvaWindow).Konva.stages[0];
      const node = stage?.findOne(`#${id}`);
      if (!stage || !node) return null;
      const box = stage.container().getBoundingClientRect();
      const rect = node.getClientRect();
      return { x: box.left + rect.x, y: box.top + rect.y, width: rect.width, height: rect.height };
    }, `layer-${kind}`);
  }

  /** The Konva class of a layer's node: 'Image' once its picture is drawn, 'Rect' while a placeholder. */
  className(kind: LayerKind): Promise<string | null> {
    return this.page.evaluate((id) => {
      return (window as unknown as KonvaWindow).Konva.stages[0]?.findOne(`#${id}`)?.getClassName() ?? null;
    }, `layer-${kind}`);
  }

  /** Whether the Konva node of a layer draws a decoded picture (an Image node with a non-empty image). */
  hasImage(kind: LayerKind): Promise<boolean> {
    return this.page.evaluate((id) => {
      const node = (window as unknown as KonvaWindow).Konva.stages[0]?.findOne(`#${id}`);
      if (!node || node.getClassName() !== 'Image') return false;
      const image = (node as Konva.Image).image() as { width?: number; height?: number } | undefined;
      return Boolean(image && (image.width ?? 0) > 0 && (image.height ?? 0) > 0);
    }, `layer-${kind}`);
  }

  /** The id of the Konva node the pointer would hit at a client point ('' for none). */
  idAt(x: number, y: number): Promise<string> {
    return this.page.evaluate(
      ({ x, y }) => {
        const stage = (window as unknown as KonvaWindow).Konva.stages[0];
        if (!stage) return '';
        const box = stage.container().getBoundingClientRect();
        return stage.getIntersection({ x: x - box.left, y: y - box.top })?.id() ?? '';
      },
      { x, y },
    );
  }

  /** The ids of the nodes the transformer is attached to. */
  transformedIds(): Promise<string[]> {
    return this.page.evaluate(() => {
      const transformer = (window as unknown as KonvaWindow).Konva.stages[0]?.findOne('Transformer') as Konva.Transformer | undefined;
      return transformer?.nodes().map((node) => node.id()) ?? [];
    });
  }
}
