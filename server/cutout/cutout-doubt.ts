/**
 * How doubtful a cut-out is: half-transparent pixels (α between 0.1 and 0.9) per mostly opaque one (α >= 0.5;
 * the two overlap from 0.5 to 0.9, so a matte all at 0.7 counts 1). A clean
 * cut-out's half-transparent pixels are its edge: 0.01-0.03 on the benchmark's products, 0.08 on a head of
 * hair-like strands over a plain backdrop. A photo the model cannot read, such as a circuit board shot edge
 * to edge, comes out half-transparent all over, more of it than opaque (1.2 and 2.9 on two such photos): no
 * subject to speak of, but not nothing either, so the answer carries a warning rather than a refusal.
 */
export function halfTransparentShare(alpha: Float32Array, width: number, height: number): number {
  let half = 0;
  let opaque = 0;
  // Every other row and column: a quarter of the reads, the same share to within a fraction of a per cent.
  for (let y = 0; y < height; y += 2) {
    const row = y * width;
    for (let x = 0; x < width; x += 2) {
      const a = alpha[row + x]!;
      if (a > 0.1 && a < 0.9) half += 1;
      if (a >= 0.5) opaque += 1;
    }
  }
  return opaque === 0 ? 0 : half / opaque;
}

/**
 * From this share on the answer warns: half as many half-transparent pixels as mostly opaque ones, five times
 * the hair-like strands' share and well under the boards'.
 */
export const DOUBTFUL_SHARE = 0.5;

/** The warning the answer carries for a doubtful cut-out, in the words the editor shows; null for a clean or unmeasured one. */
export function doubtWarning(share: number | null | undefined): string | null {
  if (share === null || share === undefined || !Number.isFinite(share) || share < DOUBTFUL_SHARE) return null;
  return `the model was unsure what the subject of this photo is: much of the cut-out is half-transparent (${Math.round(share * 100)} half-transparent pixels for every 100 mostly opaque ones); check it before use, or use the photo as it is`;
}
