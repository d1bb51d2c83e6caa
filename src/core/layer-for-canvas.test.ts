import { describe, expect, it } from 'vitest';
import { coverPlacement, fitPlacement, type Rect } from './geometry.ts';
import { canvasRelation, layerForCanvas } from './layer-for-canvas.ts';
import type { Size } from './size.ts';

const SQUARE_4K = { width: 3840, height: 3840 };
const PORTRAIT = { width: 1080, height: 1350 };
const FULL_HD = { width: 1920, height: 1080 };
const STORY = { width: 1080, height: 1920 };
/** The sample background's natural size (3:2). */
const PHOTO = { width: 3000, height: 2000 };
/** The sample cut-out's natural size (4:5). */
const CUT_OUT = { width: 1600, height: 2000 };

const covers = (rect: Rect, canvas: Size) =>
  rect.x <= 0 && rect.y <= 0 && rect.x + rect.width >= canvas.width && rect.y + rect.height >= canvas.height;
const inside = (rect: Rect, canvas: Size) =>
  rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= canvas.width && rect.y + rect.height <= canvas.height;
const aspect = (rect: Size) => rect.width / rect.height;

describe('canvasRelation', () => {
  it('tells covering, inside (edges touching included) and other layers apart', () => {
    expect(canvasRelation({ x: -960, y: 0, width: 5760, height: 3840 }, SQUARE_4K)).toBe('covers');
    expect(canvasRelation({ x: 0, y: 0, width: 3840, height: 3840 }, SQUARE_4K)).toBe('covers');
    expect(canvasRelation({ x: 0, y: 100, width: 400, height: 400 }, SQUARE_4K)).toBe('inside');
    expect(canvasRelation({ x: 3440, y: 3440, width: 400, height: 400 }, SQUARE_4K)).toBe('inside');
    expect(canvasRelation({ x: -1, y: 100, width: 400, height: 400 }, SQUARE_4K)).toBe('other');
    expect(canvasRelation({ x: -10, y: 10, width: 5000, height: 3000 }, SQUARE_4K)).toBe('other');
  });
});

describe('layerForCanvas', () => {
  it('a covering background keeps covering every preset, centred, at the size that just covers', () => {
    const background = coverPlacement(PHOTO, SQUARE_4K);
    for (const canvas of [PORTRAIT, FULL_HD, STORY, { width: 3840, height: 2160 }, { width: 7, height: 8000 }]) {
      const moved = layerForCanvas(background, PHOTO, SQUARE_4K, canvas);
      expect(covers(moved, canvas), `${JSON.stringify(moved)} covers ${canvas.width}x${canvas.height}`).toBe(true);
      expect(moved).toEqual(coverPlacement(PHOTO, canvas));
    }
  });

  it('a covering layer larger than needed keeps its ratio to the cover size, its centre, and the edge it touched', () => {
    // 1.5 times the cover size, aligned to the left edge: 8640x5760 at (0, -960) on 3840x3840.
    const layer = { x: 0, y: -960, width: 8640, height: 5760 };
    const moved = layerForCanvas(layer, PHOTO, SQUARE_4K, FULL_HD);
    // Cover size on 1920x1080 is 1920x1280; 1.5 times that.
    expect(moved).toEqual({ x: 0, y: -(1920 - 1080) / 2, width: 2880, height: 1920 });
    expect(covers(moved, FULL_HD)).toBe(true);
  });

  it('a covering layer stretched by hand still covers a canvas of another shape', () => {
    // Just covers 3840x3840 but squashed to 2:1 (the photo is 3:2).
    const squashed = { x: -1920, y: 0, width: 7680, height: 3840 };
    const moved = layerForCanvas(squashed, PHOTO, SQUARE_4K, STORY);
    expect(covers(moved, STORY)).toBe(true);
    expect(aspect(moved)).toBeCloseTo(2, 2);
  });

  it('a fitted foreground stays inside, at the same share of the fit size, centred', () => {
    const foreground = fitPlacement(CUT_OUT, SQUARE_4K);
    for (const canvas of [PORTRAIT, FULL_HD, STORY, { width: 3, height: 5000 }]) {
      const moved = layerForCanvas(foreground, CUT_OUT, SQUARE_4K, canvas);
      expect(inside(moved, canvas), `${JSON.stringify(moved)} inside ${canvas.width}x${canvas.height}`).toBe(true);
      expect(Math.abs(moved.x + moved.width / 2 - canvas.width / 2)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(moved.y + moved.height / 2 - canvas.height / 2)).toBeLessThanOrEqual(0.5);
    }
    // 90 % of the fit size on 4K (the 5 % margin), so 90 % of it on 1920x1080: 0.9 * 864x1080.
    expect(layerForCanvas(foreground, CUT_OUT, SQUARE_4K, FULL_HD)).toMatchObject({ width: 778, height: 972 });
  });

  it('an off-centre layer inside keeps its centre relative to the canvas, moved back in where it would stick out', () => {
    const layer = { x: 388, y: 282, width: 2765, height: 3456 };
    const moved = layerForCanvas(layer, CUT_OUT, SQUARE_4K, FULL_HD);
    expect(moved).toMatchObject({ width: 778, height: 972 });
    expect(Math.abs(moved.x + moved.width / 2 - ((388 + 2765 / 2) / 3840) * 1920)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(moved.y + moved.height / 2 - ((282 + 3456 / 2) / 3840) * 1080)).toBeLessThanOrEqual(0.5);
    // On a narrow canvas the layer is relatively wider: its centre at 62 % of the width would put its right
    // edge at 1156 px of 1080, so it moves left until it is inside, touching the right edge.
    const right = layerForCanvas({ ...layer, x: 1000 }, CUT_OUT, SQUARE_4K, STORY);
    expect(right).toMatchObject({ x: 1080 - 972, width: 972, height: 1215 });
    expect(inside(right, STORY)).toBe(true);
  });

  it('a layer touching edges keeps touching them; one in a corner stays in that corner', () => {
    const bottomRight = { x: 3440, y: 3340, width: 400, height: 500 };
    const moved = layerForCanvas(bottomRight, CUT_OUT, SQUARE_4K, FULL_HD);
    expect(moved.x + moved.width).toBe(FULL_HD.width);
    expect(moved.y + moved.height).toBe(FULL_HD.height);
    const topLeft = layerForCanvas({ x: 0, y: 0, width: 400, height: 500 }, CUT_OUT, SQUARE_4K, PORTRAIT);
    expect(topLeft).toMatchObject({ x: 0, y: 0 });
  });

  it('a layer inside that would not fit the new shape at its ratio is shrunk to fit, keeping its aspect ratio', () => {
    // A wide strip inside a square canvas, on a tall canvas: its fit ratio would leave it wider than the canvas.
    const strip = { x: 0, y: 1720, width: 3840, height: 400 };
    const moved = layerForCanvas(strip, { width: 960, height: 100 }, SQUARE_4K, STORY);
    expect(inside(moved, STORY)).toBe(true);
    expect(moved.width).toBe(1080);
    expect(aspect(moved)).toBeCloseTo(aspect(strip), 1);
  });

  it('any other layer keeps its centre relative to the canvas and its size relative to the fit size', () => {
    const overhanging = { x: -200, y: 1000, width: 1600, height: 2000 };
    const moved = layerForCanvas(overhanging, CUT_OUT, SQUARE_4K, FULL_HD);
    // Fit scale 3840/2000 -> 1080/2000: 0.28125.
    expect(moved.width).toBe(450);
    expect(moved.height).toBe(563);
    expect(Math.abs(moved.x + moved.width / 2 - (600 / 3840) * 1920)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(moved.y + moved.height / 2 - (2000 / 3840) * 1080)).toBeLessThanOrEqual(0.5);
  });

  it('never writes -0', () => {
    const moved = layerForCanvas({ x: 0, y: 0, width: 3840, height: 3840 }, { width: 1, height: 1 }, SQUARE_4K, FULL_HD);
    expect(Object.is(moved.x, -0) || Object.is(moved.y, -0)).toBe(false);
  });
});
