import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heap, LayerRows, resetScratch } from './catrom-resampler.mjs';

// The SIMD resampler (float32, a ring of rows, four-tap and many-tap kernels, only the visible columns) held to
// a plain float64 implementation of its definition: ImageMagick's Catrom resize with alpha-weighted colour
// and each pass clamped, within one level per channel (float32 against float64 may round the other way).

function catrom(x: number): number {
  const t = Math.abs(x);
  if (t < 1) return (1.5 * t - 2.5) * t * t + 1;
  if (t < 2) return ((-0.5 * t + 2.5) * t - 4) * t + 2;
  return 0;
}

/** The taps (source index, weight) of output position i of an axis resized from inSize to outSize (IM's resize.c). */
function taps(i: number, outSize: number, inSize: number): Array<[number, number]> {
  const factor = outSize / inSize;
  const widen = Math.max(1 / factor, 1);
  const support = 2 * widen;
  const bisect = (i + 0.5) / factor + 1e-12;
  const start = Math.max(Math.trunc(bisect - support + 0.5), 0);
  const stop = Math.min(Math.trunc(bisect + support + 0.5), inSize);
  const out: Array<[number, number]> = [];
  for (let k = start; k < stop; k += 1) out.push([k, catrom((k - bisect + 0.5) / widen)]);
  const density = out.reduce((sum, [, w]) => sum + w, 0);
  return density !== 0 && density !== 1 ? out.map(([k, w]) => [k, w / density]) : out;
}

/** Output pixel (x, y) of the source resized to outW x outH, RGBA bytes. */
function referencePixel(src: Uint8Array, srcW: number, srcH: number, channels: 3 | 4, outW: number, outH: number, x: number, y: number): number[] {
  // Horizontal pass of each source row the vertical taps need: colour weighted by alpha, then clamped, alpha in 0..1.
  const rows = taps(y, outH, srcH).map(([sy, wy]): [number[], number] => {
    const sum = [0, 0, 0, 0];
    for (const [sx, wx] of taps(x, outW, srcW)) {
      const p = (sy * srcW + sx) * channels;
      const a = channels === 4 ? src[p + 3]! : 255;
      for (let c = 0; c < 3; c += 1) sum[c]! += wx * src[p + c]! * a;
      sum[3]! += wx * a;
    }
    const A = sum[3]!;
    if (A <= 0) return [[0, 0, 0, 0], wy];
    const alpha = Math.min(A / 255, 1);
    return [[...sum.slice(0, 3).map((v) => Math.min(Math.max(v / A, 0), 255) * alpha), alpha], wy];
  });
  const sum = [0, 0, 0, 0];
  for (const [h, wy] of rows) for (let c = 0; c < 4; c += 1) sum[c]! += wy * h[c]!;
  const A = sum[3]!;
  if (A <= 0) return [0, 0, 0, 0];
  const rgba = [...sum.slice(0, 3).map((v) => Math.min(Math.max(v / A, 0), 255)), Math.min(A * 255, 255)];
  return rgba.map((v) => Math.floor(v + 0.5));
}

const layers = fc
  .record({
    channels: fc.constantFrom<3 | 4>(3, 4),
    srcW: fc.integer({ min: 1, max: 40 }),
    srcH: fc.integer({ min: 1, max: 40 }),
    // Enlarging (four taps), mild and strong shrinking (many taps: hrow, vaccum).
    outW: fc.oneof(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 6 })),
    outH: fc.oneof(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 6 })),
    alphas: fc.constantFrom('opaque', 'binary', 'any'),
    seed: fc.integer(),
    window: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
  })
  .map((l) => {
    let s = l.seed >>> 0;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
    const src = new SharedArrayBuffer(l.srcW * l.srcH * l.channels);
    const px = new Uint8Array(src);
    for (let i = 0; i < px.length; i += 1) {
      const isAlpha = l.channels === 4 && i % 4 === 3;
      px[i] = !isAlpha ? next() : l.alphas === 'opaque' ? 255 : l.alphas === 'binary' ? (next() & 1) * 255 : [0, 255, next()][next() % 3]!;
    }
    // The visible part: columns [vx, vx + vw) of rows [fromRow, toRow) of the layer.
    const [a, b, c, d] = l.window;
    const vx = Math.floor(a * (l.outW - 1));
    const vw = 1 + Math.floor(b * (l.outW - vx - 1));
    const fromRow = Math.floor(c * (l.outH - 1));
    const toRow = fromRow + 1 + Math.floor(d * (l.outH - fromRow - 1));
    return { ...l, src, vx, vw, fromRow, toRow };
  });

describe('catrom-resampler, properties', () => {
  it('every visible pixel is within one level per channel of a float64 Catrom resize (colour where alpha shows)', () => {
    fc.assert(
      fc.property(layers, ({ channels, srcW, srcH, outW, outH, src, vx, vw, fromRow, toRow }) => {
        resetScratch();
        const rows = new LayerRows({ src, srcW, srcH, channels, outW, outH, vx, vw, fromRow, toRow });
        const bytes = new Uint8Array(src);
        for (let y = fromRow; y < toRow; y += 1) {
          const at = rows.row(y);
          const got = heap().slice(at, at + vw * 4);
          for (let i = 0; i < vw; i += 1) {
            const want = referencePixel(bytes, srcW, srcH, channels, outW, outH, vx + i, y);
            const pixel = [...got.subarray(i * 4, i * 4 + 4)];
            const where = `pixel (${vx + i}, ${y}): got ${pixel}, want ${want}`;
            expect(Math.abs(pixel[3]! - want[3]!), where).toBeLessThanOrEqual(1);
            // A pixel with no alpha shows no colour: its colour is whatever the rounding of ~0 / ~0 gave.
            if (want[3]! >= 1 && pixel[3]! >= 1) for (let c = 0; c < 3; c += 1) expect(Math.abs(pixel[c]! - want[c]!), where).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 120 },
    );
  });
});
