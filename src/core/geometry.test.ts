import { describe, expect, it } from 'vitest';
import {
  FIT_MARGIN_RATIO,
  centreIn,
  coverPlacement,
  coverSize,
  fitPlacement,
  fitSize,
  fitView,
  intersectRect,
  rectsOverlap,
  type Rect,
} from './geometry.ts';
import type { Size } from './size.ts';

const size = (width: number, height: number): Size => ({ width, height });

/** Sources and canvases of every shape: square, landscape, portrait, extreme, tiny, odd. */
const SOURCES: Size[] = [
  size(1000, 1000),
  size(4000, 3000),
  size(3000, 4000),
  size(1920, 1080),
  size(1080, 1920),
  size(3031, 2894),
  size(10000, 1),
  size(1, 10000),
  size(7, 3),
  size(1, 1),
  size(6000, 4001),
];
/** Keeping the aspect ratio within 1px: each side is the source side times one common scale, give or take a
 * pixel of rounding (a side that would be under one pixel is one pixel). */
function expectScaledWithinAPixel(result: Size, source: Size, scale: number) {
  expect(Math.abs(result.width - source.width * scale)).toBeLessThanOrEqual(1);
  expect(Math.abs(result.height - source.height * scale)).toBeLessThanOrEqual(1);
}

const CANVASES: Size[] = [size(3840, 3840), size(1920, 1080), size(1080, 1920), size(1000, 333), size(8192, 17), size(101, 99), size(10, 10)];

describe('rectsOverlap', () => {
  const canvas: Rect = { x: 0, y: 0, width: 100, height: 100 };

  it('is true when the rectangles share area', () => {
    expect(rectsOverlap({ x: 10, y: 10, width: 20, height: 20 }, canvas)).toBe(true);
    expect(rectsOverlap({ x: -50, y: -50, width: 300, height: 300 }, canvas)).toBe(true);
    expect(rectsOverlap(canvas, canvas)).toBe(true);
  });

  it('is true for a single pixel of overlap on every side', () => {
    expect(rectsOverlap({ x: 99, y: 0, width: 10, height: 10 }, canvas)).toBe(true);
    expect(rectsOverlap({ x: -9, y: 0, width: 10, height: 10 }, canvas)).toBe(true);
    expect(rectsOverlap({ x: 0, y: 99, width: 10, height: 10 }, canvas)).toBe(true);
    expect(rectsOverlap({ x: 0, y: -9, width: 10, height: 10 }, canvas)).toBe(true);
    expect(rectsOverlap({ x: -9, y: -9, width: 10, height: 10 }, canvas)).toBe(true);
  });

  it('is false when the rectangles only touch along an edge or at a corner', () => {
    expect(rectsOverlap({ x: 100, y: 0, width: 10, height: 10 }, canvas)).toBe(false);
    expect(rectsOverlap({ x: -10, y: 0, width: 10, height: 10 }, canvas)).toBe(false);
    expect(rectsOverlap({ x: 0, y: 100, width: 10, height: 10 }, canvas)).toBe(false);
    expect(rectsOverlap({ x: 0, y: -10, width: 10, height: 10 }, canvas)).toBe(false);
    expect(rectsOverlap({ x: 100, y: 100, width: 10, height: 10 }, canvas)).toBe(false);
    expect(rectsOverlap({ x: -10, y: -10, width: 10, height: 10 }, canvas)).toBe(false);
  });

  it('is false when the rectangles are apart, whichever way round they are given', () => {
    const far = { x: 500, y: 500, width: 10, height: 10 };
    expect(rectsOverlap(far, canvas)).toBe(false);
    expect(rectsOverlap(canvas, far)).toBe(false);
    // overlapping in x only, or in y only, is not overlapping
    expect(rectsOverlap({ x: 10, y: 200, width: 10, height: 10 }, canvas)).toBe(false);
    expect(rectsOverlap({ x: 200, y: 10, width: 10, height: 10 }, canvas)).toBe(false);
  });

  it('is false for an empty rectangle, even one lying inside the other (it has no area)', () => {
    expect(rectsOverlap({ x: 5, y: 5, width: 0, height: 0 }, canvas)).toBe(false);
    expect(rectsOverlap({ x: 5, y: 5, width: 0, height: 10 }, canvas)).toBe(false);
    expect(rectsOverlap(canvas, { x: 5, y: 5, width: 10, height: 0 })).toBe(false);
  });

  it('agrees with intersectRect', () => {
    const rects: Rect[] = [];
    for (const x of [-20, -10, -9, 0, 50, 99, 100]) {
      for (const y of [-20, -10, 0, 99, 100]) rects.push({ x, y, width: 10, height: 10 });
    }
    for (const rect of rects) expect(rectsOverlap(rect, canvas)).toBe(intersectRect(rect, canvas) !== null);
  });
});

describe('intersectRect', () => {
  it('clips a layer hanging over the top-left corner (the third Akool example)', () => {
    expect(intersectRect({ x: -72, y: -84, width: 3062, height: 3828 }, { x: 0, y: 0, width: 3840, height: 3840 })).toEqual({
      x: 0,
      y: 0,
      width: 2990,
      height: 3744,
    });
  });

  it('clips a layer hanging over the bottom-right corner', () => {
    expect(intersectRect({ x: 2049, y: -6, width: 3828, height: 3828 }, { x: 0, y: 0, width: 3840, height: 3840 })).toEqual({
      x: 2049,
      y: 0,
      width: 1791,
      height: 3822,
    });
  });

  it('returns the rectangle itself when it lies inside the bounds', () => {
    expect(intersectRect({ x: 388, y: 8, width: 3060, height: 3824 }, { x: 0, y: 0, width: 3840, height: 3840 })).toEqual({
      x: 388,
      y: 8,
      width: 3060,
      height: 3824,
    });
  });

  it('returns the bounds when the rectangle covers them, with bounds not at the origin', () => {
    expect(intersectRect({ x: 0, y: 0, width: 100, height: 100 }, { x: 10, y: 20, width: 30, height: 40 })).toEqual({
      x: 10,
      y: 20,
      width: 30,
      height: 40,
    });
  });

  it('returns a single pixel for a single pixel of overlap', () => {
    expect(intersectRect({ x: 99, y: 99, width: 10, height: 10 }, { x: 0, y: 0, width: 100, height: 100 })).toEqual({
      x: 99,
      y: 99,
      width: 1,
      height: 1,
    });
  });

  it('returns null when the rectangles only touch or are apart', () => {
    const bounds = { x: 0, y: 0, width: 100, height: 100 };
    expect(intersectRect({ x: 100, y: 0, width: 10, height: 10 }, bounds)).toBeNull();
    expect(intersectRect({ x: 0, y: -10, width: 10, height: 10 }, bounds)).toBeNull();
    expect(intersectRect({ x: 500, y: 500, width: 10, height: 10 }, bounds)).toBeNull();
    expect(intersectRect({ x: 10, y: 10, width: 0, height: 10 }, bounds)).toBeNull();
  });
});

describe('fitSize', () => {
  it.each([
    [size(4000, 3000), size(1000, 1000), size(1000, 750)],
    [size(3000, 4000), size(1000, 1000), size(750, 1000)],
    [size(1000, 1000), size(1920, 1080), size(1080, 1080)],
    [size(1920, 1080), size(3840, 3840), size(3840, 2160)],
    [size(1080, 1920), size(1920, 1080), size(608, 1080)],
    [size(1000, 333), size(500, 500), size(500, 167)],
    [size(10000, 1), size(100, 100), size(100, 1)],
    [size(1, 10000), size(100, 100), size(1, 100)],
    [size(3840, 3840), size(3840, 3840), size(3840, 3840)],
  ])('fits %o into %o as %o', (source, box, expected) => {
    expect(fitSize(source, box)).toEqual(expected);
  });

  it('scales small images up to the box as well as large ones down', () => {
    expect(fitSize(size(100, 50), size(1000, 1000))).toEqual(size(1000, 500));
  });

  it('always fits inside the box, touches it on one side and keeps the aspect ratio within a pixel', () => {
    for (const source of SOURCES) {
      for (const box of CANVASES) {
        const fitted = fitSize(source, box);
        expect(Number.isInteger(fitted.width) && Number.isInteger(fitted.height)).toBe(true);
        expect(fitted.width).toBeGreaterThanOrEqual(1);
        expect(fitted.height).toBeGreaterThanOrEqual(1);
        expect(fitted.width).toBeLessThanOrEqual(box.width);
        expect(fitted.height).toBeLessThanOrEqual(box.height);
        expect(fitted.width === box.width || fitted.height === box.height).toBe(true);
        expectScaledWithinAPixel(fitted, source, Math.min(box.width / source.width, box.height / source.height));
      }
    }
  });
});

describe('coverSize', () => {
  it.each([
    [size(4000, 3000), size(1000, 1000), size(1333, 1000)],
    [size(3000, 4000), size(1000, 1000), size(1000, 1333)],
    [size(3000, 4000), size(3840, 2160), size(3840, 5120)],
    [size(1920, 1080), size(3840, 3840), size(6827, 3840)],
    [size(1000, 1000), size(1920, 1080), size(1920, 1920)],
    [size(3840, 3840), size(3840, 3840), size(3840, 3840)],
  ])('covers %o with %o as %o', (source, box, expected) => {
    expect(coverSize(source, box)).toEqual(expected);
  });

  it('always covers the box, matches it on one side and keeps the aspect ratio within a pixel', () => {
    for (const source of SOURCES) {
      for (const box of CANVASES) {
        const covered = coverSize(source, box);
        expect(Number.isInteger(covered.width) && Number.isInteger(covered.height)).toBe(true);
        expect(covered.width).toBeGreaterThanOrEqual(box.width);
        expect(covered.height).toBeGreaterThanOrEqual(box.height);
        expect(covered.width === box.width || covered.height === box.height).toBe(true);
        expectScaledWithinAPixel(covered, source, Math.max(box.width / source.width, box.height / source.height));
      }
    }
  });
});

describe('centreIn', () => {
  it('centres a smaller size', () => {
    expect(centreIn(size(100, 50), size(200, 200))).toEqual({ x: 50, y: 75, width: 100, height: 50 });
    expect(centreIn(size(3060, 3824), size(3840, 3840))).toEqual({ x: 390, y: 8, width: 3060, height: 3824 });
  });

  it('centres a larger size at negative offsets', () => {
    expect(centreIn(size(6827, 3840), size(3840, 3840))).toEqual({ x: -1493, y: 0, width: 6827, height: 3840 });
  });

  it('puts odd differences on integer pixels', () => {
    expect(centreIn(size(7, 8), size(10, 10))).toEqual({ x: 2, y: 1, width: 7, height: 8 });
    expect(centreIn(size(13, 12), size(10, 10))).toEqual({ x: -1, y: -1, width: 13, height: 12 });
  });

  it('never gives -0 (Math.round(-0.5) is -0), which would not equal 0 in a document', () => {
    const rect = centreIn(size(11, 11), size(10, 10));
    expect(Object.is(rect.x, 0)).toBe(true);
    expect(Object.is(rect.y, 0)).toBe(true);
    expect(rect).toStrictEqual({ x: 0, y: 0, width: 11, height: 11 });
  });
});

describe('coverPlacement', () => {
  it('covers a square canvas with a landscape image, centred', () => {
    expect(coverPlacement(size(1920, 1080), size(3840, 3840))).toEqual({ x: -1493, y: 0, width: 6827, height: 3840 });
  });

  it('covers a landscape canvas with a portrait image, centred', () => {
    expect(coverPlacement(size(3000, 4000), size(3840, 2160))).toEqual({ x: 0, y: -1480, width: 3840, height: 5120 });
  });

  it('really covers every canvas: x <= 0, y <= 0, x + width >= W, y + height >= H', () => {
    for (const source of SOURCES) {
      for (const canvas of CANVASES) {
        const rect = coverPlacement(source, canvas);
        expect(rect.x).toBeLessThanOrEqual(0);
        expect(rect.y).toBeLessThanOrEqual(0);
        expect(rect.x + rect.width).toBeGreaterThanOrEqual(canvas.width);
        expect(rect.y + rect.height).toBeGreaterThanOrEqual(canvas.height);
        expect(Object.is(rect.x, -0) || Object.is(rect.y, -0)).toBe(false);
        // centred within a pixel
        expect(Math.abs(-rect.x - (rect.x + rect.width - canvas.width))).toBeLessThanOrEqual(1);
        expect(Math.abs(-rect.y - (rect.y + rect.height - canvas.height))).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('fitPlacement', () => {
  it('keeps 5% of the shorter canvas side free by default', () => {
    expect(FIT_MARGIN_RATIO).toBe(0.05);
    // margin 192, box 3456x3456
    expect(fitPlacement(size(1920, 1080), size(3840, 3840))).toEqual({ x: 192, y: 948, width: 3456, height: 1944 });
  });

  it('places a square image on a landscape canvas', () => {
    // margin round(1080 * 0.05) = 54, box 1812x972
    expect(fitPlacement(size(1000, 1000), size(1920, 1080))).toEqual({ x: 474, y: 54, width: 972, height: 972 });
  });

  it('places a portrait image on a portrait canvas', () => {
    // margin 54, box 972x1812; 3000x4000 -> 972x1296
    expect(fitPlacement(size(3000, 4000), size(1080, 1920))).toEqual({ x: 54, y: 312, width: 972, height: 1296 });
  });

  it('takes another margin ratio, 0 meaning edge to edge', () => {
    expect(fitPlacement(size(1000, 500), size(1000, 1000), 0)).toEqual({ x: 0, y: 250, width: 1000, height: 500 });
    expect(fitPlacement(size(1000, 1000), size(1000, 1000), 0.1)).toEqual({ x: 100, y: 100, width: 800, height: 800 });
  });

  it('really fits inside the canvas less the margin and keeps the aspect ratio within 1px', () => {
    for (const source of SOURCES) {
      for (const canvas of CANVASES) {
        const margin = Math.round(Math.min(canvas.width, canvas.height) * FIT_MARGIN_RATIO);
        const rect = fitPlacement(source, canvas);
        const box = size(canvas.width - 2 * margin, canvas.height - 2 * margin);
        expect(rect.x).toBeGreaterThanOrEqual(margin);
        expect(rect.y).toBeGreaterThanOrEqual(margin);
        expect(rect.x + rect.width).toBeLessThanOrEqual(canvas.width - margin);
        expect(rect.y + rect.height).toBeLessThanOrEqual(canvas.height - margin);
        expectScaledWithinAPixel(rect, source, Math.min(box.width / source.width, box.height / source.height));
        // as large as fits: it touches the margin on one axis
        expect(rect.width === canvas.width - 2 * margin || rect.height === canvas.height - 2 * margin).toBe(true);
      }
    }
  });
});

describe('fitView', () => {
  it('shows a square canvas in a landscape box, limited by the height', () => {
    const view = fitView(size(3840, 3840), size(800, 600), 20);
    expect(view.scale).toBeCloseTo(560 / 3840, 12);
    expect(view.offsetX).toBeCloseTo(120, 9);
    expect(view.offsetY).toBeCloseTo(20, 9);
  });

  it('shows a landscape canvas in a square box, limited by the width', () => {
    const view = fitView(size(1920, 1080), size(1000, 1000), 0);
    expect(view.scale).toBeCloseTo(1000 / 1920, 12);
    expect(view.offsetX).toBeCloseTo(0, 9);
    expect(view.offsetY).toBeCloseTo(218.75, 9);
  });

  it('shows a portrait canvas in a landscape box, limited by the height', () => {
    const view = fitView(size(1080, 1920), size(1200, 800), 10);
    expect(view.scale).toBeCloseTo(780 / 1920, 12);
    expect(view.offsetX).toBeCloseTo((1200 - 1080 * (780 / 1920)) / 2, 9);
    expect(view.offsetY).toBeCloseTo(10, 9);
  });

  it('keeps the margin free on every side and centres the canvas', () => {
    for (const canvas of CANVASES) {
      for (const box of [size(800, 600), size(375, 667), size(1920, 1080)]) {
        const margin = 16;
        const { scale, offsetX, offsetY } = fitView(canvas, box, margin);
        const shownWidth = canvas.width * scale;
        const shownHeight = canvas.height * scale;
        expect(offsetX).toBeGreaterThanOrEqual(margin - 1e-9);
        expect(offsetY).toBeGreaterThanOrEqual(margin - 1e-9);
        expect(offsetX + shownWidth).toBeLessThanOrEqual(box.width - margin + 1e-9);
        expect(offsetY + shownHeight).toBeLessThanOrEqual(box.height - margin + 1e-9);
        expect(offsetX + shownWidth / 2).toBeCloseTo(box.width / 2, 9);
        expect(offsetY + shownHeight / 2).toBeCloseTo(box.height / 2, 9);
        expect(Math.abs(shownWidth - (box.width - 2 * margin)) < 1e-9 || Math.abs(shownHeight - (box.height - 2 * margin)) < 1e-9).toBe(
          true,
        );
      }
    }
  });

  it('stays finite and positive when the margin eats the whole box', () => {
    const view = fitView(size(100, 100), size(10, 10), 20);
    expect(view.scale).toBeCloseTo(0.01, 12);
    expect(view.offsetX).toBeCloseTo(4.5, 9);
    expect(view.offsetY).toBeCloseTo(4.5, 9);
  });
});
