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

/**
 * Resamples rows [rowFrom, rowTo) of a layer's visible region into `dst` (RGBA, not premultiplied, width vw).
 * The source is RGB or RGBA; the layer is the source resized to outW x outH, of which the visible region
 * starts at (vx, vy) in layer coordinates.
 */
function resample(t) {
  const src = new Uint8Array(t.src);
  const dst = new Uint8Array(t.dst);
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
  const tmp = new Float32Array((srcRow1 - srcRow0) * tmpStride);
  const { starts, counts, weights, maxTaps } = cx;
  for (let sy = srcRow0; sy < srcRow1; sy += 1) {
    const rowOff = sy * srcW * channels;
    const tOff = (sy - srcRow0) * tmpStride;
    for (let i = 0; i < vw; i += 1) {
      const s = starts[i];
      const n = counts[i];
      const wb = i * maxTaps;
      let a = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      if (channels === 4) {
        for (let k = 0; k < n; k += 1) {
          const p = rowOff + (s + k) * 4;
          const aw = weights[wb + k] * src[p + 3];
          a += aw;
          r += aw * src[p];
          g += aw * src[p + 1];
          b += aw * src[p + 2];
        }
        a /= 255;
        // IM stores each pass un-premultiplied and clamped to its quantum; do the same, then premultiply.
        const alpha = a < 0 ? 0 : a > 1 ? 1 : a;
        const inv = a !== 0 ? 1 / (a * 255) : 0;
        let rr = r * inv;
        let gg = g * inv;
        let bb = b * inv;
        rr = rr < 0 ? 0 : rr > 255 ? 255 : rr;
        gg = gg < 0 ? 0 : gg > 255 ? 255 : gg;
        bb = bb < 0 ? 0 : bb > 255 ? 255 : bb;
        const o = tOff + i * 4;
        tmp[o] = alpha;
        tmp[o + 1] = rr * alpha;
        tmp[o + 2] = gg * alpha;
        tmp[o + 3] = bb * alpha;
      } else {
        for (let k = 0; k < n; k += 1) {
          const p = rowOff + (s + k) * 3;
          const w = weights[wb + k];
          r += w * src[p];
          g += w * src[p + 1];
          b += w * src[p + 2];
        }
        const o = tOff + i * 4;
        tmp[o] = 1;
        tmp[o + 1] = r < 0 ? 0 : r > 255 ? 255 : r;
        tmp[o + 2] = g < 0 ? 0 : g > 255 ? 255 : g;
        tmp[o + 3] = b < 0 ? 0 : b > 255 ? 255 : b;
      }
    }
  }
  // Vertical pass, one output row at a time, accumulated across the row so the inner loop streams.
  const acc = new Float32Array(tmpStride);
  for (let y = 0; y < rows; y += 1) {
    acc.fill(0);
    const s = cy.starts[y];
    const n = cy.counts[y];
    for (let k = 0; k < n; k += 1) {
      const w = cy.weights[y * cy.maxTaps + k];
      const tOff = (s + k - srcRow0) * tmpStride;
      for (let j = 0; j < tmpStride; j += 1) acc[j] += w * tmp[tOff + j];
    }
    const dOff = (rowFrom + y) * vw * 4;
    for (let i = 0; i < vw; i += 1) {
      const a = acc[i * 4];
      const o = dOff + i * 4;
      if (a <= 0) {
        dst[o] = 0;
        dst[o + 1] = 0;
        dst[o + 2] = 0;
        dst[o + 3] = 0;
        continue;
      }
      const inv = 1 / a;
      const r = acc[i * 4 + 1] * inv;
      const g = acc[i * 4 + 2] * inv;
      const b = acc[i * 4 + 3] * inv;
      dst[o] = r > 255 ? 255 : r + 0.5; // Uint8Array truncates: + 0.5 rounds; negatives clamp to 0
      dst[o + 1] = g > 255 ? 255 : g + 0.5;
      dst[o + 2] = b > 255 ? 255 : b + 0.5;
      dst[o + 3] = a >= 1 ? 255 : a * 255 + 0.5;
    }
  }
}

/** Composes canvas row y (RGBA, not premultiplied) into `row`. */
function composeRow(y, width, bg, layers, row) {
  const [br, bgc, bb, ba] = bg;
  for (let i = 0; i < width * 4; i += 4) {
    row[i] = br;
    row[i + 1] = bgc;
    row[i + 2] = bb;
    row[i + 3] = ba;
  }
  for (const l of layers) {
    if (y < l.y || y >= l.y + l.h) continue;
    const px = l.pixels;
    const sOff = (y - l.y) * l.w * 4;
    const dOff0 = l.x * 4;
    for (let i = 0; i < l.w * 4; i += 4) {
      const sa = px[sOff + i + 3];
      if (sa === 0) continue;
      const d = dOff0 + i;
      if (sa === 255) {
        row[d] = px[sOff + i];
        row[d + 1] = px[sOff + i + 1];
        row[d + 2] = px[sOff + i + 2];
        row[d + 3] = 255;
        continue;
      }
      const da = row[d + 3];
      if (da === 255) {
        // Over an opaque pixel: c = Sc * Sa + Dc * (1 - Sa), in integers with rounding.
        const ia = 255 - sa;
        row[d] = (px[sOff + i] * sa + row[d] * ia + 127) / 255;
        row[d + 1] = (px[sOff + i + 1] * sa + row[d + 1] * ia + 127) / 255;
        row[d + 2] = (px[sOff + i + 2] * sa + row[d + 2] * ia + 127) / 255;
        continue;
      }
      // General Porter-Duff over, not premultiplied in and out.
      const s = sa / 255;
      const dd = (da / 255) * (1 - s);
      const a = s + dd;
      const inv = 1 / a;
      row[d] = (px[sOff + i] * s + row[d] * dd) * inv + 0.5;
      row[d + 1] = (px[sOff + i + 1] * s + row[d + 1] * dd) * inv + 0.5;
      row[d + 2] = (px[sOff + i + 2] * s + row[d + 2] * dd) * inv + 0.5;
      row[d + 3] = a * 255 + 0.5;
    }
  }
}

const FILTERS = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 };

/** Writes filter type `f` of `cur` (previous row `prev`, bytes per pixel 4) to out[o+1 ...], type at out[o]. */
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
    case 2:
      for (let i = 0; i < n; i += 1) out[o + i] = cur[i] - prev[i];
      return;
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
  const layers = t.layers.map((l) => ({ ...l, pixels: new Uint8Array(l.pixels) }));
  const stride = width * 4;
  let prev = new Uint8Array(stride);
  let cur = new Uint8Array(stride);
  if (rowFrom > 0) composeRow(rowFrom - 1, width, bg, layers, prev);
  const out = new Uint8Array((rowTo - rowFrom) * (stride + 1));
  const scratch = filter === 'adaptive' ? new Uint8Array(stride + 1) : null;
  const f = FILTERS[filter] ?? 0;
  for (let y = rowFrom; y < rowTo; y += 1) {
    composeRow(y, width, bg, layers, cur);
    const o = (y - rowFrom) * (stride + 1);
    if (scratch) adaptiveRow(cur, prev, out, o, scratch);
    else filterRow(f, cur, prev, out, o);
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  const deflated = zlib.deflateRawSync(out, {
    level,
    strategy,
    finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
  });
  return { deflated, adler: adler32(out), length: out.length };
}

parentPort.on('message', ({ id, task }) => {
  try {
    if (task.kind === 'resample') {
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
