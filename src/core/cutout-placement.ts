import type { Rect } from './geometry.ts';
import type { Size } from './size.ts';

/**
 * Where a cut-out goes so that its subject stays exactly where the photo showed it: the layer draws the photo
 * (`photo` pixels) over `rect`; the cut-out is the part `crop` of that photo, so it takes the same part of
 * the rectangle. Whole canvas pixels, at least 1.
 */
export function cutoutRect(rect: Rect, photo: Size, crop: Rect): Rect {
  const sx = rect.width / photo.width;
  const sy = rect.height / photo.height;
  const x = Math.round(rect.x + crop.x * sx);
  const y = Math.round(rect.y + crop.y * sy);
  return {
    x,
    y,
    width: Math.max(1, Math.round(rect.x + (crop.x + crop.width) * sx) - x),
    height: Math.max(1, Math.round(rect.y + (crop.y + crop.height) * sy) - y),
  };
}

/** The inverse: the photo's rectangle for a cut-out drawn over `rect` (also after the user moved or scaled it). */
export function photoRect(rect: Rect, photo: Size, crop: Rect): Rect {
  const sx = rect.width / crop.width;
  const sy = rect.height / crop.height;
  const x = Math.round(rect.x - crop.x * sx);
  const y = Math.round(rect.y - crop.y * sy);
  return { x, y, width: Math.max(1, Math.round(photo.width * sx)), height: Math.max(1, Math.round(photo.height * sy)) };
}
