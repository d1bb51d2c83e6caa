import { describe, expect, it } from 'vitest';
import { CanvasRows, type CanvasLayer } from './canvas-rows.mjs';
import { heap, LayerRows, resetScratch } from './catrom-resampler.mjs';

/** Deterministic RGBA pixels with every kind of alpha: 0, 255 and in between. */
function rgbaSource(width: number, height: number, seed: number): SharedArrayBuffer {
  const data = new SharedArrayBuffer(width * height * 4);
  const px = new Uint8Array(data);
  let s = seed;
  for (let i = 0; i < px.length; i += 1) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    px[i] = i % 4 === 3 ? [0, 255, s >>> 24][(s >>> 16) % 3]! : s >>> 24;
  }
  return data;
}

/** Rows [0, height) of a canvas, each copied out of the kernels' memory. */
function rowsOf(t: ConstructorParameters<typeof CanvasRows>[0], height: number): number[][] {
  resetScratch();
  const canvas = new CanvasRows(t, 0, height);
  const rows: number[][] = [];
  for (let y = 0; y < height; y += 1) {
    const at = canvas.row(y);
    rows.push([...heap().subarray(at, at + t.width * 4)]);
  }
  return rows;
}

describe('canvas-rows', () => {
  const width = 37; // not a multiple of 4: the four-pixel SIMD steps end inside a row
  const height = 9;
  const source = { data: rgbaSource(20, 12, 3), width: 20, height: 12, channels: 4 as const };
  // The source resized to 45 x 27 at (-4, -6): visible part 33 x 9 from (4, 6) of the layer, at (0, 0).
  const geometry = { x: 0, y: 0, w: 33, h: 9, opaque: false, outW: 45, outH: 27, vx: 4, vy: 6 };

  it('a layer resampled inside the strip composes the same rows as the same layer placed ahead', () => {
    resetScratch();
    const rows = new LayerRows({ src: source.data, srcW: 20, srcH: 12, channels: 4, outW: 45, outH: 27, vx: 4, vw: 33, fromRow: 6, toRow: 15 });
    const placed = new SharedArrayBuffer(33 * 9 * 4);
    for (let y = 0; y < 9; y += 1) {
      const at = rows.row(6 + y);
      new Uint8Array(placed).set(heap().subarray(at, at + 33 * 4), y * 33 * 4);
    }
    const bg = [200, 100, 50, 255];
    const fromSource = rowsOf({ width, bg, layers: [{ ...geometry, overOpaque: true, source }] }, height);
    const fromPlaced = rowsOf({ width, bg, layers: [{ ...geometry, overOpaque: true, pixels: placed }] }, height);
    expect(fromSource).toEqual(fromPlaced);
    // The part right of the layer is the colour, untouched by the last four-pixel step.
    for (const row of fromSource) expect(row.slice(33 * 4, 34 * 4)).toEqual(bg);
  });

  it('the opaque-canvas SIMD blend equals Porter-Duff over, pixel for pixel', () => {
    const layers: CanvasLayer[] = [{ ...geometry, x: 3, y: 1, w: 30, h: 7, source }];
    const bg = [10, 240, 130, 255];
    const simd = rowsOf({ width, bg, layers: layers.map((l) => ({ ...l, overOpaque: true })) }, height);
    const general = rowsOf({ width, bg, layers: layers.map((l) => ({ ...l, overOpaque: false })) }, height);
    expect(simd).toEqual(general);
    expect(simd[1]!.slice(3 * 4)).not.toEqual(simd[0]!.slice(3 * 4)); // the layer is there
  });

  it('the SIMD blend leaves the pixels after the layer as they were, alpha included', () => {
    // An opaque layer over x 0..6 of a transparent row, a soft one over x 0..4 on it: the blend steps four
    // pixels at a time, so x 5..7 are read and written with transparent padding.
    const opaque = new SharedArrayBuffer(7 * 4);
    new Uint32Array(opaque).fill(0xff336699);
    const soft = new SharedArrayBuffer(5 * 4);
    new Uint32Array(soft).fill(0x80ffffff);
    const rows = rowsOf(
      {
        width: 12,
        bg: [0, 0, 0, 0],
        layers: [
          { x: 0, y: 0, w: 7, h: 1, opaque: true, pixels: opaque },
          { x: 0, y: 0, w: 5, h: 1, opaque: false, overOpaque: true, pixels: soft },
        ],
      },
      1,
    );
    expect(rows[0]!.slice(5 * 4, 7 * 4)).toEqual([0x99, 0x66, 0x33, 0xff, 0x99, 0x66, 0x33, 0xff]);
    expect(rows[0]!.slice(7 * 4)).toEqual(new Array(5 * 4).fill(0));
  });

  it('packRgb keeps r, g, b of every pixel in order', () => {
    resetScratch();
    const canvas = new CanvasRows({ width, bg: [1, 2, 3, 255], layers: [] }, 0, 1);
    canvas.row(0);
    canvas.rgba.forEach((_, i) => (canvas.rgba[i] = (0xff << 24) | ((i * 3 + 2) << 16) | ((i * 3 + 1) << 8) | (i * 3)));
    expect([...canvas.packRgb()]).toEqual(Array.from({ length: width * 3 }, (_, i) => i & 255));
  });
});
