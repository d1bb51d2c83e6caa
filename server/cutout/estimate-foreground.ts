import { boxMean } from './box-filter.ts';
import type { PixelImage } from './refine-matte.ts';

/**
 * The subject's own colours where the matte is partly transparent. A photo's edge pixel is a mix
 * I = αF + (1-α)B of subject and old background; keeping I as the cut-out's colour carries the old background
 * onto the new one as a halo. Blur-fusion (Forte & Pitié 2021) estimates F from the local means of subject and
 * background, twice: a wide pass, then a narrow one seeded with the first pass's F and local background means.
 * Returns RGBA: F where α > 0, α from the matte.
 */
export function estimateForeground(image: PixelImage, alpha: Float32Array, radii: readonly number[] = defaultRadii(image)): Uint8Array {
  const { width, height, channels, data } = image;
  const n = width * height;
  const photo = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  for (let i = 0; i < n; i += 1) {
    const p = i * channels;
    photo[0][i] = data[p]! / 255;
    photo[1][i] = data[p + 1]! / 255;
    photo[2][i] = data[p + 2]! / 255;
  }
  let fg: readonly Float32Array[] = photo;
  let bg: readonly Float32Array[] = photo;
  const inverse = new Float32Array(n);
  for (let i = 0; i < n; i += 1) inverse[i] = 1 - alpha[i]!;
  for (const radius of radii) {
    const meanA = boxMean(alpha, width, height, radius);
    const meanInv = meanA.map((value) => 1 - value);
    const nextF: Float32Array[] = [];
    const nextB: Float32Array[] = [];
    for (let c = 0; c < 3; c += 1) {
      const weightedF = new Float32Array(n);
      const weightedB = new Float32Array(n);
      const f = fg[c]!;
      const b = bg[c]!;
      for (let i = 0; i < n; i += 1) {
        weightedF[i] = f[i]! * alpha[i]!;
        weightedB[i] = b[i]! * inverse[i]!;
      }
      const blurF = boxMean(weightedF, width, height, radius);
      const blurB = boxMean(weightedB, width, height, radius);
      const outF = new Float32Array(n);
      const outB = new Float32Array(n);
      const source = photo[c]!;
      for (let i = 0; i < n; i += 1) {
        const a = alpha[i]!;
        const fHat = blurF[i]! / (meanA[i]! + 1e-5);
        const bHat = blurB[i]! / (meanInv[i]! + 1e-5);
        const residual = source[i]! - a * fHat - (1 - a) * bHat;
        outF[i] = clamp01(fHat + a * residual);
        outB[i] = bHat;
      }
      nextF.push(outF);
      nextB.push(outB);
    }
    fg = nextF;
    bg = nextB;
  }
  const rgba = new Uint8Array(n * 4);
  for (let i = 0; i < n; i += 1) {
    const a = alpha[i]!;
    const q = i * 4;
    const p = i * channels;
    if (a >= 1) {
      // Fully the subject: its pixels are the photo's, untouched.
      rgba[q] = data[p]!;
      rgba[q + 1] = data[p + 1]!;
      rgba[q + 2] = data[p + 2]!;
    } else if (a > 0) {
      rgba[q] = Math.round(fg[0]![i]! * 255);
      rgba[q + 1] = Math.round(fg[1]![i]! * 255);
      rgba[q + 2] = Math.round(fg[2]![i]! * 255);
    }
    rgba[q + 3] = Math.round(a * 255);
  }
  return rgba;
}

/**
 * The paper's radii (90, then 6), grown with photos over 1 MP, whose edges span more pixels. Never smaller: on
 * synthetic soft edges a wide pass of 8 px left ~30 levels of the old background in the edge, 90 px ~3.
 */
export function defaultRadii(image: { width: number; height: number }): number[] {
  const scale = Math.max(1, Math.max(image.width, image.height) / 1024);
  return [Math.round(90 * scale), Math.round(6 * scale)];
}

const clamp01 = (value: number) => (value < 0 ? 0 : value > 1 ? 1 : value);
