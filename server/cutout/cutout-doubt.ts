/**
 * How doubtful a cut-out is, from the matte's half-transparent pixels (α between 0.1 and 0.9) per mostly opaque
 * one (α >= 0.5), counted in the subject box's own pass over the matte (`measureSubject`, subject-box.ts). A
 * clean cut-out's half-transparent pixels are its edge: 0.01-0.03 on the benchmark's products, 0.08 on a head
 * of hair-like strands over a plain backdrop. A photo the model cannot read, such as a circuit board shot edge
 * to edge, comes out half-transparent all over, more of it than opaque (1.2 and 2.9 on two such photos): no
 * subject to speak of, but not nothing either, so the answer carries a warning rather than a refusal. It warns
 * from this share on: half as many half-transparent pixels as mostly opaque ones, five times the strands' share
 * and well under the boards'.
 */
export const DOUBTFUL_SHARE = 0.5;

/** The warning the answer carries for a doubtful cut-out, in the words the editor shows; null for a clean or unmeasured one. */
export function doubtWarning(share: number | null | undefined): string | null {
  if (share === null || share === undefined || !Number.isFinite(share) || share < DOUBTFUL_SHARE) return null;
  return `the model was unsure what the subject of this photo is: much of the cut-out is half-transparent (${Math.round(share * 100)} half-transparent pixels for every 100 mostly opaque ones); check it before use, or use the photo as it is`;
}
