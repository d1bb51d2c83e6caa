import { boxMean } from './box-filter.ts';
import { guidedCoefficients, type ColorPlanes } from './guided-filter.ts';

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

export const DEFAULT_REFINE: RefineOptions = { radius: 6, eps: 1e-3 };

/** Where the mask's neighbourhood is all background or all subject, the mask is kept as it is. */
const CERTAIN = 0.004;

/**
 * The alpha matte at full resolution from a coarse mask: the colour guided filter is fitted at the working size
 * (the photo and the mask both resized to it) and its coefficients are upsampled and applied to the full-size
 * photo (the "fast guided filter" of He & Sun 2015), so the edge follows the photo's own pixels instead of the
 * blurred staircase of a 1024-px mask stretched over 12 MP. Far from any edge the mask is kept, which stops the
 * filter from lifting background areas that happen to share the subject's colours.
 */
export function refineMatte(full: PixelImage, working: ColorPlanes, workingMask: Float32Array, options: RefineOptions = DEFAULT_REFINE): Float32Array {
  const { width: w, height: h } = working;
  const coefficients = guidedCoefficients(working, workingMask, options.radius, options.eps);
  const neighbourhood = boxMean(workingMask, w, h, options.radius + 1);
  const { width: W, height: H, channels, data } = full;
  const alpha = new Float32Array(W * H);
  const sx = w / W;
  const sy = h / H;
  for (let y = 0; y < H; y += 1) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < W; x += 1) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const i00 = y0 * w + x0;
      const i01 = y0 * w + x1;
      const i10 = y1 * w + x0;
      const i11 = y1 * w + x1;
      const w00 = (1 - tx) * (1 - ty);
      const w01 = tx * (1 - ty);
      const w10 = (1 - tx) * ty;
      const w11 = tx * ty;
      const lerp = (plane: Float32Array) => plane[i00]! * w00 + plane[i01]! * w01 + plane[i10]! * w10 + plane[i11]! * w11;
      const certainty = lerp(neighbourhood);
      const out = y * W + x;
      if (certainty <= CERTAIN || certainty >= 1 - CERTAIN) {
        alpha[out] = Math.min(1, Math.max(0, lerp(workingMask)));
        continue;
      }
      const p = out * channels;
      const value =
        lerp(coefficients.ar) * (data[p]! / 255) +
        lerp(coefficients.ag) * (data[p + 1]! / 255) +
        lerp(coefficients.ab) * (data[p + 2]! / 255) +
        lerp(coefficients.b);
      alpha[out] = value < 0 ? 0 : value > 1 ? 1 : value;
    }
  }
  return alpha;
}

/** The mask stretched to full size with no refinement: what the raw model gives, the baseline each step must beat. */
export function upsampleMask(mask: Float32Array, w: number, h: number, W: number, H: number): Float32Array {
  const out = new Float32Array(W * H);
  const sx = w / W;
  const sy = h / H;
  for (let y = 0; y < H; y += 1) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < W; x += 1) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = mask[y0 * w + x0]! * (1 - tx) + mask[y0 * w + x1]! * tx;
      const bottom = mask[y1 * w + x0]! * (1 - tx) + mask[y1 * w + x1]! * tx;
      out[y * W + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}
