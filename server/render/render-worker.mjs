// A render worker: composes strips of the canvas (canvas-rows.mjs, resampling layers as it goes) and
// PNG-encodes them (scanline-encoder.mjs, or Node's zlib when the server is set so), or resamples a layer ahead of time, on
// its own core. Plain JavaScript on purpose: worker threads start without a TypeScript loader (vitest, tsx,
// node alike). Sources and placed layers are shared (SharedArrayBuffers), so nothing large is copied between
// threads.
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';
import { CanvasRows } from './canvas-rows.mjs';
import { heap, LayerRows, resetScratch } from './catrom-resampler.mjs';
import { PreviewBox } from './preview-box.mjs';
import { ScanlineStrip } from './scanline-encoder.mjs';

/**
 * Compose, filter and deflate rows [rowFrom, rowTo) of the canvas (see `compose`).
 * @typedef {object} ComposeTask
 * @property {'compose'} kind
 * @property {number} width
 * @property {number} height
 * @property {import('./preview-box.mjs').PreviewPixels | null} preview
 * @property {readonly number[]} bg [r, g, b, a]
 * @property {readonly import('./canvas-rows.mjs').CanvasLayer[]} layers
 * @property {number} rowFrom
 * @property {number} rowTo
 * @property {import('./scanline-encoder.mjs').ScanlineFilter} filter
 * @property {'scanline' | 'zlib'} deflater
 * @property {number} level zlib only
 * @property {number} strategy zlib only
 * @property {3 | 4} channels
 * @property {boolean} last
 * @property {SharedArrayBuffer} out
 * @property {number} outOffset
 * @property {number} outCapacity
 */

/** What `compose` answers. @typedef {{ deflatedLength: number, adler: number, length: number }} ComposedStrip */

/**
 * Resample rows [rowFrom, rowTo) of a layer's visible part into `dst` (see `resample`).
 * @typedef {object} ResampleTask
 * @property {'resample'} kind
 * @property {SharedArrayBuffer} src
 * @property {number} srcW
 * @property {number} srcH
 * @property {3 | 4} channels
 * @property {SharedArrayBuffer} dst
 * @property {number} outW
 * @property {number} outH
 * @property {number} vx
 * @property {number} vy
 * @property {number} vw
 * @property {number} rowFrom
 * @property {number} rowTo
 */

/** @typedef {ComposeTask | ResampleTask} RenderTask */

/**
 * Composes rows [rowFrom, rowTo) (canvas-rows.mjs), filters them and deflates them as one piece of a shared
 * deflate stream, into `out` (a SharedArrayBuffer) at `outOffset`, at most `outCapacity` bytes: with the
 * scanline encoder, or with Node's zlib (`deflater` 'zlib', at `level` and `strategy`). `channels` 3 writes
 * RGB (every output pixel is opaque), 4 writes RGBA. With `preview`, also the strip's rows of the preview
 * (preview-box.mjs; the strip starts on a block row).
 * @param {ComposeTask} t
 * @returns {ComposedStrip}
 */
function compose(t) {
  const { width, rowFrom, rowTo, filter, last, channels } = t;
  resetScratch();
  // The row before the strip is composed too: the strip's first row is filtered against it.
  const first = Math.max(0, rowFrom - 1);
  const canvas = new CanvasRows(t, first, rowTo);
  const strip = new ScanlineStrip(width * channels, rowTo - rowFrom, channels);
  const preview = t.preview ? new PreviewBox(t.preview, width, t.height) : null;
  const mem = heap();
  for (let y = first; y < rowTo; y += 1) {
    const at = canvas.row(y);
    strip.row.set(channels === 3 ? canvas.packRgb() : mem.subarray(at, at + width * 4));
    if (y < rowFrom) {
      strip.skip();
      continue;
    }
    preview?.add(y, canvas.rgba);
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

/**
 * Resamples rows [rowFrom, rowTo) of a layer's visible part (see LayerRows) into `dst` (RGBA, width vw), whose
 * first row is the visible part's first row, vy.
 * @param {ResampleTask} t
 */
function resample(t) {
  resetScratch();
  const rows = new LayerRows({ ...t, fromRow: t.vy + t.rowFrom, toRow: t.vy + t.rowTo });
  const mem = heap();
  const dst = new Uint8Array(t.dst);
  const bytes = t.vw * 4;
  for (let y = t.rowFrom; y < t.rowTo; y += 1) {
    const at = rows.row(t.vy + y);
    dst.set(mem.subarray(at, at + bytes), y * bytes);
  }
}

const port = parentPort;
if (!port) throw new Error('render-worker.mjs runs as a worker thread (worker-pool.ts starts it)');
port.on('message', (/** @type {{ id: number, task: RenderTask }} */ { id, task }) => {
  try {
    if (task.kind === 'resample') {
      resample(task);
      port.postMessage({ id, result: null });
    } else {
      port.postMessage({ id, result: compose(task) });
    }
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
