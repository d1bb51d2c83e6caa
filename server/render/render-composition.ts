import { createHash } from 'node:crypto';
import { constants as zlibConstants } from 'node:zlib';
import sharp from 'sharp';
import { intersectRect, parseSize, type BackgroundChangeRequest, type Size } from '../../src/core/index.ts';
import { assemblePng, type DeflatedPiece } from './png-writer.ts';
import type { CanvasLayer } from './canvas-rows.mjs';
import type { ComposedStrip, ComposeTask, ResampleTask } from './render-worker.mjs';
import { deflatedBound } from './scanline-encoder.mjs';
import { MAX_INPUT_PIXELS } from '../images/pixel-limit.ts';
import { LruCache } from '../storage/lru-cache.ts';
import { SharedBufferPool } from './shared-buffer-pool.ts';
import { WorkerPool } from './worker-pool.ts';


export interface CompositionImages {
  foreground: Buffer;
  template: Buffer | null;
}

export interface RenderedImage {
  png: Buffer;
  width: number;
  height: number;
  /** With `RenderOptions.previewSide`: the result made small for the screen, as WebP. */
  preview?: RenderedPreview;
}

export interface RenderedPreview {
  webp: Buffer;
  width: number;
  height: number;
}

export type PngFilter = 'none' | 'sub' | 'up' | 'average' | 'paeth' | 'adaptive';

/**
 * How the workers deflate the strips' filtered rows: 'scanline', with the scanline encoder
 * (scanline-encoder.mjs: runs and literals, a dynamic Huffman code per 64 KB); 'zlib', with Node's zlib at
 * `level` and `strategy`. Either way the strips are joined into one stream (png-writer.ts).
 */
export type PngEncoder = 'scanline' | 'zlib';

export interface PngSettings {
  encoder: PngEncoder;
  /** zlib level 0-9 (the zlib encoder only). */
  level: number;
  /** The PNG row filter for every row, or libpng's per-row heuristic ('adaptive'). */
  filter: PngFilter;
  /** zlib strategy (zlib.constants.Z_DEFAULT_STRATEGY = 0, Z_FILTERED = 1, Z_RLE = 3, ...; the zlib encoder only). */
  strategy: number;
}

/**
 * The settings of each encoder the server can be set to (PNG_ENCODER, docs/CONFIGURATION.md): the same
 * filter, and zlib at level 1 with its RLE strategy, the nearest to the scanline encoder's runs. What each
 * costs on example 3 is in docs/PERFORMANCE.md ("PNG settings"), measured by bench/render.ts.
 */
export const PNG_SETTINGS: Readonly<Record<PngEncoder, PngSettings>> = {
  scanline: { encoder: 'scanline', level: 1, filter: 'average', strategy: 0 },
  zlib: { encoder: 'zlib', level: 1, filter: 'average', strategy: zlibConstants.Z_RLE },
};

export const DEFAULT_PNG: PngSettings = PNG_SETTINGS.scanline;

/** Decoded sources and resized layers kept for repeated jobs: 384 MB holds example 3's set about three times. */
export const DEFAULT_CACHE_BYTES = 384 * 1024 * 1024;

export interface RenderOptions {
  png?: Partial<PngSettings>;
  /**
   * Also make a preview of the result for the screen, at most this many pixels a side: the average of each
   * k x k block of the canvas (k the smallest whole factor that fits), taken while the PNG is composed.
   */
  previewSide?: number;
  /** Pixel cache shared between jobs; `null` renders cold. Defaults to the module's shared cache. */
  cache?: LruCache<CachedPixels> | null;
}

/** RGB or RGBA 8-bit pixels in shared memory. */
export interface CachedPixels {
  data: SharedArrayBuffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

let sharedPool: WorkerPool | null = null;
function pool(): WorkerPool {
  sharedPool ??= new WorkerPool();
  return sharedPool;
}

/** Idle pixel memory kept for the next job: a 3840x3840 job like example 3 uses ~190 MB. */
export const DEFAULT_IDLE_POOL_BYTES = 256 * 1024 * 1024;

/** The pixel memory of every render of this process (see shared-buffer-pool.ts for why it is reused). */
export const bufferPool = new SharedBufferPool(DEFAULT_IDLE_POOL_BYTES);

/** A cache whose entries' memory goes back to the buffer pool when they leave it. */
export function createPixelCache(capBytes: number): LruCache<CachedPixels> {
  return new LruCache<CachedPixels>(capBytes, (pixels) => bufferPool.release(pixels.data));
}

/** The module's cache, shared by all jobs of this process. */
export const renderCache = createPixelCache(DEFAULT_CACHE_BYTES);

/**
 * The pool buffers one render uses: those it acquired and the cached ones it reads. All go back when it ends
 * (a cached one stays with the cache, which holds a use of its own).
 */
class RenderBuffers {
  private readonly held: SharedArrayBuffer[] = [];
  private released = false;

  constructor(private readonly cache: LruCache<CachedPixels> | null) {}

  acquire(bytes: number): SharedArrayBuffer {
    if (this.released) throw new Error('the render is over: its buffers went back to the pool');
    const buffer = bufferPool.acquire(bytes);
    this.held.push(buffer);
    return buffer;
  }

  /** A cached entry, held for this render so that an eviction meanwhile cannot hand its memory to another. */
  cached(key: string): CachedPixels | undefined {
    const hit = this.cache?.get(key);
    if (hit) {
      bufferPool.retain(hit.data);
      this.held.push(hit.data);
    }
    return hit;
  }

  /** Gives the cache a use of `pixels` of its own. */
  keep(key: string, pixels: CachedPixels): void {
    if (this.cache?.set(key, pixels, pixels.data.byteLength)) bufferPool.retain(pixels.data);
  }

  releaseAll(): void {
    this.released = true;
    for (const buffer of this.held.splice(0)) bufferPool.release(buffer);
  }
}

/**
 * Promise.all that waits for every task before it fails: a render's buffers go back to the pool when it ends,
 * so no task of a failed render may still be writing into one.
 */
async function allSettled<T>(tasks: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

/**
 * Starts the render workers and runs a small render through them, so that the first real job finds threads
 * up and its hot loops compiled (the first run of a loop in a fresh worker is several times slower).
 */
export async function warmUpRenderer(): Promise<void> {
  const [foreground, template] = await Promise.all([
    sharp({ create: { width: 48, height: 64, channels: 4, background: { r: 200, g: 30, b: 40, alpha: 0.5 } } }).png().toBuffer(),
    sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 20, g: 90, b: 200 } } }).jpeg().toBuffer(),
  ]);
  const request: BackgroundChangeRequest = {
    canvas_size: '256x256',
    color_code: '#808080',
    template_url: 'warm-up',
    modify_template_size: '250x250',
    overlay_template_x: 10,
    overlay_template_y: -3,
    origin_img: 'warm-up',
    modify_origin_img_size: '160x200',
    overlay_origin_x: -5,
    overlay_origin_y: 20,
  };
  for (let i = 0; i < 3; i += 1) await renderComposition(request, { foreground, template }, { cache: null });
}

/** Stops the render workers (tests and benchmarks; the server's workers are unref'd and need no stop). */
export async function closeRenderWorkers(): Promise<void> {
  const p = sharedPool;
  sharedPool = null;
  await p?.close();
}

function sizeOf(text: string, field: string): Size {
  const size = parseSize(text);
  if (!size) throw new Error(`${field} is not a size: ${text}`);
  return size;
}

function rgbOf(hex: string): [number, number, number] {
  return [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];
}

/** Decodes a source once: upright (EXIF, as the browser shows it), sRGB, 8 bits, RGB or RGBA, in shared memory. */
async function decode(image: Buffer, buffers: RenderBuffers): Promise<{ key: string; pixels: CachedPixels }> {
  const key = `src:${createHash('sha256').update(image).digest('hex')}`;
  const hit = buffers.cached(key);
  if (hit) return { key, pixels: hit };
  let pipeline = sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).autoOrient().toColourspace('srgb');
  const meta = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  if (!meta.hasAlpha) pipeline = pipeline.removeAlpha();
  else pipeline = pipeline.ensureAlpha();
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected ${info.channels} channels after decoding`);
  const shared = buffers.acquire(data.length);
  new Uint8Array(shared).set(data);
  const pixels: CachedPixels = { data: shared, width: info.width, height: info.height, channels: info.channels };
  buffers.keep(key, pixels);
  return { key, pixels };
}

/** A flag that turns true once `promise` settles (false for none: nothing is pending). */
function settledFlag(promise: Promise<unknown> | null): { settled: boolean } {
  const flag = { settled: promise === null };
  promise?.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}

/**
 * One layer: the source resized to `size` at (x, y) on the canvas, only its visible part. Taken from the
 * cache when placed before, placed now by the workers when `placeNow` (ImageMagick's Catrom resize in row
 * bands, see catrom-resampler.mjs), else left for the strips to resample.
 */
async function layerOf(
  source: { key: string; pixels: CachedPixels },
  size: Size,
  x: number,
  y: number,
  canvas: Size,
  buffers: RenderBuffers,
  placeNow: boolean,
): Promise<CanvasLayer | null> {
  const visible = intersectRect({ x, y, ...size }, { x: 0, y: 0, ...canvas });
  if (!visible) return null;
  const vx = visible.x - x;
  const vy = visible.y - y;
  const rect = { x: visible.x, y: visible.y, w: visible.width, h: visible.height, opaque: source.pixels.channels === 3 };
  const key = `layer:${source.key}:${size.width}x${size.height}:${vx},${vy},${visible.width}x${visible.height}`;
  const hit = buffers.cached(key);
  if (hit) return { ...rect, pixels: hit.data };
  if (!placeNow) return { ...rect, source: source.pixels, outW: size.width, outH: size.height, vx, vy };
  const dst = buffers.acquire(visible.width * visible.height * 4);
  const workers = pool();
  // Bands of rows: several per worker (the last ones balance the load).
  const bands = Math.min(visible.height, workers.size * 3);
  const per = Math.ceil(visible.height / bands);
  const tasks: Promise<unknown>[] = [];
  for (let rowFrom = 0; rowFrom < visible.height; rowFrom += per) {
    tasks.push(
      workers.run({
        kind: 'resample',
        src: source.pixels.data,
        srcW: source.pixels.width,
        srcH: source.pixels.height,
        channels: source.pixels.channels,
        dst,
        outW: size.width,
        outH: size.height,
        vx,
        vy,
        vw: visible.width,
        rowFrom,
        rowTo: Math.min(visible.height, rowFrom + per),
      } satisfies ResampleTask),
    );
  }
  await allSettled(tasks);
  buffers.keep(key, { data: dst, width: visible.width, height: visible.height, channels: 4 });
  return { ...rect, pixels: dst };
}

/**
 * Renders a validated Background Change request as Akool's examples define it, bottom to top: the colour
 * fill, the template at `modify_template_size` (its natural size when absent) and offset, then the foreground
 * at `modify_origin_img_size` and offset. What lies outside the canvas is clipped; with neither colour nor
 * template the background stays transparent. Returns an RGB PNG when every pixel is opaque (a colour, or an
 * opaque template over the whole canvas), else an RGBA PNG.
 *
 * Resampling matches ImageMagick's `-filter Catrom -resize WxH!` (centre-aligned Catmull-Rom), which is also
 * how a browser canvas places a scaled image. Work is split over one worker per core: each layer is
 * resampled only where it is visible, then the canvas is composed, filtered and deflated in row strips
 * whose deflate streams are joined into one PNG.
 */
export async function renderComposition(request: BackgroundChangeRequest, images: CompositionImages, options: RenderOptions = {}): Promise<RenderedImage> {
  const buffers = new RenderBuffers(options.cache === undefined ? renderCache : options.cache);
  try {
    return await render(request, images, { ...DEFAULT_PNG, ...options.png }, options.previewSide ?? null, buffers);
  } finally {
    buffers.releaseAll();
  }
}

/** Room for a piece of `length` filtered bytes deflated, by the scanline encoder (its bound is above zlib's). */
function deflateBound(length: number): number {
  return deflatedBound(length);
}

/** The preview's size and its block factor for a canvas, at most `side` pixels a side. */
export function previewGeometry(canvas: Size, side: number): { k: number; width: number; height: number } {
  const k = Math.max(1, Math.ceil(Math.max(canvas.width, canvas.height) / side));
  return { k, width: Math.ceil(canvas.width / k), height: Math.ceil(canvas.height / k) };
}

/** Lossy WebP at the fastest effort: a screen preview, decoded by the browser in a few ms. */
const PREVIEW_WEBP = { quality: 85, effort: 0 } as const;

async function render(
  request: BackgroundChangeRequest,
  images: CompositionImages,
  png: PngSettings,
  previewSide: number | null,
  buffers: RenderBuffers,
): Promise<RenderedImage> {
  const canvas = sizeOf(request.canvas_size, 'canvas_size');
  const bg: [number, number, number, number] = request.color_code ? [...rgbOf(request.color_code), 255] : [0, 0, 0, 0];
  const foregroundSize = sizeOf(request.modify_origin_img_size, 'modify_origin_img_size');
  const templateSize = request.modify_template_size ? sizeOf(request.modify_template_size, 'modify_template_size') : null;
  const useTemplate = images.template !== null && Boolean(request.template_url);

  // Both sources decode at once. A layer whose source is ready while the other's still decodes is resampled by
  // the workers meanwhile (placed, and cached); the layer decoded last is resampled inside the strips, row by
  // row as they compose it, so its pixels never go through shared memory and nothing waits for a whole layer.
  const decodingTemplate = useTemplate ? decode(images.template!, buffers) : null;
  const decodingForeground = decode(images.foreground, buffers);
  // Registered before the layers' own callbacks, so each layer sees whether the other source is done.
  const templateDecoded = settledFlag(decodingTemplate);
  const foregroundDecoded = settledFlag(decodingForeground);
  const prepared = await allSettled([
    decodingTemplate
      ? decodingTemplate.then((template) =>
          layerOf(template, templateSize ?? { width: template.pixels.width, height: template.pixels.height }, request.overlay_template_x ?? 0, request.overlay_template_y ?? 0, canvas, buffers, !foregroundDecoded.settled),
        )
      : Promise.resolve(null),
    decodingForeground.then((foreground) =>
      layerOf(foreground, foregroundSize, request.overlay_origin_x, request.overlay_origin_y, canvas, buffers, decodingTemplate !== null && !templateDecoded.settled),
    ),
  ]);
  const layers: CanvasLayer[] = [];
  // Whether every canvas pixel is opaque under each layer (the colour, or an opaque layer over all of it
  // below): the workers then blend with the opaque-destination kernel.
  let covered = bg[3] === 255;
  for (const layer of prepared) {
    if (!layer) continue;
    layers.push({ ...layer, overOpaque: covered });
    if (layer.opaque && layer.x === 0 && layer.y === 0 && layer.w === canvas.width && layer.h === canvas.height) covered = true;
  }

  // Opaque output (a colour, or an opaque layer over the whole canvas) needs no alpha: RGB is a quarter fewer
  // bytes to compose, filter and deflate. Otherwise RGBA keeps the transparent parts transparent.
  const opaque = covered;
  const channels: 3 | 4 = opaque ? 3 : 4;
  const workers = pool();
  // Strips of ~128 rows or more: enough pieces to keep every core busy to the end, few enough that the
  // deflate dictionary resets cost nothing measurable. Each strip's deflated bytes go to its own slot of one
  // pooled buffer, from which the PNG is assembled. A strip starts on a row of preview blocks.
  const geometry = previewSide ? previewGeometry(canvas, previewSide) : null;
  const preview = geometry ? { ...geometry, channels, data: buffers.acquire(geometry.width * geometry.height * channels) } : null;
  const strips = Math.max(1, Math.min(Math.ceil(canvas.height / 128), workers.size * 8));
  const blockRows = geometry?.k ?? 1;
  const per = Math.ceil(canvas.height / strips / blockRows) * blockRows;
  const slots: Array<{ rowFrom: number; rowTo: number; offset: number; capacity: number }> = [];
  let slotBytes = 0;
  for (let rowFrom = 0; rowFrom < canvas.height; rowFrom += per) {
    const rowTo = Math.min(canvas.height, rowFrom + per);
    const capacity = deflateBound((rowTo - rowFrom) * (canvas.width * channels + 1));
    slots.push({ rowFrom, rowTo, offset: slotBytes, capacity });
    slotBytes += capacity;
  }
  const out = buffers.acquire(slotBytes);
  const pieces = await allSettled(
    slots.map(async ({ rowFrom, rowTo, offset, capacity }): Promise<DeflatedPiece> => {
      const piece = await workers.run<ComposedStrip>({
        kind: 'compose',
        width: canvas.width,
        height: canvas.height,
        preview,
        bg,
        layers,
        rowFrom,
        rowTo,
        filter: png.filter,
        deflater: png.encoder,
        level: png.level,
        strategy: png.strategy,
        channels,
        last: rowTo === canvas.height,
        out,
        outOffset: offset,
        outCapacity: capacity,
      } satisfies ComposeTask);
      return { deflated: new Uint8Array(out, offset, piece.deflatedLength), adler: piece.adler, length: piece.length };
    }),
  );
  // The preview encodes on libuv's threads while this thread assembles the PNG.
  const previewWebp = preview
    ? sharp(new Uint8Array(preview.data, 0, preview.width * preview.height * channels), { raw: { width: preview.width, height: preview.height, channels } })
        .webp(PREVIEW_WEBP)
        .toBuffer()
    : null;
  const [assembled, webp] = await allSettled<Buffer | null>([Promise.resolve().then(() => assemblePng(canvas.width, canvas.height, channels, pieces)), previewWebp ?? Promise.resolve(null)]);
  const result: RenderedImage = { png: assembled!, width: canvas.width, height: canvas.height };
  if (preview && webp) result.preview = { webp, width: preview.width, height: preview.height };
  return result;
}
