// A render worker: resamples layers (catrom-resampler.mjs), composes strips of the canvas and PNG-encodes them
// (scanline-encoder.mjs, or Node's zlib to compare), on its own core. Plain JavaScript on purpose: worker threads start without a
// TypeScript loader (vitest, tsx, node alike). Pixels travel in SharedArrayBuffers, so nothing large is
// copied between threads.
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';
import { resample } from './catrom-resampler.mjs';
import { packRgb } from './png-rows.mjs';
import { PreviewBox } from './preview-box.mjs';
import { ScanlineStrip } from './scanline-encoder.mjs';

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

/** A row buffer padded to whole 32-bit words, with its word view. */
function paddedRow(bytes) {
  const row = new Uint8Array((bytes + 3) & ~3);
  return { row, row32: new Uint32Array(row.buffer) };
}

/**
 * Composes rows [rowFrom, rowTo), filters them and deflates them as one piece of a shared deflate stream, into
 * `out` (a SharedArrayBuffer) at `outOffset`, at most `outCapacity` bytes: with the scanline encoder, or with
 * Node's zlib (`deflater` 'zlib', at `level` and `strategy`). `channels` 3 writes RGB (the caller knows every
 * output pixel is opaque), 4 writes RGBA. With `preview`, also the strip's rows of the preview
 * (preview-box.mjs; the strip starts on a block row).
 */
function compose(t) {
  const { width, bg, rowFrom, rowTo, filter, last, channels } = t;
  const preview = t.preview ? new PreviewBox(t.preview, width, t.height) : null;
  const layers = t.layers.map((l) => ({ ...l, pixels: new Uint8Array(l.pixels), pixels32: new Uint32Array(l.pixels) }));
  const bgRow = new Uint32Array(width).fill(new Uint32Array(Uint8Array.from(bg).buffer)[0]);
  // The rows are composed into the encoder's own memory: RGBA straight into its row, RGB into `rgba` first,
  // then packed.
  const strip = new ScanlineStrip(width * channels, rowTo - rowFrom, channels);
  const rgba = channels === 3 ? paddedRow(width * 4) : null;
  const composeRowAt = (y) => {
    if (!rgba) return composeRow(y, bgRow, layers, strip.row, strip.row32);
    composeRow(y, bgRow, layers, rgba.row, rgba.row32);
    packRgb(rgba.row32, strip.row32, strip.row, width);
  };
  if (rowFrom > 0) {
    composeRowAt(rowFrom - 1);
    strip.skip();
  }
  for (let y = rowFrom; y < rowTo; y += 1) {
    composeRowAt(y);
    preview?.add(y, rgba ? rgba.row32 : strip.row32);
    strip.filter(filter, y - rowFrom);
  }
  const adler = strip.adler32();
  const deflated =
    t.deflater === 'zlib'
      ? zlib.deflateRawSync(strip.filtered, {
          level: t.level,
          strategy: t.strategy,
          finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
        })
      : strip.deflate(last);
  if (deflated.length > t.outCapacity) throw new Error(`deflated strip of ${deflated.length} bytes exceeds its ${t.outCapacity}-byte slot`);
  new Uint8Array(t.out, t.outOffset, deflated.length).set(deflated);
  return { deflatedLength: deflated.length, adler, length: strip.filtered.length };
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
      parentPort.postMessage({ id, result: compose(task) });
    }
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
