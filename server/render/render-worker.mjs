// A render worker: resamples layers and composes + PNG-encodes strips of the canvas, on its own core.
// Plain JavaScript on purpose: worker threads start without a TypeScript loader (vitest, tsx, node alike).
// Pixels travel in SharedArrayBuffers, so nothing large is copied between threads.
//
// Resampling mirrors ImageMagick 6's ResizeImage with a Catmull-Rom (Catrom) filter: separable, centre-
// aligned (output pixel x samples around (x + 0.5) / scale), support 2 widened by 1/scale when shrinking,
// weights renormalised over the taps inside the image (so edges are not darkened), colour weighted by
// alpha, and each pass clamped like IM's integer quantum in between.
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';

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
function contributions(from, count, outSize, inSize) {
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

function hpass4(src, rowOff, tmp, tOff, vw, starts, counts, weights, maxTaps) {
  for (let i = 0; i < vw; i += 1) {
    const s = starts[i];
    const n = counts[i];
    const wb = i * maxTaps;
    let a = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    let p = rowOff + s * 4;
    if (n === 4) {
      const a0 = weights[wb] * src[p + 3];
      const a1 = weights[wb + 1] * src[p + 7];
      const a2 = weights[wb + 2] * src[p + 11];
      const a3 = weights[wb + 3] * src[p + 15];
      a = a0 + a1 + a2 + a3;
      r = a0 * src[p] + a1 * src[p + 4] + a2 * src[p + 8] + a3 * src[p + 12];
      g = a0 * src[p + 1] + a1 * src[p + 5] + a2 * src[p + 9] + a3 * src[p + 13];
      b = a0 * src[p + 2] + a1 * src[p + 6] + a2 * src[p + 10] + a3 * src[p + 14];
    } else {
      for (let k = 0; k < n; k += 1, p += 4) {
        const aw = weights[wb + k] * src[p + 3];
        a += aw;
        r += aw * src[p];
        g += aw * src[p + 1];
        b += aw * src[p + 2];
      }
    }
    // IM stores each pass un-premultiplied and clamped to its quantum; do the same, then premultiply.
    const o = tOff + i * 4;
    if (a <= 0) {
      tmp[o] = 0;
      tmp[o + 1] = 0;
      tmp[o + 2] = 0;
      tmp[o + 3] = 0;
      continue;
    }
    const inv = 1 / a;
    let rr = r * inv;
    let gg = g * inv;
    let bb = b * inv;
    a /= 255;
    const alpha = a > 1 ? 1 : a;
    rr = rr < 0 ? 0 : rr > 255 ? 255 : rr;
    gg = gg < 0 ? 0 : gg > 255 ? 255 : gg;
    bb = bb < 0 ? 0 : bb > 255 ? 255 : bb;
    tmp[o] = alpha;
    tmp[o + 1] = rr * alpha;
    tmp[o + 2] = gg * alpha;
    tmp[o + 3] = bb * alpha;
  }
}

function hpass3(src, rowOff, tmp, tOff, vw, starts, counts, weights, maxTaps) {
  for (let i = 0; i < vw; i += 1) {
    const n = counts[i];
    const wb = i * maxTaps;
    let r = 0;
    let g = 0;
    let b = 0;
    let p = rowOff + starts[i] * 3;
    if (n === 4) {
      const w0 = weights[wb];
      const w1 = weights[wb + 1];
      const w2 = weights[wb + 2];
      const w3 = weights[wb + 3];
      r = w0 * src[p] + w1 * src[p + 3] + w2 * src[p + 6] + w3 * src[p + 9];
      g = w0 * src[p + 1] + w1 * src[p + 4] + w2 * src[p + 7] + w3 * src[p + 10];
      b = w0 * src[p + 2] + w1 * src[p + 5] + w2 * src[p + 8] + w3 * src[p + 11];
    } else {
      for (let k = 0; k < n; k += 1, p += 3) {
        const w = weights[wb + k];
        r += w * src[p];
        g += w * src[p + 1];
        b += w * src[p + 2];
      }
    }
    const o = tOff + i * 4;
    tmp[o] = 1;
    tmp[o + 1] = r < 0 ? 0 : r > 255 ? 255 : r;
    tmp[o + 2] = g < 0 ? 0 : g > 255 ? 255 : g;
    tmp[o + 3] = b < 0 ? 0 : b > 255 ? 255 : b;
  }
}

/** Out = w0*row0 + ... + w3*row3 of premultiplied (a, r, g, b), un-premultiplied, clamped, rounded. */
function vpass4(tmp, o0, o1, o2, o3, w0, w1, w2, w3, dst, dOff, vw) {
  for (let i = 0, j = 0; i < vw; i += 1, j += 4) {
    const a = w0 * tmp[o0 + j] + w1 * tmp[o1 + j] + w2 * tmp[o2 + j] + w3 * tmp[o3 + j];
    const o = dOff + j;
    if (a <= 0) {
      dst[o] = 0;
      dst[o + 1] = 0;
      dst[o + 2] = 0;
      dst[o + 3] = 0;
      continue;
    }
    const inv = 1 / a;
    const r = (w0 * tmp[o0 + j + 1] + w1 * tmp[o1 + j + 1] + w2 * tmp[o2 + j + 1] + w3 * tmp[o3 + j + 1]) * inv;
    const g = (w0 * tmp[o0 + j + 2] + w1 * tmp[o1 + j + 2] + w2 * tmp[o2 + j + 2] + w3 * tmp[o3 + j + 2]) * inv;
    const b = (w0 * tmp[o0 + j + 3] + w1 * tmp[o1 + j + 3] + w2 * tmp[o2 + j + 3] + w3 * tmp[o3 + j + 3]) * inv;
    // dst is a Uint8ClampedArray: it clamps to 0..255 and rounds.
    dst[o] = r;
    dst[o + 1] = g;
    dst[o + 2] = b;
    dst[o + 3] = a * 255;
  }
}

let tmpScratch = new Float32Array(0);

/**
 * Resamples rows [rowFrom, rowTo) of a layer's visible region into `dst` (RGBA, not premultiplied, width vw).
 * The source is RGB or RGBA; the layer is the source resized to outW x outH, of which the visible region
 * starts at (vx, vy) in layer coordinates.
 */
function resample(t) {
  const src = new Uint8Array(t.src);
  const dst = new Uint8ClampedArray(t.dst);
  const { srcW, srcH, channels, outW, outH, vx, vy, vw, rowFrom, rowTo } = t;
  const cx = contributions(vx, vw, outW, srcW);
  const cy = contributions(vy + rowFrom, rowTo - rowFrom, outH, srcH);
  const rows = rowTo - rowFrom;
  let srcRow0 = Infinity;
  let srcRow1 = 0;
  for (let i = 0; i < rows; i += 1) {
    srcRow0 = Math.min(srcRow0, cy.starts[i]);
    srcRow1 = Math.max(srcRow1, cy.starts[i] + cy.counts[i]);
  }
  // Horizontal pass: premultiplied (alpha, r*a, g*a, b*a) per visible column of each needed source row.
  const tmpStride = vw * 4;
  const need = (srcRow1 - srcRow0) * tmpStride;
  if (tmpScratch.length < need) tmpScratch = new Float32Array(need);
  const tmp = tmpScratch; // every element read is written first by the horizontal pass
  for (let sy = srcRow0; sy < srcRow1; sy += 1) {
    if (channels === 4) hpass4(src, sy * srcW * 4, tmp, (sy - srcRow0) * tmpStride, vw, cx.starts, cx.counts, cx.weights, cx.maxTaps);
    else hpass3(src, sy * srcW * 3, tmp, (sy - srcRow0) * tmpStride, vw, cx.starts, cx.counts, cx.weights, cx.maxTaps);
  }
  // Vertical pass, fused: four taps (enlarging) in one streaming loop per row; otherwise accumulated.
  const acc = new Float32Array(tmpStride);
  for (let y = 0; y < rows; y += 1) {
    const s = cy.starts[y];
    const n = cy.counts[y];
    const wb = y * cy.maxTaps;
    const dOff = (rowFrom + y) * vw * 4;
    if (n === 4) {
      const o0 = (s - srcRow0) * tmpStride;
      vpass4(tmp, o0, o0 + tmpStride, o0 + 2 * tmpStride, o0 + 3 * tmpStride, cy.weights[wb], cy.weights[wb + 1], cy.weights[wb + 2], cy.weights[wb + 3], dst, dOff, vw);
      continue;
    }
    acc.fill(0);
    for (let k = 0; k < n; k += 1) {
      const w = cy.weights[wb + k];
      const tOff = (s + k - srcRow0) * tmpStride;
      for (let j = 0; j < tmpStride; j += 1) acc[j] += w * tmp[tOff + j];
    }
    vpass4(acc, 0, 0, 0, 0, 1, 0, 0, 0, dst, dOff, vw);
  }
}

/**
 * Composes canvas row y (RGBA, not premultiplied) into `row` (and its 32-bit view `row32`): the background
 * row, then each layer over it. Opaque and empty pixels move as whole 32-bit words; only soft alpha is
 * blended channel by channel.
 */
function composeRow(y, bgRow, layers, row, row32) {
  row32.set(bgRow);
  for (const l of layers) {
    if (y < l.y || y >= l.y + l.h) continue;
    const sOff = (y - l.y) * l.w;
    if (l.opaque) {
      row32.set(l.pixels32.subarray(sOff, sOff + l.w), l.x);
      continue;
    }
    const px32 = l.pixels32;
    const px = l.pixels;
    for (let i = 0; i < l.w; i += 1) {
      const p = px32[sOff + i];
      const sa = p >>> 24;
      if (sa === 0) continue;
      const di = l.x + i;
      if (sa === 255) {
        row32[di] = p;
        continue;
      }
      const d = di * 4;
      const s4 = (sOff + i) * 4;
      const da = row[d + 3];
      if (da === 255) {
        // Over an opaque pixel: c = Sc * Sa + Dc * (1 - Sa), in integers with rounding.
        const ia = 255 - sa;
        row[d] = (px[s4] * sa + row[d] * ia + 127) / 255;
        row[d + 1] = (px[s4 + 1] * sa + row[d + 1] * ia + 127) / 255;
        row[d + 2] = (px[s4 + 2] * sa + row[d + 2] * ia + 127) / 255;
        continue;
      }
      // General Porter-Duff over, not premultiplied in and out.
      const s = sa / 255;
      const dd = (da / 255) * (1 - s);
      const a = s + dd;
      const inv = 1 / a;
      row[d] = (px[s4] * s + row[d] * dd) * inv + 0.5;
      row[d + 1] = (px[s4 + 1] * s + row[d + 1] * dd) * inv + 0.5;
      row[d + 2] = (px[s4 + 2] * s + row[d + 2] * dd) * inv + 0.5;
      row[d + 3] = a * 255 + 0.5;
    }
  }
}

const FILTERS = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 };

/** Writes filter type `f` of `cur` (previous row `prev`, bytes per pixel 4) to out[o+1 ...], type at out[o]. */
let upScratch = new Uint32Array(0);

function filterRow(f, cur, prev, out, o) {
  const n = cur.length;
  out[o] = f;
  o += 1;
  switch (f) {
    case 0:
      out.set(cur, o);
      return;
    case 1:
      for (let i = 0; i < 4; i += 1) out[o + i] = cur[i];
      for (let i = 4; i < n; i += 1) out[o + i] = cur[i] - cur[i - 4];
      return;
    case 2: {
      // Byte-wise cur - prev, four bytes per 32-bit operation (no borrow between bytes), into an aligned
      // scratch row, then one copy to the (unaligned) place after the filter byte.
      const words = n >> 2;
      if (upScratch.length < words) upScratch = new Uint32Array(words);
      const c32 = new Uint32Array(cur.buffer, cur.byteOffset, words);
      const p32 = new Uint32Array(prev.buffer, prev.byteOffset, words);
      for (let i = 0; i < words; i += 1) {
        const a = c32[i];
        const b = p32[i];
        upScratch[i] = (((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080)) >>> 0;
      }
      out.set(new Uint8Array(upScratch.buffer, 0, words * 4), o);
      return;
    }
    case 3:
      for (let i = 0; i < 4; i += 1) out[o + i] = cur[i] - (prev[i] >> 1);
      for (let i = 4; i < n; i += 1) out[o + i] = cur[i] - ((cur[i - 4] + prev[i]) >> 1);
      return;
    case 4:
      for (let i = 0; i < 4; i += 1) out[o + i] = cur[i] - prev[i];
      for (let i = 4; i < n; i += 1) {
        const a = cur[i - 4];
        const b = prev[i];
        const c = prev[i - 4];
        const p = a + b - c;
        const pa = p > a ? p - a : a - p;
        const pb = p > b ? p - b : b - p;
        const pc = p > c ? p - c : c - p;
        out[o + i] = cur[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
  }
}

/** libpng's heuristic: the filter whose output has the least sum of absolute (signed) bytes. */
function adaptiveRow(cur, prev, out, o, scratch) {
  let best = 0;
  let bestSum = Infinity;
  for (let f = 0; f <= 4; f += 1) {
    filterRow(f, cur, prev, scratch, 0);
    let sum = 0;
    for (let i = 1; i < scratch.length; i += 1) {
      const v = scratch[i];
      sum += v < 128 ? v : 256 - v;
      if (sum >= bestSum) break;
    }
    if (sum < bestSum) {
      bestSum = sum;
      best = f;
    }
  }
  filterRow(best, cur, prev, out, o);
}

function adler32(buf) {
  let a = 1;
  let b = 0;
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const end = Math.min(i + 5552, n);
    for (; i < end; i += 1) {
      a += buf[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Composes rows [rowFrom, rowTo), filters them and deflates them as one piece of a shared zlib stream. */
function compose(t) {
  const { width, bg, rowFrom, rowTo, filter, level, strategy, last } = t;
  const layers = t.layers.map((l) => ({ ...l, pixels: new Uint8Array(l.pixels), pixels32: new Uint32Array(l.pixels) }));
  const stride = width * 4;
  const bgRow = new Uint32Array(width).fill(new Uint32Array(Uint8Array.from(bg).buffer)[0]);
  let prev = new Uint8Array(stride);
  let cur = new Uint8Array(stride);
  let prev32 = new Uint32Array(prev.buffer);
  let cur32 = new Uint32Array(cur.buffer);
  if (rowFrom > 0) composeRow(rowFrom - 1, bgRow, layers, prev, prev32);
  const out = new Uint8Array((rowTo - rowFrom) * (stride + 1));
  const scratch = filter === 'adaptive' ? new Uint8Array(stride + 1) : null;
  const f = FILTERS[filter] ?? 0;
  for (let y = rowFrom; y < rowTo; y += 1) {
    composeRow(y, bgRow, layers, cur, cur32);
    const o = (y - rowFrom) * (stride + 1);
    if (scratch) adaptiveRow(cur, prev, out, o, scratch);
    else filterRow(f, cur, prev, out, o);
    const swap = prev;
    prev = cur;
    cur = swap;
    const swap32 = prev32;
    prev32 = cur32;
    cur32 = swap32;
  }
  const deflated = zlib.deflateRawSync(out, {
    level,
    strategy,
    finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
  });
  return { deflated, adler: adler32(out), length: out.length };
}

/** Composes rows [rowFrom, rowTo) into the shared RGBA canvas, for an encoder outside the workers. */
function composeRaw(t) {
  const { width, bg, rowFrom, rowTo } = t;
  const layers = t.layers.map((l) => ({ ...l, pixels: new Uint8Array(l.pixels), pixels32: new Uint32Array(l.pixels) }));
  const bgRow = new Uint32Array(width).fill(new Uint32Array(Uint8Array.from(bg).buffer)[0]);
  for (let y = rowFrom; y < rowTo; y += 1) {
    const row = new Uint8Array(t.canvas, y * width * 4, width * 4);
    composeRow(y, bgRow, layers, row, new Uint32Array(t.canvas, y * width * 4, width));
  }
}

parentPort.on('message', ({ id, task }) => {
  try {
    if (task.kind === 'compose-raw') {
      composeRaw(task);
      parentPort.postMessage({ id, result: null });
    } else if (task.kind === 'resample') {
      resample(task);
      parentPort.postMessage({ id, result: null });
    } else {
      const result = compose(task);
      parentPort.postMessage({ id, result }); // copied: deflate's Buffer may share a pooled ArrayBuffer
    }
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
