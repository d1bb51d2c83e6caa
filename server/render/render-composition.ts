import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { intersectRect, parseSize, type BackgroundChangeRequest, type Rect, type Size } from '../../src/core/index.ts';
import { assemblePng, type DeflatedPiece } from './png-writer.ts';
import { RenderCache } from './render-cache.ts';
import { WorkerPool } from './worker-pool.ts';

/** Images above this many pixels are refused before their pixels are decoded (a decompression bomb guard). */
export const MAX_INPUT_PIXELS = 100_000_000;

export interface CompositionImages {
  foreground: Buffer;
  template: Buffer | null;
}

export interface RenderedImage {
  png: Buffer;
  width: number;
  height: number;
}

export type PngFilter = 'none' | 'sub' | 'up' | 'average' | 'paeth' | 'adaptive';

export interface PngSettings {
  /**
   * 'sharp': the workers compose into one shared canvas and libvips (libpng + zlib-ng) encodes it, with
   * `filter` 'none' or 'adaptive' only. 'strips': the workers also filter and deflate row strips with Node's
   * zlib, joined into one stream (png-writer.ts), any filter.
   */
  encoder: 'sharp' | 'strips';
  /** zlib level 0-9. */
  level: number;
  /** The PNG row filter for every row, or libpng's per-row heuristic ('adaptive'). */
  filter: PngFilter;
  /** zlib strategy (zlib.constants.Z_DEFAULT_STRATEGY = 0, Z_FILTERED = 1, Z_RLE = 3, ...). */
  strategy: number;
}

/**
 * Chosen by measurement (bench/render.ts prints the table): on photo-like 3840x3840 output, Up at level 1
 * is within a few per cent of the smallest file of any level-1..6 setting at a fraction of the time; the
 * adaptive heuristic and higher levels cost several times more time for a few per cent of size.
 */
export const DEFAULT_PNG: PngSettings = { encoder: 'strips', level: 1, filter: 'up', strategy: 0 };

/** Decoded sources and resized layers kept for repeated jobs: 384 MB holds example 3's set about three times. */
export const DEFAULT_CACHE_BYTES = 384 * 1024 * 1024;

export interface RenderOptions {
  png?: Partial<PngSettings>;
  /** Pixel cache shared between jobs; `null` renders cold. Defaults to the module's shared cache. */
  cache?: RenderCache<CachedPixels> | null;
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

/** The module's cache, shared by all jobs of this process. */
export const renderCache = new RenderCache<CachedPixels>(DEFAULT_CACHE_BYTES);

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
async function decode(image: Buffer, cache: RenderCache<CachedPixels> | null): Promise<{ key: string; pixels: CachedPixels }> {
  const key = `src:${createHash('sha1').update(image).digest('hex')}`;
  const hit = cache?.get(key);
  if (hit) return { key, pixels: hit };
  let pipeline = sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).autoOrient().toColourspace('srgb');
  const meta = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  if (!meta.hasAlpha) pipeline = pipeline.removeAlpha();
  else pipeline = pipeline.ensureAlpha();
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected ${info.channels} channels after decoding`);
  const shared = new SharedArrayBuffer(data.length);
  new Uint8Array(shared).set(data);
  const pixels: CachedPixels = { data: shared, width: info.width, height: info.height, channels: info.channels };
  cache?.set(key, pixels, data.length);
  return { key, pixels };
}

interface PlacedLayer {
  pixels: SharedArrayBuffer; // RGBA of the visible region, not premultiplied
  rect: Rect; // where on the canvas
  opaque: boolean; // every pixel's alpha is 255 (an RGB source)
}

/**
 * One layer: the source resized to `size`, only its part visible at (x, y) on the canvas, resampled by the
 * workers in row bands (ImageMagick's Catrom resize, see render-worker.mjs).
 */
async function placeLayer(
  source: { key: string; pixels: CachedPixels },
  size: Size,
  x: number,
  y: number,
  canvas: Size,
  cache: RenderCache<CachedPixels> | null,
): Promise<PlacedLayer | null> {
  const visible = intersectRect({ x, y, ...size }, { x: 0, y: 0, ...canvas });
  if (!visible) return null;
  const vx = visible.x - x;
  const vy = visible.y - y;
  const key = `layer:${source.key}:${size.width}x${size.height}:${vx},${vy},${visible.width}x${visible.height}`;
  const hit = cache?.get(key);
  if (hit) return { pixels: hit.data, rect: visible, opaque: source.pixels.channels === 3 };
  const bytes = visible.width * visible.height * 4;
  const dst = new SharedArrayBuffer(bytes);
  const workers = pool();
  // Bands of rows: several per worker (the last ones balance the load), and at most ~0.5 M pixels each, which
  // bounds a worker's intermediate buffer (16 bytes a pixel, ~8 MB) on an 8192-wide canvas too.
  const bands = Math.min(visible.height, workers.size * 3);
  const per = Math.max(1, Math.min(Math.ceil(visible.height / bands), Math.floor(500_000 / visible.width)));
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
      }),
    );
  }
  await Promise.all(tasks);
  cache?.set(key, { data: dst, width: visible.width, height: visible.height, channels: 4 }, bytes);
  return { pixels: dst, rect: visible, opaque: source.pixels.channels === 3 };
}

/**
 * Renders a validated Background Change request as Akool's examples define it, bottom to top: the colour
 * fill, the template at `modify_template_size` (its natural size when absent) and offset, then the foreground
 * at `modify_origin_img_size` and offset. What lies outside the canvas is clipped; with neither colour nor
 * template the background stays transparent. Returns an RGBA PNG.
 *
 * Resampling matches ImageMagick's `-filter Catrom -resize WxH!` (centre-aligned Catmull-Rom), which is also
 * how a browser canvas places a scaled image. Work is split over one worker per core: each layer is
 * resampled only where it is visible, then the canvas is composed, filtered and deflated in row strips
 * whose deflate streams are joined into one PNG.
 */
export async function renderComposition(request: BackgroundChangeRequest, images: CompositionImages, options: RenderOptions = {}): Promise<RenderedImage> {
  const canvas = sizeOf(request.canvas_size, 'canvas_size');
  const cache = options.cache === undefined ? renderCache : options.cache;
  const png = { ...DEFAULT_PNG, ...options.png };
  const bg: [number, number, number, number] = request.color_code ? [...rgbOf(request.color_code), 255] : [0, 0, 0, 0];
  const foregroundSize = sizeOf(request.modify_origin_img_size, 'modify_origin_img_size');
  const templateSize = request.modify_template_size ? sizeOf(request.modify_template_size, 'modify_template_size') : null;
  const useTemplate = images.template !== null && Boolean(request.template_url);

  // Each layer is resampled as soon as its own source is decoded: the JPEG template (fast to decode) is
  // already being resampled by the workers while the PNG foreground still decodes.
  const placed = await Promise.all([
    useTemplate
      ? decode(images.template!, cache).then((template) =>
          placeLayer(template, templateSize ?? { width: template.pixels.width, height: template.pixels.height }, request.overlay_template_x ?? 0, request.overlay_template_y ?? 0, canvas, cache),
        )
      : Promise.resolve(null),
    decode(images.foreground, cache).then((foreground) => placeLayer(foreground, foregroundSize, request.overlay_origin_x, request.overlay_origin_y, canvas, cache)),
  ]);
  const layers = placed
    .filter((l): l is PlacedLayer => l !== null)
    .map((l) => ({ pixels: l.pixels, opaque: l.opaque, x: l.rect.x, y: l.rect.y, w: l.rect.width, h: l.rect.height }));

  const workers = pool();
  if (png.encoder === 'sharp') {
    const canvasPixels = new SharedArrayBuffer(canvas.width * canvas.height * 4);
    const bands = Math.min(canvas.height, workers.size * 4);
    const per = Math.ceil(canvas.height / bands);
    const tasks: Promise<unknown>[] = [];
    for (let rowFrom = 0; rowFrom < canvas.height; rowFrom += per) {
      tasks.push(workers.run({ kind: 'compose-raw', canvas: canvasPixels, width: canvas.width, bg, layers, rowFrom, rowTo: Math.min(canvas.height, rowFrom + per) }));
    }
    await Promise.all(tasks);
    const encoded = await sharp(new Uint8Array(canvasPixels), { raw: { width: canvas.width, height: canvas.height, channels: 4 } })
      .png({ compressionLevel: png.level, adaptiveFiltering: png.filter === 'adaptive' })
      .toBuffer();
    return { png: encoded, width: canvas.width, height: canvas.height };
  }
  // Strips of ~128 rows or more: enough pieces to keep every core busy to the end, few enough that the
  // deflate dictionary resets cost nothing measurable.
  const strips = Math.max(1, Math.min(Math.ceil(canvas.height / 128), workers.size * 8));
  const per = Math.ceil(canvas.height / strips);
  const tasks: Promise<DeflatedPiece>[] = [];
  for (let rowFrom = 0; rowFrom < canvas.height; rowFrom += per) {
    const rowTo = Math.min(canvas.height, rowFrom + per);
    tasks.push(
      workers.run<DeflatedPiece>({
        kind: 'compose',
        width: canvas.width,
        bg,
        layers,
        rowFrom,
        rowTo,
        filter: png.filter,
        level: png.level,
        strategy: png.strategy,
        last: rowTo === canvas.height,
      }),
    );
  }
  const pieces = await Promise.all(tasks);
  return { png: assemblePng(canvas.width, canvas.height, pieces), width: canvas.width, height: canvas.height };
}
