import type { Size } from './size.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when the two rectangles share some area (touching edges share none; an empty rectangle has none). */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  if (a.width <= 0 || a.height <= 0 || b.width <= 0 || b.height <= 0) return false;
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The part of `rect` inside `bounds`, or null when nothing is. */
export function intersectRect(rect: Rect, bounds: Rect): Rect | null {
  const x = Math.max(rect.x, bounds.x);
  const y = Math.max(rect.y, bounds.y);
  const right = Math.min(rect.x + rect.width, bounds.x + bounds.width);
  const bottom = Math.min(rect.y + rect.height, bounds.y + bounds.height);
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
}

/** Largest integer size with the source's aspect ratio that fits inside `box` (at least 1x1). */
export function fitSize(source: Size, box: Size): Size {
  const scale = Math.min(box.width / source.width, box.height / source.height);
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
}

/** Smallest integer size with the source's aspect ratio that covers `box` entirely. */
export function coverSize(source: Size, box: Size): Size {
  const scale = Math.max(box.width / source.width, box.height / source.height);
  return {
    width: Math.max(box.width, Math.round(source.width * scale)),
    height: Math.max(box.height, Math.round(source.height * scale)),
  };
}

/** Math.round without its -0 (Math.round(-0.5) is -0), which would leak into documents and requests. */
function roundInteger(value: number): number {
  return Math.round(value) + 0;
}

/** A rectangle of `size` centred on `box`, on integer pixels. */
export function centreIn(size: Size, box: Size): Rect {
  return {
    x: roundInteger((box.width - size.width) / 2),
    y: roundInteger((box.height - size.height) / 2),
    width: size.width,
    height: size.height,
  };
}

/** Placement of a background image: cover the whole canvas, centred. */
export function coverPlacement(source: Size, canvas: Size): Rect {
  return centreIn(coverSize(source, canvas), canvas);
}

/** Fraction of the shorter canvas side kept free around a foreground placed by `fitPlacement`. */
export const FIT_MARGIN_RATIO = 0.05;

/** Placement of a foreground: as large as fits inside the canvas less a margin, centred. */
export function fitPlacement(source: Size, canvas: Size, marginRatio = FIT_MARGIN_RATIO): Rect {
  const margin = Math.round(Math.min(canvas.width, canvas.height) * marginRatio);
  const box = { width: Math.max(1, canvas.width - 2 * margin), height: Math.max(1, canvas.height - 2 * margin) };
  return centreIn(fitSize(source, box), canvas);
}

/** How a canvas is shown in a box on screen: CSS pixels per canvas pixel, and where canvas (0,0) lands. */
export interface ViewTransform {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** The view that shows the whole canvas centred in `box`, keeping `margin` CSS pixels free on every side. */
export function fitView(canvas: Size, box: Size, margin: number): ViewTransform {
  const usableWidth = Math.max(1, box.width - 2 * margin);
  const usableHeight = Math.max(1, box.height - 2 * margin);
  const scale = Math.min(usableWidth / canvas.width, usableHeight / canvas.height);
  return {
    scale,
    offsetX: (box.width - canvas.width * scale) / 2,
    offsetY: (box.height - canvas.height * scale) / 2,
  };
}
