import { describe, expect, it } from 'vitest';
import { edgeFocusPoint, type RgbaPixels } from './edge-focus.ts';

/** An RGBA image whose alpha is `alphaAt(x, y)`. */
function image(width: number, height: number, alphaAt: (x: number, y: number) => number): RgbaPixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[(y * width + x) * 4 + 3] = alphaAt(x, y);
  return { width, height, data };
}

describe('edgeFocusPoint', () => {
  it('finds the left edge of the subject at the middle of its height', () => {
    // A hard-edged box covering x 10..29, y 4..15: the edge is the boundary at x = 10, the middle row is 9.
    const box = image(40, 20, (x, y) => (x >= 10 && x < 30 && y >= 4 && y < 16 ? 255 : 0));
    expect(edgeFocusPoint(box)).toEqual({ x: 10, y: 9.5 });
  });

  it('puts the point where a soft edge is half opaque', () => {
    // Alpha ramps 0, 64, 128, 192, 255 from x = 5: one half (127.5) lies just before the centre of pixel 7.
    const ramp = [0, 64, 128, 192, 255];
    const soft = image(20, 9, (x) => (x < 5 ? 0 : x < 10 ? ramp[x - 5]! : 255));
    const point = edgeFocusPoint(soft)!;
    expect(point.y).toBe(4.5);
    expect(point.x).toBeCloseTo(6.5 + 63.5 / 64, 6);
  });

  it('counts the outside of the image as transparent: a cut-out trimmed flush has its edge on the border', () => {
    expect(edgeFocusPoint(image(8, 8, () => 255))).toEqual({ x: -0.5 + 127.5 / 255, y: 3.5 });
  });

  it('follows the subject, not the image: a subject in the lower right', () => {
    const disc = image(100, 100, (x, y) => (Math.hypot(x + 0.5 - 70, y + 0.5 - 70) < 20 ? 255 : 0));
    const point = edgeFocusPoint(disc)!;
    // The disc's left edge at its centre row: about x = 50.
    expect(point.y).toBe(69.5);
    expect(Math.abs(point.x - 50)).toBeLessThanOrEqual(1);
  });

  it('skips a gap in the middle of the subject for the nearest row that has something', () => {
    // Two bars, rows 0..3 and 8..11, nothing between: the middle row (5) is empty; row 4 is too, row 3 is not.
    const bars = image(10, 12, (x, y) => (x >= 2 && (y < 4 || y >= 8) ? 255 : 0));
    expect(edgeFocusPoint(bars)).toEqual({ x: 2, y: 3.5 });
  });

  it('answers null when nothing is even half opaque', () => {
    expect(edgeFocusPoint(image(10, 10, () => 100))).toBeNull();
  });
});
