import { defaultRadii, estimateForeground } from './estimate-foreground.ts';
import type { ColorPlanes } from './guided-filter.ts';
import { refineMatte, upsampleMask, type PixelImage } from './refine-matte.ts';
import { subjectBox, trimBox, type Box } from './subject-box.ts';

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
}

export type CutoutOutcome = { ok: true; cutout: Cutout } | { ok: false; reason: 'no-subject' };

/**
 * From the model's mask (any size: it is stretched over the photo, as the model saw it) to the cut-out: the
 * matte (refined or stretched), multiplied by the photo's own alpha if it has one, the subject's box, the
 * crop, and the colours (estimated or the photo's) inside the crop.
 */
export function cutoutFromMask(full: PixelImage, working: ColorPlanes, mask: { data: Float32Array; width: number; height: number }, steps: CutoutSteps): CutoutOutcome {
  const workingMask = upsampleMask(mask.data, mask.width, mask.height, working.width, working.height);
  const alpha = steps.refine
    ? refineMatte(full, working, workingMask)
    : upsampleMask(mask.data, mask.width, mask.height, full.width, full.height);
  if (full.channels === 4) {
    for (let i = 0; i < alpha.length; i += 1) alpha[i] = alpha[i]! * (full.data[i * 4 + 3]! / 255);
  }
  const subject = subjectBox(alpha, full.width, full.height);
  if (!subject) return { ok: false, reason: 'no-subject' };
  const crop = steps.trim ? trimBox(subject, Math.max(0, Math.round(steps.margin)), full.width, full.height) : { x: 0, y: 0, width: full.width, height: full.height };

  // The colours are estimated on the crop plus the wide pass's reach around it, which is all they depend on.
  const reach = defaultRadii(full)[0]!;
  const region = trimBox(crop, reach, full.width, full.height);
  const regionImage = cropPixels(full, region);
  const regionAlpha = cropPlane(alpha, full.width, region);
  const regionRgba = steps.foreground ? estimateForeground(regionImage, regionAlpha, defaultRadii(full)) : photoWithAlpha(regionImage, regionAlpha);
  const rgba = new Uint8Array(crop.width * crop.height * 4);
  const dx = crop.x - region.x;
  const dy = crop.y - region.y;
  for (let y = 0; y < crop.height; y += 1) {
    const from = ((y + dy) * region.width + dx) * 4;
    rgba.set(regionRgba.subarray(from, from + crop.width * 4), y * crop.width * 4);
  }
  return {
    ok: true,
    cutout: { rgba, width: crop.width, height: crop.height, crop, subject: { ...subject, x: subject.x - crop.x, y: subject.y - crop.y } },
  };
}

function cropPixels(image: PixelImage, box: Box): PixelImage {
  const { channels } = image;
  const data = new Uint8Array(box.width * box.height * channels);
  for (let y = 0; y < box.height; y += 1) {
    const from = ((box.y + y) * image.width + box.x) * channels;
    data.set(image.data.subarray(from, from + box.width * channels), y * box.width * channels);
  }
  return { width: box.width, height: box.height, channels, data };
}

function cropPlane(plane: Float32Array, width: number, box: Box): Float32Array {
  const out = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y += 1) {
    const from = (box.y + y) * width + box.x;
    out.set(plane.subarray(from, from + box.width), y * box.width);
  }
  return out;
}

function photoWithAlpha(image: PixelImage, alpha: Float32Array): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0; i < alpha.length; i += 1) {
    const p = i * image.channels;
    rgba[i * 4] = image.data[p]!;
    rgba[i * 4 + 1] = image.data[p + 1]!;
    rgba[i * 4 + 2] = image.data[p + 2]!;
    rgba[i * 4 + 3] = Math.round(alpha[i]! * 255);
  }
  return rgba;
}
