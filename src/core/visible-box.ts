import type { Rect } from './geometry.ts';
import type { Size } from './size.ts';

/** Alpha from which a pixel is part of the subject: about 2/255, the threshold the server's cut-outs trim at. */
export const VISIBLE_ALPHA = 2;

/**
 * The box of the pixels at least `minAlpha` opaque, or null when there is none. `channels` is how many values
 * each pixel has, alpha last: 4 for RGBA, 1 for an alpha plane alone.
 */
export function visibleBox(pixels: ArrayLike<number>, width: number, height: number, minAlpha = VISIBLE_ALPHA, channels = 4): Rect | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y += 1) {
    let offset = y * width * channels + channels - 1;
    for (let x = 0; x < width; x += 1, offset += channels) {
      if (pixels[offset]! < minAlpha) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? null : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * A box found on a downscaled copy (`from` pixels) in the image's own pixels (`to`), rounded inwards: the
 * subject is then never thought larger than it is, so a product fitted to a marketplace's minimum fill meets
 * it in the render too. Exact when the sizes are equal.
 */
export function boxInImage(box: Rect, from: Size, to: Size): Rect {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  const x = Math.ceil(box.x * sx - 1e-9) + 0; // + 0: no -0 in documents
  const y = Math.ceil(box.y * sy - 1e-9) + 0;
  const right = Math.max(x + 1, Math.floor((box.x + box.width) * sx + 1e-9));
  const bottom = Math.max(y + 1, Math.floor((box.y + box.height) * sy + 1e-9));
  return { x, y, width: right - x, height: bottom - y };
}
