import { boxMean } from './box-filter.ts';
import { guidedCoefficients, type ColorPlanes } from './guided-filter.ts';
import type { Box } from './subject-box.ts';

/** A photo's pixels at full resolution: 3 or 4 interleaved 8-bit channels, RGB first. */
export interface PixelImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

export interface RefineOptions {
  /** The guided filter's window radius, in pixels of the working image. */
  radius: number;
  /** The guided filter's ridge (on colours in 0..1): larger keeps the mask's own shape, smaller follows the photo. */
  eps: number;
}

/**
 * The filter's window grows with how far the mask is stretched: measured on the sample bottle over a backdrop
 * (alpha error in an 8-px band around the true edge), at 1:1 a radius of 1-2 matches the raw mask (0.025) and 6
 * is worse (0.034); stretched 3.1x (9 MP) radius 6 halves the raw mask's error (0.074 -> 0.040). eps 1e-4 was
 * best or equal at every radius.
 */
export function refineOptionsFor(full: { width: number; height: number }, working: { width: number; height: number }): RefineOptions {
  const stretch = Math.max(full.width / working.width, full.height / working.height);
  return { radius: Math.min(8, Math.max(1, Math.round(2 * stretch))), eps: 1e-4 };
}

/**
 * How far from the mask's 0.5 contour (in working pixels, beyond the filter's own window) the matte is taken as
 * certain: exactly 0 outside, exactly 1 inside. The model leaves a floor of ~1-2 % over the background and soft
 * patches (~80 %) inside glossy products; neither is a real partial transparency.
 */
const BAND = 4;

/**
 * The alpha matte at full resolution from a coarse mask: the colour guided filter is fitted at the working size
 * (the photo and the mask both resized to it) and its coefficients are upsampled and applied to the full-size
 * photo (the "fast guided filter" of He & Sun 2015), so the edge follows the photo's own pixels instead of the
 * blurred staircase of a 1024-px mask stretched over 12 MP. Away from the mask's edge the matte is 0 or 1,
 * which also stops the filter from lifting background areas that share the subject's colours.
 */
export function refineMatte(
  full: PixelImage,
  working: ColorPlanes,
  workingMask: Float32Array,
  options: RefineOptions = refineOptionsFor(full, working),
  alpha: Float32Array = new Float32Array(full.width * full.height),
): Float32Array {
  const { width: w, height: h } = working;
  const certain = certainRegions(workingMask, w, h, options.radius + BAND);
  // The coefficients are read only at uncertain pixels and their bilinear neighbours, and each depends on the
  // photo and the mask within twice the radius: fitted on that box alone, they are the same, for the part of
  // the working image a product's edge crosses (a sixth of it for the bottle at 4 MP).
  const fitted = uncertainBox(certain, w, h, 1 + 2 * options.radius);
  const { ar, ag, ab, b } = guidedCoefficients(cropPlanes(working, fitted), cropPlane(workingMask, w, fitted), options.radius, options.eps);
  const { width: W, height: H, channels, data } = full;
  const columns = samplingPositions(W, w);
  const rows = samplingPositions(H, h);
  // Full-size columns that sample the same pair of working columns, as [start, end) runs: where the four
  // working pixels around a run are equally certain, the whole run is filled at once.
  const runs = columnRuns(columns.first);
  // A pair of working rows' stretches, found once and filled or blended by every full-size row that samples
  // that pair (2-4 of them at 4-12 MP).
  const stretches = new Int32Array(3 * runs.length);
  let stretchCount = 0;
  let pair = -1;
  for (let y = 0; y < H; y += 1) {
    const ty = rows.weight[y]!;
    const first = rows.first[y]!;
    const second = rows.second[y]!;
    if (first * h + second !== pair) {
      pair = first * h + second;
      stretchCount = rowStretches(certain, first * w, second * w, columns, runs, stretches);
    }
    // The same rows in the fitted box, for the coefficients.
    const fittedRow0 = (first - fitted.y) * fitted.width - fitted.x;
    const fittedRow1 = (second - fitted.y) * fitted.width - fitted.x;
    const rowStart = y * W;
    for (let s = 0; s < stretchCount; s += 1) {
      const from = stretches[3 * s]!;
      const c = stretches[3 * s + 2]!;
      if (c >= 0) {
        alpha.fill(c, rowStart + runs[from]!, rowStart + runs[stretches[3 * s + 1]!]!);
        continue;
      }
      const start = runs[from]!;
      const end = runs[from + 1]!;
      const x0 = columns.first[start]!;
      const x1 = columns.second[start]!;
      const k00 = fittedRow0 + x0;
      const k01 = fittedRow0 + x1;
      const k10 = fittedRow1 + x0;
      const k11 = fittedRow1 + x1;
      for (let x = start; x < end; x += 1) {
        const tx = columns.weight[x]!;
        const w00 = (1 - tx) * (1 - ty);
        const w01 = tx * (1 - ty);
        const w10 = (1 - tx) * ty;
        const w11 = tx * ty;
        const out = rowStart + x;
        const p = out * channels;
        const value =
          (ar[k00]! * w00 + ar[k01]! * w01 + ar[k10]! * w10 + ar[k11]! * w11) * data[p]! * (1 / 255) +
          (ag[k00]! * w00 + ag[k01]! * w01 + ag[k10]! * w10 + ag[k11]! * w11) * data[p + 1]! * (1 / 255) +
          (ab[k00]! * w00 + ab[k01]! * w01 + ab[k10]! * w10 + ab[k11]! * w11) * data[p + 2]! * (1 / 255) +
          (b[k00]! * w00 + b[k01]! * w01 + b[k10]! * w10 + b[k11]! * w11);
        alpha[out] = value < 0 ? 0 : value > 1 ? 1 : value;
      }
    }
  }
  return alpha;
}

/**
 * The runs of one pair of working rows (starting at `row0` and `row1`) as stretches, three values each into
 * `out`: first run, the run after the last, and their certainty. Runs whose four working pixels agree on 0 or
 * 1 join one stretch while the next agrees too (most of a row is one or two such stretches); any other run is a
 * stretch of its own, certainty -1, to be blended. Returns the number of stretches.
 */
function rowStretches(certain: Int8Array, row0: number, row1: number, columns: { first: Int32Array; second: Int32Array }, runs: Int32Array, out: Int32Array): number {
  const certainty = (run: number) => {
    const x0 = columns.first[runs[run]!]!;
    const x1 = columns.second[runs[run]!]!;
    const c = certain[row0 + x0]!;
    return c >= 0 && c === certain[row0 + x1] && c === certain[row1 + x0] && c === certain[row1 + x1] ? c : -1;
  };
  let count = 0;
  for (let r = 0; r + 1 < runs.length; ) {
    const c = certainty(r);
    let next = r + 1;
    if (c >= 0) while (next + 1 < runs.length && certainty(next) === c) next += 1;
    out[3 * count] = r;
    out[3 * count + 1] = next;
    out[3 * count + 2] = c;
    count += 1;
    r = next;
  }
  return count;
}

/**
 * The box of the uncertain pixels (-1) grown by `margin` on each side, inside the image; the whole image when
 * none is uncertain (then no coefficient is read).
 */
export function uncertainBox(certain: Int8Array, w: number, h: number, margin: number): Box {
  let left = w;
  let right = -1;
  let top = h;
  let bottom = -1;
  for (let y = 0; y < h; y += 1) {
    const row = y * w;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x += 1) {
      if (certain[row + x] === -1) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    left = Math.min(left, first);
    right = Math.max(right, last);
    top = Math.min(top, y);
    bottom = y;
  }
  if (right < 0) return { x: 0, y: 0, width: w, height: h };
  const x = Math.max(0, left - margin);
  const y = Math.max(0, top - margin);
  return { x, y, width: Math.min(w, right + margin + 1) - x, height: Math.min(h, bottom + margin + 1) - y };
}

function cropPlane(plane: Float32Array, width: number, box: Box): Float32Array {
  if (box.x === 0 && box.y === 0 && box.width === width && box.height * width === plane.length) return plane;
  const out = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y += 1) {
    const from = (box.y + y) * width + box.x;
    out.set(plane.subarray(from, from + box.width), y * box.width);
  }
  return out;
}

function cropPlanes(planes: ColorPlanes, box: Box): ColorPlanes {
  const { width } = planes;
  return { width: box.width, height: box.height, r: cropPlane(planes.r, width, box), g: cropPlane(planes.g, width, box), b: cropPlane(planes.b, width, box) };
}

/** 1 where the whole neighbourhood is subject, 0 where it is all background, -1 near the edge. */
function certainRegions(mask: Float32Array, w: number, h: number, radius: number): Int8Array {
  const binary = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i += 1) binary[i] = mask[i]! >= 0.5 ? 1 : 0;
  const share = boxMean(binary, w, h, radius);
  const certain = new Int8Array(mask.length);
  for (let i = 0; i < mask.length; i += 1) certain[i] = share[i]! < 1e-6 ? 0 : share[i]! > 1 - 1e-6 ? 1 : -1;
  return certain;
}

/** Where the first source column changes: run r covers output columns [runs[r], runs[r + 1]). */
function columnRuns(first: Int32Array): Int32Array {
  const starts = [0];
  for (let x = 1; x < first.length; x += 1) if (first[x] !== first[x - 1]) starts.push(x);
  starts.push(first.length);
  return Int32Array.from(starts);
}

/** For each output column (or row), the two source ones around its centre and the weight of the second. */
function samplingPositions(outSize: number, inSize: number) {
  const first = new Int32Array(outSize);
  const second = new Int32Array(outSize);
  const weight = new Float32Array(outSize);
  for (let x = 0; x < outSize; x += 1) {
    const fx = Math.min(inSize - 1, Math.max(0, (x + 0.5) * (inSize / outSize) - 0.5));
    first[x] = Math.floor(fx);
    second[x] = Math.min(inSize - 1, first[x]! + 1);
    weight[x] = fx - first[x]!;
  }
  return { first, second, weight };
}

/** The mask stretched to full size with no refinement: what the raw model gives, the baseline each step must beat. */
export function upsampleMask(mask: Float32Array, w: number, h: number, W: number, H: number, out: Float32Array = new Float32Array(W * H)): Float32Array {
  const columns = samplingPositions(W, w);
  const rows = samplingPositions(H, h);
  for (let y = 0; y < H; y += 1) {
    const row0 = rows.first[y]! * w;
    const row1 = rows.second[y]! * w;
    const ty = rows.weight[y]!;
    for (let x = 0; x < W; x += 1) {
      const x0 = columns.first[x]!;
      const x1 = columns.second[x]!;
      const tx = columns.weight[x]!;
      const top = mask[row0 + x0]! * (1 - tx) + mask[row0 + x1]! * tx;
      const bottom = mask[row1 + x0]! * (1 - tx) + mask[row1 + x1]! * tx;
      out[y * W + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}
