export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Alpha below this (about 2/255) is noise of the matte, not subject: it does not widen the subject's box. */
const VISIBLE = 0.008;
/** A "subject" smaller than this share of the photo (or than 64 px) is a speck: the photo has no subject. */
const MIN_SUBJECT_SHARE = 0.0005;

export interface SubjectMeasure {
  /**
   * The box of the visible subject, or null when the matte holds no subject (nothing at least half opaque over
   * more than a speck): a cut-out of such a photo would be an empty image.
   */
  box: Box | null;
  /**
   * Half-transparent pixels (α between 0.1 and 0.9) per mostly opaque one (α >= 0.5; the two overlap from 0.5
   * to 0.9): how unsure the matte is (cutout-doubt.ts); 0 without opaque pixels.
   */
  halfTransparent: number;
}

/** The subject's box and the matte's share of half-transparent pixels, in one pass over the matte. */
export function measureSubject(alpha: Float32Array, width: number, height: number): SubjectMeasure {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  let solid = 0;
  let half = 0;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      const a = alpha[row + x]!;
      if (a < VISIBLE) continue;
      if (a >= 0.5) solid += 1;
      if (a > 0.1 && a < 0.9) half += 1;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  const halfTransparent = solid === 0 ? 0 : half / solid;
  if (right < 0 || solid < Math.max(64, width * height * MIN_SUBJECT_SHARE)) return { box: null, halfTransparent };
  return { box: { x: left, y: top, width: right - left + 1, height: bottom - top + 1 }, halfTransparent };
}

/** The part of the photo a trimmed cut-out keeps: the subject's box grown by `margin` px, within the photo. */
export function trimBox(subject: Box, margin: number, width: number, height: number): Box {
  const x = Math.max(0, subject.x - margin);
  const y = Math.max(0, subject.y - margin);
  const right = Math.min(width, subject.x + subject.width + margin);
  const bottom = Math.min(height, subject.y + subject.height + margin);
  return { x, y, width: right - x, height: bottom - y };
}
