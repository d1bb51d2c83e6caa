import sharp from 'sharp';
import type { Cutout } from './cutout-steps.ts';

/** zlib's level for a stored cut-out: its default, the usual balance of size and time. */
export const CUTOUT_PNG_LEVEL = 6;

/** The cut-out as the PNG file that is stored and served (bench/cutout times removals up to this file). */
export function encodeCutoutPng(cutout: Pick<Cutout, 'rgba' | 'width' | 'height'>, level = CUTOUT_PNG_LEVEL): Promise<Buffer> {
  return sharp(cutout.rgba, { raw: { width: cutout.width, height: cutout.height, channels: 4 } }).png({ compressionLevel: level }).toBuffer();
}
