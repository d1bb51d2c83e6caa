/** A point in an image's pixel coordinates: pixel (i, j) covers [i, i+1) x [j, j+1), its centre is (i+0.5, j+0.5). */
export interface ImagePoint {
  x: number;
  y: number;
}

/** RGBA pixels (4 bytes a pixel, alpha last), as ImageData holds them. */
export interface RgbaPixels {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** Where alpha is half: the line between subject and background. */
const HALF = 127.5;

/**
 * Where to look at a cut-out's edge first: on the left side of the subject's box, at its middle height, the
 * point where alpha crosses one half (interpolated between the two pixels on either side, so a soft edge is
 * centred). Outside the image counts as transparent, so a cut-out trimmed flush to its subject has its edge on
 * the image's border. A row with nothing opaque (a gap between two parts) is skipped for the nearest one that
 * has something. Null when no pixel is half opaque: there is no subject.
 */
export function edgeFocusPoint(image: RgbaPixels): ImagePoint | null {
  const { width, height, data } = image;
  const alpha = (x: number, y: number) => (x < 0 ? 0 : data[(y * width + x) * 4 + 3]!);
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (alpha(x, y) <= HALF) continue;
      if (top < 0) top = y;
      bottom = y;
      break;
    }
  }
  if (top < 0) return null;
  const middle = Math.floor((top + bottom) / 2);
  // The middle row, then the rows above and below it in turn.
  for (let offset = 0; offset <= bottom - top; offset += 1) {
    for (const y of offset === 0 ? [middle] : [middle - offset, middle + offset]) {
      if (y < top || y > bottom) continue;
      for (let x = 0; x < width; x += 1) {
        const inside = alpha(x, y);
        if (inside <= HALF) continue;
        const outside = alpha(x - 1, y);
        // Between the centres of pixel x-1 (at x-0.5) and pixel x (at x+0.5).
        return { x: x - 0.5 + (HALF - outside) / (inside - outside), y: y + 0.5 };
      }
    }
  }
  return null;
}
