import sharp from 'sharp';
import type { Cutout } from './cutout-steps.ts';

/** The cut-out as the PNG file that is stored and served (bench/cutout times removals up to this file). */
export function encodeCutoutPng(cutout: Pick<Cutout, 'rgba' | 'width' | 'height'>): Promise<Buffer> {
  return sharp(cutout.rgba, { raw: { width: cutout.width, height: cutout.height, channels: 4 } }).png({ compressionLevel: 6 }).toBuffer();
}
