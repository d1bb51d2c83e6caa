import { defaultRadii, estimateForeground } from './estimate-foreground.ts';
import type { ColorPlanes } from './guided-filter.ts';
import { refineMatte, refineOptionsFor, upsampleMask, type PixelImage } from './refine-matte.ts';
import type { ReusedBuffers } from './reused-buffers.ts';
import { settleFlatRegions } from './settle-flat-regions.ts';
import { measureSubject, trimBox, type Box } from './subject-box.ts';

/** Which steps run after the model; each can be turned off to measure what it adds (bench/cutout). */
export interface CutoutSteps {
  /** Guided-filter refinement of the edge at full resolution (else the mask is only stretched). */
  refine: boolean;
  /** Estimate the subject's colours at the edge (else the photo's own, halo included). */
  foreground: boolean;
  /** Crop to the subject's box grown by `margin` (else the whole photo). */
  trim: boolean;
  margin: number;
}

export interface Cutout {
  /** RGBA, not premultiplied. */
  rgba: Uint8Array;
  width: number;
  height: number;
  /** The part of the source photo this image covers. */
  crop: Box;
  /** The subject's box inside this image. */
  subject: Box;
  /** Half-transparent pixels of the whole matte per mostly opaque one (cutout-doubt.ts): high when the model was unsure; null when not measured (an image taken as it is). */
  halfTransparent: number | null;
}

/** A cut-out encoded as a PNG file by the remover's thread: its placement, and the file. */
export type PngCutout = Omit<Cutout, 'rgba'> & { png: Uint8Array };

export type CutoutOutcome = { ok: true; cutout: Cutout } | { ok: false; reason: 'no-subject' };
export type PngCutoutOutcome = { ok: true; cutout: PngCutout } | { ok: false; reason: 'no-subject' };

/**
 * From the model's mask (any size: it is stretched over the photo, as the model saw it) to the cut-out: the
 * matte (refined or stretched), multiplied by the photo's own alpha if it has one, the subject's box, the
 * crop, and the colours (estimated or the photo's) inside the crop. With `buffers` the full-size planes and
 * the output are reused from removal to removal (the remover's thread); the cut-out's `rgba` is then one of
 * them, valid until the next call.
 */
export function cutoutFromMask(
  full: PixelImage,
  working: ColorPlanes,
  mask: { data: Float32Array; width: number; height: number },
  steps: CutoutSteps,
  buffers?: ReusedBuffers,
): CutoutOutcome {
  const pixels = full.width * full.height;
  const alphaOut = buffers?.float32('alpha', pixels);
  let alpha: Float32Array;
  if (steps.refine) {
    const stretched = upsampleMask(mask.data, mask.width, mask.height, working.width, working.height);
    const workingMask = settleFlatRegions(stretched, working, stretched);
    alpha = refineMatte(full, working, workingMask, refineOptionsFor(full, working), alphaOut);
  } else {
    alpha = upsampleMask(mask.data, mask.width, mask.height, full.width, full.height, alphaOut);
  }
  if (full.channels === 4) {
    for (let i = 0; i < alpha.length; i += 1) alpha[i] = alpha[i]! * (full.data[i * 4 + 3]! / 255);
  }
  const { box: subject, halfTransparent } = measureSubject(alpha, full.width, full.height);
  if (!subject) return { ok: false, reason: 'no-subject' };
  const crop = steps.trim ? trimBox(subject, Math.max(0, Math.round(steps.margin)), full.width, full.height) : { x: 0, y: 0, width: full.width, height: full.height };

  const out = buffers?.uint8('rgba', crop.width * crop.height * 4);
  // The colours are estimated on the crop plus the wide pass's reach around it, which is all they depend on.
  const radii = defaultRadii(full);
  const region = trimBox(crop, radii[0], full.width, full.height);
  const rgba = steps.foreground ? estimateForeground(full, alpha, radii, { region, crop, out }) : photoWithAlpha(full, alpha, crop, out);
  return {
    ok: true,
    cutout: { rgba, width: crop.width, height: crop.height, crop, subject: { ...subject, x: subject.x - crop.x, y: subject.y - crop.y }, halfTransparent },
  };
}

/** The photo's own colours inside `crop`, with the matte as alpha. */
function photoWithAlpha(image: PixelImage, alpha: Float32Array, crop: Box, out: Uint8Array = new Uint8Array(crop.width * crop.height * 4)): Uint8Array {
  for (let y = 0; y < crop.height; y += 1) {
    const row = (crop.y + y) * image.width + crop.x;
    for (let x = 0; x < crop.width; x += 1) {
      const i = row + x;
      const p = i * image.channels;
      const q = (y * crop.width + x) * 4;
      out[q] = image.data[p]!;
      out[q + 1] = image.data[p + 1]!;
      out[q + 2] = image.data[p + 2]!;
      out[q + 3] = Math.round(alpha[i]! * 255);
    }
  }
  return out;
}
