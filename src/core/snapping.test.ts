import { describe, expect, it } from 'vitest';
import { SNAP_SCREEN_PX, snapMove, snapResize, snapTargets } from './snapping.ts';

const canvas = { width: 1000, height: 800 };
const targets = snapTargets(canvas, [{ x: 600, y: 100, width: 200, height: 100 }]);

describe('snapMove', () => {
  it('snaps a layer centre to the canvas centre within the threshold', () => {
    // centre at x=503 (3 px off), y=398 (2 px off)
    const result = snapMove({ x: 453, y: 348, width: 100, height: 100 }, targets, 8);
    expect(result.rect).toMatchObject({ x: 450, y: 350 });
    expect(result.guides).toEqual([
      { axis: 'x', position: 500 },
      { axis: 'y', position: 400 },
    ]);
  });

  it('leaves a layer alone when nothing is within the threshold', () => {
    const rect = { x: 120, y: 230, width: 100, height: 100 };
    const result = snapMove(rect, targets, 8);
    expect(result.rect).toEqual(rect);
    expect(result.guides).toEqual([]);
  });

  it('snaps edges to canvas edges', () => {
    const result = snapMove({ x: -6, y: 705, width: 100, height: 100 }, targets, 8);
    expect(result.rect).toMatchObject({ x: 0, y: 700 });
  });

  it("snaps to the other layer's edges and centre", () => {
    // right edge at 596 -> other layer's left edge 600; top at 146 -> other's centre 150
    const result = snapMove({ x: 496, y: 146, width: 100, height: 60 }, targets, 8);
    expect(result.rect).toMatchObject({ x: 500, y: 150 });
  });

  it('picks the nearest target when several are in reach', () => {
    const result = snapMove({ x: 5, y: 300, width: 10, height: 10 }, { x: [0, 12], y: [] }, 8);
    // left edge 5 -> 0 is 5 away; centre 10 -> 12 is 2 away; right 15 -> 12 is 3 away
    expect(result.rect.x).toBe(7);
  });

  it('turns a screen threshold into canvas pixels by the zoom', () => {
    const zoom = 0.25; // 8 screen px = 32 canvas px
    const result = snapMove({ x: 430 + 25, y: 0, width: 100, height: 100 }, { x: [500], y: [] }, SNAP_SCREEN_PX / zoom);
    expect(result.rect.x).toBe(450);
    const tooFar = snapMove({ x: 540, y: 0, width: 100, height: 100 }, { x: [500], y: [] }, SNAP_SCREEN_PX / zoom);
    expect(tooFar.guides).toEqual([]);
  });
});

describe('snapResize', () => {
  it('snaps the dragged bottom-right corner to the canvas edge keeping the ratio', () => {
    const result = snapResize({ x: 0, y: 0, width: 995, height: 497.5 }, { left: false, top: false }, targets, 8, true);
    expect(result.rect.width).toBe(1000);
    expect(result.rect.height).toBe(500);
    expect(result.guides).toEqual([{ axis: 'x', position: 1000 }]);
  });

  it('keeps the opposite corner fixed when a top-left corner snaps', () => {
    const result = snapResize({ x: 4, y: 300, width: 196, height: 100 }, { left: true, top: true }, { x: [0], y: [] }, 8, false);
    expect(result.rect).toEqual({ x: 0, y: 300, width: 200, height: 100 });
  });

  it('snaps both axes independently when the ratio is free', () => {
    const result = snapResize({ x: 10, y: 10, width: 487, height: 395 }, { left: false, top: false }, targets, 8, false);
    expect(result.rect).toMatchObject({ width: 490, height: 390 });
    expect(result.guides).toHaveLength(2);
  });
});
