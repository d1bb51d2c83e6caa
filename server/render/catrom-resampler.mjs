// The layer resampler of the render workers: ImageMagick 6's ResizeImage with a Catmull-Rom (Catrom) filter.
// Plain JavaScript on purpose: worker threads start without a TypeScript loader (vitest, tsx, node alike).
//
// Separable, centre-aligned (output pixel x samples around (x + 0.5) / scale), support 2 widened by 1/scale
// when shrinking, weights renormalised over the taps inside the image (so edges are not darkened), colour
// weighted by alpha, and each pass clamped like IM's integer quantum in between.
//
// Why it is fast: the arithmetic runs in WebAssembly SIMD (resample-kernels.mjs), one f32x4 per pixel; each
// needed source row is premultiplied once (only the columns the visible part uses) and passed horizontally
// once into a ring of a few rows, which the vertical pass reads right away, so intermediate rows stay in the
// CPU cache instead of travelling through memory.
import { instantiateKernels } from './resample-kernels.mjs';

/** Catmull-Rom: the cubic B-spline family member with B = 0, C = 1/2. */
function catrom(x) {
  const t = x < 0 ? -x : x;
  if (t < 1) return (1.5 * t - 2.5) * t * t + 1;
  if (t < 2) return ((-0.5 * t + 2.5) * t - 4) * t + 2;
  return 0;
}

/**
 * Taps and weights for output positions [from, from + count) of an axis resized from inSize to outSize,
 * the way IM computes them (resize.c, HorizontalFilter): bisect = (x + 0.5) / factor + epsilon.
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

const kernels = instantiateKernels();

/** Byte offsets of the working areas in the kernels' memory, grown when a task needs more. */
function layout(vw, cols, channels, maxTapsX, ringRows) {
  const align = (n) => (n + 15) & ~15;
  let at = 0;
  const take = (bytes) => {
    const start = at;
    at += align(bytes);
    return start;
  };
  const areas = {
    starts: take(vw * 4),
    counts: take(vw * 4),
    weights: take(vw * maxTapsX * 4),
    srcRow: take(cols * channels + 4 + 8), // prepRgb reads one byte past the row; up to 7 bytes of alignment
    prow: take((cols + 4) * 16), // four zero pixels after the row for hrow4's missing taps
    ring: take(ringRows * vw * 16),
    acc: take(vw * 16),
    dstRow: take(vw * 4 + 8),
  };
  const memory = kernels.memory;
  if (memory.buffer.byteLength < at) memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
  return areas;
}

/**
 * Resamples rows [rowFrom, rowTo) of a layer's visible region into `dst` (RGBA, not premultiplied, width vw).
 * The source is RGB or RGBA; the layer is the source resized to outW x outH, of which the visible region
 * starts at (vx, vy) in layer coordinates.
 */
export function resample(t) {
  const { srcW, srcH, channels, outW, outH, vx, vy, vw, rowFrom, rowTo } = t;
  const src = new Uint8Array(t.src);
  const dst = new Uint8Array(t.dst);
  const cx = contributions(vx, vw, outW, srcW);
  const cy = contributions(vy + rowFrom, rowTo - rowFrom, outH, srcH);
  // Source columns [c0, c1) are the only ones any output column reads.
  const c0 = cx.starts[0];
  let c1 = c0;
  for (let i = 0; i < vw; i += 1) c1 = Math.max(c1, cx.starts[i] + cx.counts[i]);
  const cols = c1 - c0;
  // Source row sy lives in ring slot sy % ringRows; rows needed by an output row are at most maxTaps apart and
  // their start never decreases, so a row is not overwritten while it is still needed.
  const ringRows = Math.max(cy.maxTaps, 4);
  const at = layout(vw, cols, channels, cx.maxTaps, ringRows);
  const mem = new Uint8Array(kernels.memory.buffer);
  new Int32Array(kernels.memory.buffer, at.starts, vw).set(cx.starts.map((s) => s - c0));
  new Int32Array(kernels.memory.buffer, at.counts, vw).set(cx.counts);
  // Up to four taps per column (always so when enlarging): hrow4 with the weights packed four per column,
  // missing taps weighing 0 on the zeroed pixels past the row's end.
  const fourTaps = cx.counts.every((n) => n <= 4);
  const weights = new Float32Array(kernels.memory.buffer, at.weights, vw * cx.maxTaps);
  if (fourTaps) {
    weights.fill(0, 0, vw * 4);
    for (let i = 0; i < vw; i += 1) for (let k = 0; k < cx.counts[i]; k += 1) weights[i * 4 + k] = cx.weights[i * cx.maxTaps + k];
  } else {
    weights.set(cx.weights);
  }
  mem.fill(0, at.prow + cols * 16, at.prow + (cols + 4) * 16);
  const rowBytes = vw * 16;
  const slot = (sy) => at.ring + (sy % ringRows) * rowBytes;
  const prep = channels === 4 ? kernels.prepRgba : kernels.prepRgb;
  // A copy between a SharedArrayBuffer and other memory is done a word at a time only when both sides have the
  // same offset modulo 8 (else byte by byte, several times slower): rows are placed in the kernels' memory so.
  const aligned = (base, offset) => base + (offset & 7);
  let next = 0; // the first source row not yet in the ring
  for (let y = 0; y < rowTo - rowFrom; y += 1) {
    const s = cy.starts[y];
    const n = cy.counts[y];
    if (next < s) next = s;
    for (; next < s + n; next += 1) {
      const from = (next * srcW + c0) * channels;
      const srcRow = aligned(at.srcRow, src.byteOffset + from);
      mem.set(src.subarray(from, from + cols * channels), srcRow);
      prep(srcRow, at.prow, cols);
      if (fourTaps) kernels.hrow4(at.prow, slot(next), vw, at.starts, at.weights);
      else kernels.hrow(at.prow, slot(next), vw, at.starts, at.counts, at.weights, cx.maxTaps * 4);
    }
    const wb = y * cy.maxTaps;
    const w = cy.weights;
    const dOff = (rowFrom + y) * vw * 4;
    const dstRow = aligned(at.dstRow, dOff);
    if (n <= 4) {
      // Missing taps (image edges) get weight 0 on a row that is there.
      const row = (k) => (k < n ? slot(s + k) : slot(s));
      const weight = (k) => (k < n ? w[wb + k] : 0);
      kernels.vrow4(row(0), row(1), row(2), row(3), weight(0), weight(1), weight(2), weight(3), dstRow, vw);
    } else {
      mem.fill(0, at.acc, at.acc + rowBytes);
      for (let k = 0; k < n; k += 1) kernels.vaccum(at.acc, slot(s + k), w[wb + k], vw);
      kernels.vrow4(at.acc, at.acc, at.acc, at.acc, 1, 0, 0, 0, dstRow, vw);
    }
    dst.set(mem.subarray(dstRow, dstRow + vw * 4), dOff);
  }
}
