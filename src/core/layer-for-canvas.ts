import type { Rect } from './geometry.ts';
import type { Size } from './size.ts';

/** How a layer sits on its canvas, which decides how it follows a change of canvas size. */
export type CanvasRelation = 'covers' | 'inside' | 'other';

/** 'covers' when the layer contains the whole canvas, 'inside' when the canvas contains the whole layer (edges may touch). */
export function canvasRelation(rect: Rect, canvas: Size): CanvasRelation {
  const right = rect.x + rect.width;
  const bottom = rect.y + rect.height;
  if (rect.x <= 0 && rect.y <= 0 && right >= canvas.width && bottom >= canvas.height) return 'covers';
  if (rect.x >= 0 && rect.y >= 0 && right <= canvas.width && bottom <= canvas.height) return 'inside';
  return 'other';
}

/** Scale at which the source just covers the canvas, and at which it just fits inside it. */
const coverScale = (source: Size, canvas: Size) => Math.max(canvas.width / source.width, canvas.height / source.height);
const fitScale = (source: Size, canvas: Size) => Math.min(canvas.width / source.width, canvas.height / source.height);

/**
 * Where a layer goes on one axis of the new canvas: its centre at the same fraction of the canvas; a covering
 * layer then kept covering and one inside kept inside, and an edge such a layer touched (a product standing on
 * the bottom edge, a background aligned to one side) still touched.
 */
function placeOnAxis(relation: CanvasRelation, offset: number, size: number, fromLength: number, newSize: number, toLength: number): number {
  const touchesStart = offset === 0;
  const touchesEnd = offset + size === fromLength;
  if (relation !== 'other' && touchesStart !== touchesEnd) return touchesStart ? 0 : toLength - newSize;
  const placed = Math.round(((offset + size / 2) / fromLength) * toLength - newSize / 2);
  const room = toLength - newSize; // <= 0 for a covering layer, >= 0 for one inside
  if (relation === 'covers') return Math.min(0, Math.max(room, placed)) + 0;
  if (relation === 'inside') return Math.min(room, Math.max(0, placed)) + 0;
  return placed + 0;
}

/**
 * A layer's rectangle on a canvas resized from `from` to `to`; `source` is its image's natural size.
 * - A layer that covered the canvas keeps covering it: its size keeps its ratio to the size that just covers
 *   (cover size), its centre its relative position, moved as little as covering needs.
 * - A layer inside the canvas stays inside: its size keeps its ratio to the size that just fits (fit size), its
 *   centre its relative position, moved as little as staying inside needs.
 * - Any other layer keeps its size relative to the fit size and its centre's relative position.
 * Covering and inside layers keep touching the edges they touched. The layer's own aspect ratio is kept, to
 * rounding. Whole pixels; each side at least 1.
 */
export function layerForCanvas(rect: Rect, source: Size, from: Size, to: Size): Rect {
  const relation = canvasRelation(rect, from);
  let factor = fitScale(source, to) / fitScale(source, from);
  // A layer stretched by hand may need a little more (or less) than the ratio to cover (or fit) the new shape.
  if (relation === 'covers') factor = Math.max(coverScale(source, to) / coverScale(source, from), to.width / rect.width, to.height / rect.height);
  if (relation === 'inside') factor = Math.min(factor, to.width / rect.width, to.height / rect.height);
  let width = Math.max(1, Math.round(rect.width * factor));
  let height = Math.max(1, Math.round(rect.height * factor));
  if (relation === 'covers') [width, height] = [Math.max(to.width, width), Math.max(to.height, height)];
  if (relation === 'inside') [width, height] = [Math.min(to.width, width), Math.min(to.height, height)];
  return {
    x: placeOnAxis(relation, rect.x, rect.width, from.width, width, to.width),
    y: placeOnAxis(relation, rect.y, rect.height, from.height, height, to.height),
    width,
    height,
  };
}
