import sharp, { type Metadata } from 'sharp';
import { MAX_INPUT_PIXELS } from './pixel-limit.ts';
import type { ImageFormat } from '../domain/upload.ts';

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** An image we will not take, with the HTTP status that says why (413 too big, 415 not an image, 422 broken). */
export class ImageRejected extends Error {
  constructor(
    message: string,
    readonly statusCode: 413 | 415 | 422,
  ) {
    super(message);
  }
}

/** The format by the file's first bytes; the name and the declared type are not trusted. */
export function sniffImageFormat(bytes: Buffer): ImageFormat | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp' && ['avif', 'avis'].includes(bytes.toString('latin1', 8, 12))) {
    return 'avif';
  }
  return null;
}

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
};

export interface UprightImage {
  data: Buffer;
  format: ImageFormat;
  width: number;
  height: number;
}

/**
 * Checks an image before anything is stored: a known format by its bytes, at most 100 megapixels (read from
 * the header, before any pixel is decoded), then fully decodable. An EXIF orientation is applied to the
 * pixels, so that the stored image is upright and its width/height are what a viewer shows.
 */
export async function prepareUpright(bytes: Buffer, what = 'the file'): Promise<UprightImage> {
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new ImageRejected(`${what} is not a PNG, JPEG, WebP or AVIF image (judged by its content, not its name)`, 415);
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejected(`${what} looks like ${format.toUpperCase()} but its header cannot be read`, 422);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw new ImageRejected(
      `${what} is ${meta.width}x${meta.height} (${(pixels / 1e6).toFixed(1)} megapixels); at most ${MAX_INPUT_PIXELS / 1e6} megapixels are accepted`,
      413,
    );
  }
  const rotated = meta.orientation !== undefined && meta.orientation !== 1;
  try {
    if (rotated) {
      const pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).autoOrient().keepIccProfile();
      const data = await (format === 'jpeg' ? pipeline.jpeg({ quality: 95 }) : pipeline.toFormat(format)).toBuffer();
      return { data, format, width: meta.autoOrient.width, height: meta.autoOrient.height };
    }
    // Decode every pixel once (shrunk, cheaply) so that a truncated or corrupt file is refused now, not at render.
    await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).resize(32, 32, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw new ImageRejected(`${what} is a damaged ${format.toUpperCase()} image: its pixels cannot be decoded`, 422);
  }
  return { data: bytes, format, width: meta.width ?? 0, height: meta.height ?? 0 };
}
