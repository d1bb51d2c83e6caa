import { intersectRect, type Rect } from './geometry.ts';

export interface Shift {
  x: number;
  y: number;
}

/** Less than any visible fraction of a pixel: screen rectangles come from floating-point view maths. */
const EPSILON = 1e-6;

/**
 * While a layer is dragged, the editor slides the picture drawn before the drag instead of drawing it again.
 * That picture holds only the part of the layer that lay inside the view (`drawn` clipped to `view`, both in
 * screen pixels). True when sliding it by `shift` would leave part of the moved layer inside the view undrawn,
 * so that the layer must be drawn again.
 */
export function shiftRevealsUndrawn(drawn: Rect, view: Rect, shift: Shift): boolean {
  const wanted = intersectRect({ ...drawn, x: drawn.x + shift.x, y: drawn.y + shift.y }, view);
  if (!wanted) return false;
  const painted = intersectRect(drawn, view);
  if (!painted) return true;
  const left = painted.x + shift.x;
  const top = painted.y + shift.y;
  return (
    wanted.x < left - EPSILON ||
    wanted.y < top - EPSILON ||
    wanted.x + wanted.width > left + painted.width + EPSILON ||
    wanted.y + wanted.height > top + painted.height + EPSILON
  );
}
