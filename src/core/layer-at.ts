import type { CompositionDocument, LayerKind } from './document.ts';

/** The layers from the top down: the order a pointer meets them in, and the order Tab steps through them. */
export const LAYERS_TOP_DOWN: readonly LayerKind[] = ['foreground', 'template'];

/**
 * The topmost layer whose rectangle holds a canvas point, or null. Layers are drawn whole, also beyond the
 * canvas edge, so a point outside the canvas can still be on a layer; an edge belongs to the layer (as in Konva).
 */
export function layerAt(document: CompositionDocument, point: { x: number; y: number }): LayerKind | null {
  for (const kind of LAYERS_TOP_DOWN) {
    const layer = document[kind];
    if (!layer) continue;
    if (point.x >= layer.x && point.x <= layer.x + layer.width && point.y >= layer.y && point.y <= layer.y + layer.height) {
      return kind;
    }
  }
  return null;
}
