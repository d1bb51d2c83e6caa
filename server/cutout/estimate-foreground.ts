import { boxMean } from './box-filter.ts';
import { clamp01 } from './clamp01.ts';
import type { PixelImage } from './refine-matte.ts';
import type { Box } from './subject-box.ts';

/**
 * The subject's own colours where the matte is partly transparent. A photo's edge pixel is a mix
 * I = αF + (1-α)B of subject and old background; keeping I as the cut-out's colour carries the old background
 * onto the new one as a halo. Blur-fusion (Forte & Pitié 2021) estimates F from the local means of subject and
 * background, twice: a wide pass, then a narrow one seeded with the first pass's F and local background means.
 * Returns RGBA: the photo where α = 1, F where 0 < α < 1, transparent black where α = 0. F is trusted by how much
 * clear background its narrow window holds (none: the photo's colour; 10 % or more: F), so a soft patch the
 * matte leaves inside a subject keeps its own colour instead of losing a background that is not there.
 *
 * Only the edge needs F, and a 12-MP photo's edge is a few per cent of it, so the work is shaped to that:
 * - the wide pass's means span hundreds of pixels and are smooth, so they are taken on a grid of cells
 *   (`wideCell` px square) and interpolated: one pass over the photo instead of seven full-size blurs;
 * - the narrow pass runs only on tiles that hold edge pixels, each with the narrow radius around it.
 * Measured against the plain full-resolution form (matte-steps.test.ts), the edge colours agree
 * within a few levels, at a fraction of the time and memory (docs/PERFORMANCE.md).
 */
export function estimateForeground(
  image: PixelImage,
  alpha: Float32Array,
  radii: readonly [number, number] = defaultRadii(image),
  { region = wholeImage(image), crop = region, out }: ForegroundWindow = {},
): Uint8Array {
  const [wideRadius, narrowRadius] = radii;
  const wide = wideMeans(image, alpha, wideRadius, region);
  const rgba = out ?? new Uint8Array(crop.width * crop.height * 4);
  const { width, channels, data } = image;
  // Fully the subject: its pixels are the photo's, untouched; the edge's are written by the narrow pass. A
  // 32-bit view writes each pixel at once.
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, crop.width * crop.height);
  for (let y = crop.y; y < crop.y + crop.height; y += 1) {
    let q = (y - crop.y) * crop.width;
    for (let i = y * width + crop.x, end = i + crop.width; i < end; i += 1, q += 1) {
      if (alpha[i]! >= 1) {
        const p = i * channels;
        pixels[q] = LITTLE_ENDIAN
          ? (0xff000000 | (data[p + 2]! << 16) | (data[p + 1]! << 8) | data[p]!) >>> 0
          : ((data[p]! << 24) | (data[p + 1]! << 16) | (data[p + 2]! << 8) | 0xff) >>> 0;
      } else {
        pixels[q] = 0;
      }
    }
  }
  const tile = TILE;
  const scratch = new NarrowScratch(tile + 2 * narrowRadius);
  for (let y = crop.y; y < crop.y + crop.height; y += tile) {
    for (let x = crop.x; x < crop.x + crop.width; x += tile) {
      const box = { x, y, width: Math.min(tile, crop.x + crop.width - x), height: Math.min(tile, crop.y + crop.height - y) };
      if (hasEdge(alpha, width, box)) narrowPass(image, alpha, wide, narrowRadius, box, region, crop, scratch, rgba);
    }
  }
  return rgba;
}

/**
 * Where the estimate looks and what it writes, both boxes of the photo: the means see only `region` (windows
 * are clipped at its borders as at the photo's), the output covers `crop` (inside region), row by row, into
 * `out` when given (any contents: every pixel is written).
 */
export interface ForegroundWindow {
  region?: Box;
  crop?: Box;
  out?: Uint8Array;
}

function wholeImage(image: { width: number; height: number }): Box {
  return { x: 0, y: 0, width: image.width, height: image.height };
}

/**
 * The paper's radii (90, then 6), grown with photos over 1 MP, whose edges span more pixels. Never smaller: on
 * synthetic soft edges a wide pass of 8 px left ~30 levels of the old background in the edge, 90 px ~3.
 */
export function defaultRadii(image: { width: number; height: number }): [number, number] {
  const scale = Math.max(1, Math.max(image.width, image.height) / 1024);
  return [Math.round(90 * scale), Math.round(6 * scale)];
}

/** Whether a 32-bit word's low byte comes first in memory (R of an RGBA pixel in the low byte). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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
  /**
   * Per cell, the window's backdrop share (mean 1-α): apart from the means, which every partial pixel of a
   * tile's surround reads, as only the few faint pixels with no clear background near need it.
   */
  backdropShare: Float32Array;
}

/** The grid covers `region`, its first cell at the region's corner; lookups are in region coordinates. */
function wideMeans(image: PixelImage, alpha: Float32Array, radius: number, region: Box): WideMeans {
  const { channels, data } = image;
  const { width, height } = region;
  const cell = Math.max(1, Math.floor(radius / CELLS_PER_WIDE_RADIUS));
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const cells = columns * rows;
  // Sums per cell: count, α, I·α (3), I·(1-α) (3). The window's mean is a ratio of window sums, so the
  // blur of the per-cell sums (any normalisation) gives it exactly up to the cells' granularity.
  const sums = Array.from({ length: 8 }, () => new Float32Array(cells));
  const [pixels, solid, fr, fg, fb, br, bg, bb] = sums as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  for (let y = 0; y < height; y += 1) {
    const cellRow = Math.floor(y / cell) * columns;
    const row = (region.y + y) * image.width + region.x;
    // One cell's stretch of the row at a time, summed in locals, then added to the cell once.
    for (let column = 0; column < columns; column += 1) {
      const from = column * cell;
      const to = Math.min(width, from + cell);
      let sa = 0;
      let sfr = 0;
      let sfg = 0;
      let sfb = 0;
      let sbr = 0;
      let sbg = 0;
      let sbb = 0;
      for (let x = from; x < to; x += 1) {
        const i = row + x;
        const a = alpha[i]!;
        const p = i * channels;
        const r = data[p]!;
        const g = data[p + 1]!;
        const b = data[p + 2]!;
        sa += a;
        sfr += r * a;
        sfg += g * a;
        sfb += b * a;
        sbr += r * (1 - a);
        sbg += g * (1 - a);
        sbb += b * (1 - a);
      }
      const k = cellRow + column;
      pixels[k]! += to - from;
      solid[k]! += sa;
      fr[k]! += sfr / 255;
      fg[k]! += sfg / 255;
      fb[k]! += sfb / 255;
      br[k]! += sbr / 255;
      bg[k]! += sbg / 255;
      bb[k]! += sbb / 255;
    }
  }
  const reach = Math.max(1, Math.round(radius / cell));
  const [count, a, ...colour] = sums.map((plane) => boxMean(plane, columns, rows, reach));
  const means = new Float32Array(cells * 6);
  const backdropShare = new Float32Array(cells);
  for (let k = 0; k < cells; k += 1) {
    const n = count![k]!;
    const subject = a![k]! + 1e-5 * n;
    const backdrop = n - a![k]! + 1e-5 * n;
    for (let c = 0; c < 3; c += 1) {
      means[k * 6 + c] = colour[c]![k]! / subject;
      means[k * 6 + 3 + c] = colour[3 + c]![k]! / backdrop;
    }
    backdropShare[k] = 1 - a![k]! / n;
  }
  return { cell, columns, rows, means, backdropShare };
}

/** F̂ and B̂ of the wide pass at pixel (x, y) of its region, interpolated between cell centres. */
function wideAt(wide: WideMeans, x: number, y: number, out: Float32Array): void {
  interpolateCells(wide, wide.means, 6, x, y, out);
}

/** The wide window's backdrop share at pixel (x, y) of its region, interpolated as the means are. */
function wideBackdropShareAt(wide: WideMeans, x: number, y: number, out: Float32Array): number {
  interpolateCells(wide, wide.backdropShare, 1, x, y, out);
  return out[0]!;
}

/** `count` interleaved values per cell, interpolated bilinearly between the cell centres around (x, y). */
function interpolateCells(wide: WideMeans, values: Float32Array, count: number, x: number, y: number, out: Float32Array): void {
  const { cell, columns, rows } = wide;
  const fx = Math.min(columns - 1, Math.max(0, (x + 0.5) / cell - 0.5));
  const fy = Math.min(rows - 1, Math.max(0, (y + 0.5) / cell - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(columns - 1, x0 + 1);
  const y1 = Math.min(rows - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const k00 = (y0 * columns + x0) * count;
  const k01 = (y0 * columns + x1) * count;
  const k10 = (y1 * columns + x0) * count;
  const k11 = (y1 * columns + x1) * count;
  for (let c = 0; c < count; c += 1) {
    const top = values[k00 + c]! * (1 - tx) + values[k01 + c]! * tx;
    const bottom = values[k10 + c]! * (1 - tx) + values[k11 + c]! * tx;
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
  /**
   * The summed-area table of the window, (w+1) x (h+1) cells of 8 interleaved sums: α, F·α (3), B·(1-α) (3),
   * clear pixels (α <= CLEAR_ALPHA).
   * Only the edge pixels need the narrow means, so each is read from it in four lookups instead of blurring
   * whole planes (the box blurs of every tile were the largest cost of a 12-MP removal).
   */
  readonly sums: Float64Array;
  readonly wide = new Float32Array(6);
  readonly f = new Float64Array(3);
  readonly b = new Float64Array(3);
  constructor(side: number) {
    this.sums = new Float64Array((side + 1) * (side + 1) * PLANES);
  }
}

const PLANES = 8;

/**
 * How much of the old background an edge pixel's colour is corrected for, from the share of clear pixels
 * (α <= CLEAR_ALPHA) in its narrow window: a partial α with no clear background near it is a soft patch
 * inside the subject (the model's matte on glossy products), not an edge, and its photo colour is its own.
 */
export const CLEAR_ALPHA = 0.02;
const CLEAR_SHARE_FOR_FULL_ESTIMATE = 0.1;

/** How far an edge pixel's estimate is taken, from the share of clear pixels in its window: 0 to 1. */
export function estimateTrust(clearShare: number): number {
  return clearShare >= CLEAR_SHARE_FOR_FULL_ESTIMATE ? 1 : clearShare / CLEAR_SHARE_FOR_FULL_ESTIMATE;
}

/**
 * How far a faint pixel's colour can be read as its mix of backdrop and subject, which `fringeMatte` then
 * holds its alpha to: fully where clear background is in its narrow window (`trust`); else by three
 * conditions together:
 * - its colour lies on the line between the local backdrop and subject means B and F (its squared distance
 *   across that line under 0.002, fading out by 0.006: ~7 and ~11 levels a channel), so the mix explains it;
 * - the wide window is mostly backdrop (its share from 0.2 to 0.4), so B is the backdrop's colour and not
 *   the subject's own, as it is deep inside a subject;
 * - the narrow window is not mostly subject (its mean α under 0.5, fading out by 0.65).
 * That is the gap between close strands of hair: no pixel near it is clear, yet its colour is the backdrop's,
 * seen through (narrow mean α 0.1-0.6 on the strands scene). A light highlight on a dark cap, which the matte
 * left under 0.5, reads as backdrop too, but is enclosed by the subject (narrow mean α 0.7-0.9), and keeps
 * its alpha.
 */
export function backdropEvidence(trust: number, across: number, wideBackdropShare: number, narrowSubjectShare: number): number {
  const onMixLine = clamp01((0.006 - across) / 0.004);
  const backdropKnown = clamp01((wideBackdropShare - 0.2) / 0.2);
  const notEnclosed = clamp01((0.65 - narrowSubjectShare) / 0.15);
  return Math.max(trust, onMixLine * backdropKnown * notEnclosed);
}

/**
 * A faint fringe's alpha, checked against its colour. Where α < 0.5 and the backdrop is known (`evidence`), the colour
 * places the pixel between the local subject and backdrop means (`along / spread`, the projection of I - B on
 * F - B); a matte above that (+ 0.05) is the model's spill into the backdrop, shown over a new background as a
 * ring, and is lowered to it. Each condition fades in rather than switching (the means' squared distance from
 * 0.05 to 0.1, the trust in the estimate, α from 0.5 down to 0.4), so neighbouring pixels never jump apart.
 */
export function fringeMatte(a: number, along: number, spread: number, evidence: number): number {
  if (!(a > 0 && a < 0.5) || spread <= 0.05) return a;
  const fromColours = Math.max(0, along / spread) + 0.05;
  if (fromColours >= a) return a;
  const weight = Math.min(1, (spread - 0.05) / 0.05) * evidence * Math.min(1, (0.5 - a) / 0.1);
  return a - weight * (a - fromColours);
}

/**
 * The narrow pass on one tile: the wide pass's F and B over the tile and its surround, their local means, and
 * F at the tile's edge pixels. Windows are clipped only by the region's borders, as the plain form's by the photo's.
 */
function narrowPass(
  image: PixelImage,
  alpha: Float32Array,
  wide: WideMeans,
  radius: number,
  tile: Box,
  region: Box,
  crop: Box,
  scratch: NarrowScratch,
  rgba: Uint8Array,
): void {
  const { width, channels, data } = image;
  const x0 = Math.max(region.x, tile.x - radius);
  const y0 = Math.max(region.y, tile.y - radius);
  const x1 = Math.min(region.x + region.width, tile.x + tile.width + radius);
  const y1 = Math.min(region.y + region.height, tile.y + tile.height + radius);
  const w = x1 - x0;
  const h = y1 - y0;
  const { sums } = scratch;
  const stride = (w + 1) * PLANES;
  sums.fill(0, 0, stride);
  const estimate = scratch.wide;
  for (let y = 0; y < h; y += 1) {
    const above = y * stride;
    const here = above + stride;
    for (let k = 0; k < PLANES; k += 1) sums[here + k] = 0;
    // The row's running sums, one per plane.
    let sa = 0;
    let sfr = 0;
    let sfg = 0;
    let sfb = 0;
    let sbr = 0;
    let sbg = 0;
    let sbb = 0;
    let sclear = 0;
    for (let x = 0; x < w; x += 1) {
      const i = (y0 + y) * width + x0 + x;
      const a = alpha[i]!;
      sa += a;
      if (a <= CLEAR_ALPHA) sclear += 1;
      if (a >= 1) {
        // The wide pass's F is the photo itself where α = 1, and B does not count.
        const p = i * channels;
        sfr += data[p]! / 255;
        sfg += data[p + 1]! / 255;
        sfb += data[p + 2]! / 255;
      } else {
        wideAt(wide, x0 + x - region.x, y0 + y - region.y, estimate);
        const inverse = 1 - a;
        sbr += estimate[3]! * inverse;
        sbg += estimate[4]! * inverse;
        sbb += estimate[5]! * inverse;
        if (a > 0) {
          const p = i * channels;
          sfr += blurFusionStep(estimate[0]!, estimate[3]!, data[p]! / 255, a) * a;
          sfg += blurFusionStep(estimate[1]!, estimate[4]!, data[p + 1]! / 255, a) * a;
          sfb += blurFusionStep(estimate[2]!, estimate[5]!, data[p + 2]! / 255, a) * a;
        }
      }
      const cell = here + (x + 1) * PLANES;
      const up = above + (x + 1) * PLANES;
      sums[cell] = sums[up]! + sa;
      sums[cell + 1] = sums[up + 1]! + sfr;
      sums[cell + 2] = sums[up + 2]! + sfg;
      sums[cell + 3] = sums[up + 3]! + sfb;
      sums[cell + 4] = sums[up + 4]! + sbr;
      sums[cell + 5] = sums[up + 5]! + sbg;
      sums[cell + 6] = sums[up + 6]! + sbb;
      sums[cell + 7] = sums[up + 7]! + sclear;
    }
  }
  for (let y = tile.y; y < tile.y + tile.height; y += 1) {
    const top = Math.max(0, y - y0 - radius);
    const bottom = Math.min(h, y - y0 + radius + 1);
    for (let x = tile.x; x < tile.x + tile.width; x += 1) {
      const i = y * width + x;
      const a = alpha[i]!;
      if (!(a > 0 && a < 1)) continue;
      const left = Math.max(0, x - x0 - radius);
      const right = Math.min(w, x - x0 + radius + 1);
      const count = (right - left) * (bottom - top);
      const c11 = bottom * stride + right * PLANES;
      const c01 = top * stride + right * PLANES;
      const c10 = bottom * stride + left * PLANES;
      const c00 = top * stride + left * PLANES;
      const scale = 1 / count;
      const ma = (sums[c11]! - sums[c01]! - sums[c10]! + sums[c00]!) * scale;
      const subject = (ma + 1e-5) * count;
      const backdrop = (1 - ma + 1e-5) * count;
      const p = i * channels;
      const q = ((y - crop.y) * crop.width + x - crop.x) * 4;
      const clearShare = (sums[c11 + 7]! - sums[c01 + 7]! - sums[c10 + 7]! + sums[c00 + 7]!) * scale;
      const trust = estimateTrust(clearShare);
      const f = scratch.f;
      const b = scratch.b;
      let along = 0;
      let spread = 0;
      let away = 0;
      for (let c = 0; c < 3; c += 1) {
        // Window sums of F·α over the subject's share, of B·(1-α) over the backdrop's: the narrow means.
        f[c] = (sums[c11 + 1 + c]! - sums[c01 + 1 + c]! - sums[c10 + 1 + c]! + sums[c00 + 1 + c]!) / subject;
        b[c] = (sums[c11 + 4 + c]! - sums[c01 + 4 + c]! - sums[c10 + 4 + c]! + sums[c00 + 4 + c]!) / backdrop;
        along += (data[p + c]! / 255 - b[c]!) * (f[c]! - b[c]!);
        spread += (f[c]! - b[c]!) ** 2;
        away += (data[p + c]! / 255 - b[c]!) ** 2;
      }
      let evidence = trust;
      if (trust < 1 && a < 0.5 && spread > 0) {
        const wideBackdrop = wideBackdropShareAt(wide, x - region.x, y - region.y, estimate);
        evidence = backdropEvidence(trust, Math.max(0, away - (along * along) / spread), wideBackdrop, ma);
      }
      const matte = fringeMatte(a, along, spread, evidence);
      for (let c = 0; c < 3; c += 1) {
        const photo = data[p + c]! / 255;
        rgba[q + c] = Math.round(255 * (photo + trust * (blurFusionStep(f[c]!, b[c]!, photo, matte) - photo)));
      }
      rgba[q + 3] = Math.round(matte * 255);
    }
  }
}

/** Blur-fusion's update: the mean subject colour plus α times what the mix I = αF + (1-α)B leaves unexplained. */
function blurFusionStep(fHat: number, bHat: number, photo: number, a: number): number {
  const value = fHat + a * (photo - a * fHat - (1 - a) * bHat);
  return value < 0 ? 0 : value > 1 ? 1 : value;
}
