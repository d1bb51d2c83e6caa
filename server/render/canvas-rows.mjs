// The canvas, composed one row at a time in the resampler kernels' memory: the background colour, then each
// layer's row over it. A layer is either resampled right here, row by row as the canvas needs it (so its
// pixels never travel through shared memory), or was placed earlier by the workers (its rows are read from a
// SharedArrayBuffer). Plain JavaScript on purpose: worker threads start without a TypeScript loader.
import { heap, kernels, LayerRows, take } from './catrom-resampler.mjs';

/**
 * Decoded pixels in shared memory: RGB or RGBA, 8 bits, rows one after another.
 * @typedef {{ data: SharedArrayBuffer, width: number, height: number, channels: 3 | 4 }} SourcePixels
 */

/**
 * A layer as the strips compose it: its visible part on the canvas (x, y, w, h); `opaque`, every pixel's alpha
 * is 255 (an RGB source); `overOpaque`, every canvas pixel under it is opaque (a colour, or an opaque layer over
 * the whole canvas below it). Either `pixels`, placed ahead (RGBA w x h, not premultiplied), or `source`,
 * resized to outW x outH here, of which the visible part starts at (vx, vy).
 * @typedef {{ x: number, y: number, w: number, h: number, opaque: boolean, overOpaque?: boolean }
 *   & ({ pixels: SharedArrayBuffer } | { pixels?: undefined, source: SourcePixels, outW: number, outH: number, vx: number, vy: number })} CanvasLayer
 */

/**
 * Source over destination for one row of n pixels (RGBA, not premultiplied) at byte addresses `dst` and
 * `src` of `mem` (and its word view `mem32`), whatever the destination's alpha: Porter-Duff over.
 * The SIMD kernel overOpaque does the common case, an opaque destination.
 * @param {Uint8Array} mem
 * @param {Uint32Array} mem32
 * @param {number} dst
 * @param {number} src
 * @param {number} n
 */
function overRow(mem, mem32, dst, src, n) {
  for (let i = 0; i < n; i += 1) {
    const p = mem32[(src >> 2) + i];
    const sa = p >>> 24;
    if (sa === 0) continue;
    if (sa === 255) {
      mem32[(dst >> 2) + i] = p;
      continue;
    }
    const d = dst + i * 4;
    const s4 = src + i * 4;
    const da = mem[d + 3];
    if (da === 255) {
      // Over an opaque pixel: c = Sc * Sa + Dc * (1 - Sa), in integers with rounding (as overOpaque).
      const ia = 255 - sa;
      mem[d] = (mem[s4] * sa + mem[d] * ia + 127) / 255;
      mem[d + 1] = (mem[s4 + 1] * sa + mem[d + 1] * ia + 127) / 255;
      mem[d + 2] = (mem[s4 + 2] * sa + mem[d + 2] * ia + 127) / 255;
      continue;
    }
    const s = sa / 255;
    const dd = (da / 255) * (1 - s);
    const a = s + dd;
    const inv = 1 / a;
    mem[d] = (mem[s4] * s + mem[d] * dd) * inv + 0.5;
    mem[d + 1] = (mem[s4 + 1] * s + mem[d + 1] * dd) * inv + 0.5;
    mem[d + 2] = (mem[s4 + 2] * s + mem[d + 2] * dd) * inv + 0.5;
    mem[d + 3] = a * 255 + 0.5;
  }
}

/**
 * Rows [first, end) of the canvas, in order: the colour `bg` ([r, g, b, a]), then each layer over it. Takes its
 * working memory with `take` (the caller resets it per task).
 */
export class CanvasRows {
  /**
   * @param {{ width: number, bg: readonly number[], layers: readonly CanvasLayer[] }} t
   * @param {number} first
   * @param {number} end
   */
  constructor(t, first, end) {
    this.width = t.width;
    this.layers = t.layers
      .filter((l) => l.y < end && l.y + l.h > first)
      .map((l) => {
        const from = Math.max(first, l.y);
        const to = Math.min(end, l.y + l.h);
        if (l.pixels) return { ...l, placed: new Uint8Array(l.pixels), row: take(l.w * 4 + 24) };
        const rows = new LayerRows({
          src: l.source.data,
          srcW: l.source.width,
          srcH: l.source.height,
          channels: l.source.channels,
          outW: l.outW,
          outH: l.outH,
          vx: l.vx,
          vw: l.w,
          fromRow: l.vy + (from - l.y),
          toRow: l.vy + (to - l.y),
        });
        return { ...l, rows };
      });
    this.canvasRow = take(this.width * 4 + 16);
    this.packedRow = take(this.width * 3 + 16);
    // Every `take` is done: the memory will not grow (and detach views) while the rows are made.
    this.mem = heap();
    this.mem32 = new Uint32Array(this.mem.buffer);
    this.rgba32 = new Uint32Array(this.mem.buffer, this.canvasRow, this.width);
    this.bg = new Uint32Array(Uint8Array.from(t.bg).buffer)[0];
  }

  /**
   * Composes canvas row y; returns its address (RGBA, width pixels).
   * @param {number} y
   */
  row(y) {
    const { mem, canvasRow } = this;
    this.rgba32.fill(this.bg);
    for (const l of this.layers) {
      if (y < l.y || y >= l.y + l.h) continue;
      const at = canvasRow + l.x * 4;
      let src;
      if ('placed' in l) {
        // A copy out of a SharedArrayBuffer goes a word at a time only between addresses equal modulo 8 (else
        // byte by byte): the row lands so, then moves within this memory.
        const from = (y - l.y) * l.w * 4;
        src = l.row + ((l.placed.byteOffset + from) & 7);
        mem.set(l.placed.subarray(from, from + l.w * 4), src);
        mem.fill(0, src + l.w * 4, src + l.w * 4 + 16); // the padding the last four-pixel step reads
        if (l.opaque) {
          mem.copyWithin(at, src, src + l.w * 4);
          continue;
        }
      } else {
        src = l.rows.row(y - l.y + l.vy);
        if (l.opaque) {
          mem.copyWithin(at, src, src + l.w * 4);
          continue;
        }
      }
      if (l.overOpaque) kernels.overOpaque(at, src, l.w);
      else overRow(mem, this.mem32, at, src, l.w);
    }
    return canvasRow;
  }

  /** Canvas row y (from `row`) as RGBA words, r in the low byte. */
  get rgba() {
    return this.rgba32;
  }

  /** The row at `canvasRow` as RGB bytes (a view valid until the next call). */
  packRgb() {
    kernels.packRgb(this.canvasRow, this.packedRow, this.width);
    return this.mem.subarray(this.packedRow, this.packedRow + this.width * 3);
  }
}
