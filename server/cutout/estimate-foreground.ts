import { boxMean } from './box-filter.ts';
import type { PixelImage } from './refine-matte.ts';

/**
 * The subject's own colours where the matte is partly transparent. A photo's edge pixel is a mix
 * I = αF + (1-α)B of subject and old background; keeping I as the cut-out's colour carries the old background
 * onto the new one as a halo. Blur-fusion (Forte & Pitié 2021) estimates F from the local means of subject and
 * background, twice: a wide pass, then a narrow one seeded with the first pass's F and local background means.
 * Returns RGBA: the photo where α = 1, F where 0 < α < 1, transparent black where α = 0.
 *
 * Only the edge needs F, and a 12-MP photo's edge is a few per cent of it, so the work is shaped to that:
 * - the wide pass's means span hundreds of pixels and are smooth, so they are taken on a grid of cells
 *   (`wideCell` px square) and interpolated: one pass over the photo instead of seven full-size blurs;
 * - the narrow pass runs only on tiles that hold edge pixels, each with the narrow radius around it.
 * Measured against the plain full-resolution form (estimate-foreground.test.ts), the edge colours agree
 * within a few levels, at a fraction of the time and memory (docs/PERFORMANCE.md).
 */
export function estimateForeground(image: PixelImage, alpha: Float32Array, radii: readonly [number, number] = defaultRadii(image)): Uint8Array {
  const [wideRadius, narrowRadius] = radii;
  const wide = wideMeans(image, alpha, wideRadius);
  const rgba = new Uint8Array(image.width * image.height * 4);
  const { width, channels, data } = image;
  for (let i = 0; i < alpha.length; i += 1) {
    const a = alpha[i]!;
    if (a < 1) continue;
    // Fully the subject: its pixels are the photo's, untouched.
    const p = i * channels;
    const q = i * 4;
    rgba[q] = data[p]!;
    rgba[q + 1] = data[p + 1]!;
    rgba[q + 2] = data[p + 2]!;
    rgba[q + 3] = 255;
  }
  const tile = TILE;
  const tilesX = Math.ceil(width / tile);
  const tilesY = Math.ceil(image.height / tile);
  const scratch = new NarrowScratch(tile + 2 * narrowRadius);
  for (let ty = 0; ty < tilesY; ty += 1) {
    for (let tx = 0; tx < tilesX; tx += 1) {
      const box = { x: tx * tile, y: ty * tile, width: Math.min(tile, width - tx * tile), height: Math.min(tile, image.height - ty * tile) };
      if (hasEdge(alpha, width, box)) narrowPass(image, alpha, wide, narrowRadius, box, scratch, rgba);
    }
  }
  return rgba;
}

/**
 * The paper's radii (90, then 6), grown with photos over 1 MP, whose edges span more pixels. Never smaller: on
 * synthetic soft edges a wide pass of 8 px left ~30 levels of the old background in the edge, 90 px ~3.
 */
export function defaultRadii(image: { width: number; height: number }): [number, number] {
  const scale = Math.max(1, Math.max(image.width, image.height) / 1024);
  return [Math.round(90 * scale), Math.round(6 * scale)];
}

/** Tiles of the narrow pass: large enough that the radius around each adds little, small enough to skip most. */
const TILE = 128;

/** The wide window spans this many cells across its radius: enough that the cell grid does not show. */
const CELLS_PER_WIDE_RADIUS = 12;

/** The wide pass's local subject and background means, on a coarse grid, for bilinear lookup. */
interface WideMeans {
  cell: number;
  columns: number;
  rows: number;
  /** Per cell, interleaved: F̂ r, g, b, then B̂ r, g, b (0..1). */
  means: Float32Array;
}

function wideMeans(image: PixelImage, alpha: Float32Array, radius: number): WideMeans {
  const { width, height, channels, data } = image;
  const cell = Math.max(1, Math.floor(radius / CELLS_PER_WIDE_RADIUS));
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const cells = columns * rows;
  // Sums per cell: count, α, I·α (3), I·(1-α) (3). The window's mean is a ratio of window sums, so the
  // blur of the per-cell sums (any normalisation) gives it exactly up to the cells' granularity.
  const sums = Array.from({ length: 8 }, () => new Float32Array(cells));
  for (let y = 0; y < height; y += 1) {
    const cellRow = Math.floor(y / cell) * columns;
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      const k = cellRow + Math.floor(x / cell);
      const a = alpha[i]!;
      const p = i * channels;
      const r = data[p]! / 255;
      const g = data[p + 1]! / 255;
      const b = data[p + 2]! / 255;
      sums[0]![k]! += 1;
      sums[1]![k]! += a;
      sums[2]![k]! += r * a;
      sums[3]![k]! += g * a;
      sums[4]![k]! += b * a;
      sums[5]![k]! += r * (1 - a);
      sums[6]![k]! += g * (1 - a);
      sums[7]![k]! += b * (1 - a);
    }
  }
  const reach = Math.max(1, Math.round(radius / cell));
  const [count, a, ...colour] = sums.map((plane) => boxMean(plane, columns, rows, reach));
  const means = new Float32Array(cells * 6);
  for (let k = 0; k < cells; k += 1) {
    const n = count![k]!;
    const subject = a![k]! + 1e-5 * n;
    const backdrop = n - a![k]! + 1e-5 * n;
    for (let c = 0; c < 3; c += 1) {
      means[k * 6 + c] = colour[c]![k]! / subject;
      means[k * 6 + 3 + c] = colour[3 + c]![k]! / backdrop;
    }
  }
  return { cell, columns, rows, means };
}

/** F̂ and B̂ of the wide pass at pixel (x, y), interpolated between cell centres. */
function wideAt(wide: WideMeans, x: number, y: number, out: Float32Array): void {
  const { cell, columns, rows, means } = wide;
  const fx = Math.min(columns - 1, Math.max(0, (x + 0.5) / cell - 0.5));
  const fy = Math.min(rows - 1, Math.max(0, (y + 0.5) / cell - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(columns - 1, x0 + 1);
  const y1 = Math.min(rows - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const k00 = (y0 * columns + x0) * 6;
  const k01 = (y0 * columns + x1) * 6;
  const k10 = (y1 * columns + x0) * 6;
  const k11 = (y1 * columns + x1) * 6;
  for (let c = 0; c < 6; c += 1) {
    const top = means[k00 + c]! * (1 - tx) + means[k01 + c]! * tx;
    const bottom = means[k10 + c]! * (1 - tx) + means[k11 + c]! * tx;
    out[c] = top * (1 - ty) + bottom * ty;
  }
}

function hasEdge(alpha: Float32Array, width: number, box: { x: number; y: number; width: number; height: number }): boolean {
  for (let y = box.y; y < box.y + box.height; y += 1) {
    const row = y * width;
    for (let x = box.x; x < box.x + box.width; x += 1) {
      const a = alpha[row + x]!;
      if (a > 0 && a < 1) return true;
    }
  }
  return false;
}

/** Buffers for one tile and its surround, reused from tile to tile. */
class NarrowScratch {
  /** α, F·α (3), B·(1-α) (3) over the window, then their means. */
  readonly planes: Float32Array[];
  readonly means: Float32Array[];
  readonly wide = new Float32Array(6);
  constructor(side: number) {
    this.planes = Array.from({ length: 7 }, () => new Float32Array(side * side));
    this.means = Array.from({ length: 7 }, () => new Float32Array(side * side));
  }
}

/**
 * The narrow pass on one tile: the wide pass's F and B over the tile and its surround, their local means, and
 * F at the tile's edge pixels. Windows are clipped only by the photo's own borders, as in the plain form.
 */
function narrowPass(
  image: PixelImage,
  alpha: Float32Array,
  wide: WideMeans,
  radius: number,
  tile: { x: number; y: number; width: number; height: number },
  scratch: NarrowScratch,
  rgba: Uint8Array,
): void {
  const { width, height, channels, data } = image;
  const x0 = Math.max(0, tile.x - radius);
  const y0 = Math.max(0, tile.y - radius);
  const x1 = Math.min(width, tile.x + tile.width + radius);
  const y1 = Math.min(height, tile.y + tile.height + radius);
  const w = x1 - x0;
  const h = y1 - y0;
  const { planes, means } = scratch;
  const [pa, pfr, pfg, pfb, pbr, pbg, pbb] = planes as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const estimate = scratch.wide;
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const i = (y0 + y) * width + x0 + x;
      const j = y * w + x;
      const a = alpha[i]!;
      pa[j] = a;
      const p = i * channels;
      const r = data[p]! / 255;
      const g = data[p + 1]! / 255;
      const b = data[p + 2]! / 255;
      if (a >= 1) {
        // The wide pass's F is the photo itself where α = 1, and B does not count.
        pfr[j] = r;
        pfg[j] = g;
        pfb[j] = b;
        pbr[j] = pbg[j] = pbb[j] = 0;
        continue;
      }
      wideAt(wide, x0 + x, y0 + y, estimate);
      const inverse = 1 - a;
      pbr[j] = estimate[3]! * inverse;
      pbg[j] = estimate[4]! * inverse;
      pbb[j] = estimate[5]! * inverse;
      if (a <= 0) {
        pfr[j] = pfg[j] = pfb[j] = 0;
        continue;
      }
      pfr[j] = blurFusionStep(estimate[0]!, estimate[3]!, r, a) * a;
      pfg[j] = blurFusionStep(estimate[1]!, estimate[4]!, g, a) * a;
      pfb[j] = blurFusionStep(estimate[2]!, estimate[5]!, b, a) * a;
    }
  }
  for (let k = 0; k < 7; k += 1) boxMean(planes[k]!.subarray(0, w * h), w, h, radius, means[k]!.subarray(0, w * h));
  const [ma, mfr, mfg, mfb, mbr, mbg, mbb] = means as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  for (let y = tile.y; y < tile.y + tile.height; y += 1) {
    for (let x = tile.x; x < tile.x + tile.width; x += 1) {
      const i = y * width + x;
      const a = alpha[i]!;
      if (!(a > 0 && a < 1)) continue;
      const j = (y - y0) * w + (x - x0);
      const subject = ma[j]! + 1e-5;
      const backdrop = 1 - ma[j]! + 1e-5;
      const p = i * channels;
      const q = i * 4;
      rgba[q] = Math.round(255 * blurFusionStep(mfr[j]! / subject, mbr[j]! / backdrop, data[p]! / 255, a));
      rgba[q + 1] = Math.round(255 * blurFusionStep(mfg[j]! / subject, mbg[j]! / backdrop, data[p + 1]! / 255, a));
      rgba[q + 2] = Math.round(255 * blurFusionStep(mfb[j]! / subject, mbb[j]! / backdrop, data[p + 2]! / 255, a));
      rgba[q + 3] = Math.round(a * 255);
    }
  }
}

/** Blur-fusion's update: the mean subject colour plus α times what the mix I = αF + (1-α)B leaves unexplained. */
function blurFusionStep(fHat: number, bHat: number, photo: number, a: number): number {
  const value = fHat + a * (photo - a * fHat - (1 - a) * bHat);
  return value < 0 ? 0 : value > 1 ? 1 : value;
}
