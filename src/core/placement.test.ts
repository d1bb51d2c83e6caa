import { describe, expect, it } from 'vitest';
import { CANVAS_PRESETS, placeLayer } from './placement.ts';

const canvas = { width: 3840, height: 2160 };
const source = { width: 3000, height: 2000 };
const rect = { x: 100, y: 200, width: 600, height: 400 };

describe('placeLayer', () => {
  it('centres horizontally and vertically', () => {
    expect(placeLayer('centre-horizontally', rect, source, canvas)).toEqual({ ...rect, x: 1620 });
    expect(placeLayer('centre-vertically', rect, source, canvas)).toEqual({ ...rect, y: 880 });
  });

  it('fill makes the layer cover the canvas exactly on one axis and overflow on the other', () => {
    const filled = placeLayer('fill', rect, source, canvas);
    expect(filled).toEqual({ x: 0, y: -200, width: 3840, height: 2560 });
  });

  it('fit makes the layer fit inside the canvas, centred', () => {
    expect(placeLayer('fit', rect, source, canvas)).toEqual({ x: 300, y: 0, width: 3240, height: 2160 });
  });

  it('aligns to each edge', () => {
    expect(placeLayer('align-left', rect, source, canvas).x).toBe(0);
    expect(placeLayer('align-right', rect, source, canvas).x).toBe(3240);
    expect(placeLayer('align-top', rect, source, canvas).y).toBe(0);
    expect(placeLayer('align-bottom', rect, source, canvas).y).toBe(1760);
  });

  it('natural size keeps the centre', () => {
    expect(placeLayer('natural-size', rect, source, canvas)).toEqual({ x: -1100, y: -600, width: 3000, height: 2000 });
  });
});

it('offers the presets of the issue, 3840x3840 first', () => {
  expect(CANVAS_PRESETS.map((preset) => `${preset.width}x${preset.height}`)).toEqual([
    '3840x3840', '2048x2048', '1080x1080', '1080x1350', '1080x1920', '1920x1080', '3840x2160',
  ]);
});
