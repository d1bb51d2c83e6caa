// The layer resampler of the render workers: ImageMagick 6's ResizeImage with a Catmull-Rom (Catrom) filter.
// Plain JavaScript on purpose: worker threads start without a TypeScript loader (vitest, tsx, node alike).
//
// Separable, centre-aligned (output pixel x samples around (x + 0.5) / scale), support 2 widened by 1/scale
// when shrinking, weights renormalised over the taps inside the image (so edges are not darkened), colour
// weighted by alpha, and each pass clamped like IM's integer quantum in between.
//
// Why it is fast: the arithmetic runs in WebAssembly SIMD (resample-kernels.wat), one f32x4 per pixel; each
// needed source row is premultiplied once (only the columns the visible part uses) and passed horizontally
// once into a ring of a few rows, which the vertical pass reads right away, so intermediate rows stay in the
// CPU cache instead of travelling through memory.
import { instantiateResampleKernels } from './wasm-kernels.mjs';

/**
 * Catmull-Rom: the cubic B-spline family member with B = 0, C = 1/2.
 * @param {number} x
 */
function catrom(x) {
  const t = x < 0 ? -x : x;
  if (t < 1) return (1.5 * t - 2.5) * t * t + 1;
  if (t < 2) return ((-0.5 * t + 2.5) * t - 4) * t + 2;
  return 0;
}

/**
 * Taps and weights for output positions [from, from + count) of an axis resized from inSize to outSize,
 * the way IM computes them (resize.c, HorizontalFilter): bisect = (x + 0.5) / factor + epsilon.
 * @param {number} from
 * @param {number} count
 * @param {number} outSize
 * @param {number} inSize
 */
export function contributions(from, count, outSize, inSize) {
  const factor = outSize / inSize;
  const widen = Math.max(1 / factor, 1);
  const support = 2 * widen;
  const maxTaps = Math.ceil(2 * support) + 2;
  const starts = new Int32Array(count);
  const counts = new Int32Array(count);
  const weights = new Float32Array(count * maxTaps);
  for (let i = 0; i < count; i += 1) {
    const bisect = (from + i + 0.5) / factor + 1e-12;
    const start = Math.max(Math.trunc(bisect - support + 0.5), 0);
    const stop = Math.min(Math.trunc(bisect + support + 0.5), inSize);
    let density = 0;
    const n = Math.max(0, stop - start);
    for (let k = 0; k < n; k += 1) {
      const w = catrom((start + k - bisect + 0.5) / widen);
      weights[i * maxTaps + k] = w;
      density += w;
    }
    if (density !== 0 && density !== 1) for (let k = 0; k < n; k += 1) weights[i * maxTaps + k] /= density;
    starts[i] = start;
    counts[i] = n;
  }
  return { starts, counts, weights, maxTaps };
}

export const kernels = instantiateResampleKernels();
let heapBytes = new Uint8Array(kernels.memory.buffer);

/** The kernels' memory as bytes (a growth replaces the buffer, so ask again after `take`). */
export function heap() {
  if (heapBytes.buffer !== kernels.memory.buffer) heapBytes = new Uint8Array(kernels.memory.buffer);
  return heapBytes;
}

/** Working memory of the current task, taken from the kernels' memory in order and given back all at once. */
let top = 0;

/** Gives back everything `take` handed out (at the start of a task). */
export function resetScratch() {
  top = 0;
}

/**
 * `bytes` of the kernels' memory, 16-byte aligned, until the next resetScratch.
 * @param {number} bytes
 */
export function take(bytes) {
  const start = top;
  top += (bytes + 15) & ~15;
  const memory = kernels.memory;
  if (memory.buffer.byteLength < top) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
  return start;
}

/**
 * The rows of one layer's visible part, resampled one at a time in the kernels' memory: the source is RGB or
 * RGBA (in a SharedArrayBuffer), the layer is the source resized to outW x outH, and the visible part is
 * columns [vx, vx + vw) of rows [fromRow, toRow) in layer coordinates. `row(y)`, called for y in increasing
 * order, returns the address of row y as vw RGBA pixels, not premultiplied, followed by 16 zero bytes.
 */
export class LayerRows {
  /**
   * @param {{ src: SharedArrayBuffer, srcW: number, srcH: number, channels: 3 | 4, outW: number, outH: number, vx: number, vw: number, fromRow: number, toRow: number }} layer
   */
  constructor({ src, srcW, srcH, channels, outW, outH, vx, vw, fromRow, toRow }) {
    this.src = new Uint8Array(src);
    this.srcW = srcW;
    this.channels = channels;
    this.vw = vw;
    this.fromRow = fromRow;
    const cx = contributions(vx, vw, outW, srcW);
    this.cy = contributions(fromRow, toRow - fromRow, outH, srcH);
    // Source columns [c0, c1) are the only ones any output column reads.
    this.c0 = cx.starts[0];
    let c1 = this.c0;
    for (let i = 0; i < vw; i += 1) c1 = Math.max(c1, cx.starts[i] + cx.counts[i]);
    this.cols = c1 - this.c0;
    // Source row sy lives in ring slot sy % ringRows; rows needed by an output row are at most maxTaps apart
    // and their start never decreases, so a row is not overwritten while it is still needed.
    this.ringRows = Math.max(this.cy.maxTaps, 4);
    this.starts = take(vw * 4);
    this.counts = take(vw * 4);
    this.weights = take(vw * cx.maxTaps * 4);
    this.srcRow = take(this.cols * channels + 4 + 8); // prepRgb reads one byte past the row; up to 7 bytes of alignment
    this.prow = take((this.cols + 4) * 16); // four zero pixels after the row for hrow4's missing taps
    this.ring = take(this.ringRows * vw * 16);
    this.acc = take(vw * 16);
    this.dstRow = take(vw * 4 + 16);
    const buffer = kernels.memory.buffer;
    new Int32Array(buffer, this.starts, vw).set(cx.starts.map((s) => s - this.c0));
    new Int32Array(buffer, this.counts, vw).set(cx.counts);
    // Up to four taps per column (always so when enlarging): hrow4 with the weights packed four per column,
    // missing taps weighing 0 on the zeroed pixels past the row's end.
    this.fourTaps = cx.counts.every((n) => n <= 4);
    this.maxTapsX = cx.maxTaps;
    const weights = new Float32Array(buffer, this.weights, vw * cx.maxTaps);
    if (this.fourTaps) {
      weights.fill(0, 0, vw * 4);
      for (let i = 0; i < vw; i += 1) for (let k = 0; k < cx.counts[i]; k += 1) weights[i * 4 + k] = cx.weights[i * cx.maxTaps + k];
    } else {
      weights.set(cx.weights);
    }
    const mem = heap();
    mem.fill(0, this.prow + this.cols * 16, this.prow + (this.cols + 4) * 16);
    mem.fill(0, this.dstRow + vw * 4, this.dstRow + vw * 4 + 16);
    this.next = 0; // the first source row not yet in the ring
  }

  /**
   * The ring slot of source row sy.
   * @param {number} sy
   */
  slot(sy) {
    return this.ring + (sy % this.ringRows) * this.vw * 16;
  }

  /** @param {number} y */
  row(y) {
    const { cy, vw, channels, srcW, c0, cols } = this;
    const i = y - this.fromRow;
    const s = cy.starts[i];
    const n = cy.counts[i];
    const mem = heap();
    if (this.next < s) this.next = s;
    for (; this.next < s + n; this.next += 1) {
      const from = (this.next * srcW + c0) * channels;
      // A copy between a SharedArrayBuffer and other memory is done a word at a time only when both sides
      // have the same offset modulo 8 (else byte by byte, several times slower): the row is placed so.
      const srcRow = this.srcRow + ((this.src.byteOffset + from) & 7);
      mem.set(this.src.subarray(from, from + cols * channels), srcRow);
      (channels === 4 ? kernels.prepRgba : kernels.prepRgb)(srcRow, this.prow, cols);
      if (this.fourTaps) kernels.hrow4(this.prow, this.slot(this.next), vw, this.starts, this.weights);
      else kernels.hrow(this.prow, this.slot(this.next), vw, this.starts, this.counts, this.weights, this.maxTapsX * 4);
    }
    const wb = i * cy.maxTaps;
    const w = cy.weights;
    if (n <= 4) {
      // Missing taps (image edges) get weight 0 on a row that is there.
      const row = (/** @type {number} */ k) => (k < n ? this.slot(s + k) : this.slot(s));
      const weight = (/** @type {number} */ k) => (k < n ? w[wb + k] : 0);
      kernels.vrow4(row(0), row(1), row(2), row(3), weight(0), weight(1), weight(2), weight(3), this.dstRow, vw);
    } else {
      mem.fill(0, this.acc, this.acc + vw * 16);
      for (let k = 0; k < n; k += 1) kernels.vaccum(this.acc, this.slot(s + k), w[wb + k], vw);
      kernels.vrow4(this.acc, this.acc, this.acc, this.acc, 1, 0, 0, 0, this.dstRow, vw);
    }
    return this.dstRow;
  }
}
