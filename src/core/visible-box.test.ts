import { describe, expect, it } from 'vitest';
import { boxInImage, visibleBox } from './visible-box.ts';

/** RGBA data of `width` x `height`, transparent but for `alpha` at each listed pixel. */
function pixels(width: number, height: number, opaque: Array<[number, number, number]>): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (const [x, y, alpha] of opaque) data[(y * width + x) * 4 + 3] = alpha;
  return data;
}

describe('visibleBox', () => {
  it('is the box of the pixels at least 2/255 opaque', () => {
    expect(visibleBox(pixels(10, 8, [[2, 3, 255], [6, 5, 2], [9, 7, 1]]), 10, 8)).toEqual({ x: 2, y: 3, width: 5, height: 3 });
  });

  it('is null for a fully transparent image, and the whole image for an opaque one', () => {
    expect(visibleBox(pixels(4, 4, []), 4, 4)).toBeNull();
    expect(visibleBox(new Uint8Array(4 * 3 * 4).fill(255), 4, 3)).toEqual({ x: 0, y: 0, width: 4, height: 3 });
  });
});

describe('boxInImage', () => {
  it('is exact at the same size and rounds inwards when scaling up', () => {
    const box = { x: 10, y: 20, width: 30, height: 40 };
    expect(boxInImage(box, { width: 100, height: 100 }, { width: 100, height: 100 })).toEqual(box);
    // x 10 * 1.5 = 15, right 40 * 1.5 = 60; y 20 * 1.25 = 25, bottom 60 * 1.25 = 75.
    expect(boxInImage(box, { width: 100, height: 100 }, { width: 150, height: 125 })).toEqual({ x: 15, y: 25, width: 45, height: 50 });
    // 3 * 1.7 = 5.1 -> 6; (3 + 4) * 1.7 = 11.9 -> 11.
    expect(boxInImage({ x: 3, y: 0, width: 4, height: 1 }, { width: 10, height: 1 }, { width: 17, height: 1 })).toEqual({ x: 6, y: 0, width: 5, height: 1 });
  });
});
