import sharp from 'sharp';
import { previewKey, resultKey, thumbnailKey } from '../storage/blob-keys.ts';
import { isBlobNotFound, type BlobStore } from '../storage/blob-store.ts';

/**
 * Longest side of a result's screen preview, in pixels: the job card and the result viewer show it at once,
 * while the full-size PNG (a 3840-pixel one is ~18 MB, ~0.7 s to decode in the browser) is for the download
 * and the viewer's full-size view.
 */
export const RESULT_PREVIEW_SIDE = 1280;

/** Longest side of a history thumbnail, in pixels: sharp on a 2x screen at the 56 px the history shows. */
export const THUMBNAIL_SIDE = 160;

/** The formats a result can be downloaded in, and their content types. PNG is what is stored. */
export const RESULT_FORMATS = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
export type ResultFormat = keyof typeof RESULT_FORMATS;

/**
 * The images made from a completed job's stored result: its screen preview, its history thumbnail and its
 * conversions. The routes ask; the pixels are worked here. Previews and thumbnails are made on first request
 * and kept beside the result (the local renderer stores its preview with the result already).
 */
export class ResultImages {
  constructor(private readonly blobs: BlobStore) {}

  /** The result made small for the screen (WebP), from the stored PNG when there is none yet. */
  async preview(jobId: string): Promise<Buffer> {
    try {
      return await this.blobs.get(previewKey(jobId));
    } catch (error) {
      if (!isBlobNotFound(error)) throw error;
      const webp = await sharp(await this.blobs.get(resultKey(jobId)))
        .resize(RESULT_PREVIEW_SIDE, RESULT_PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 85, effort: 0 })
        .toBuffer();
      await this.blobs.put(previewKey(jobId), webp);
      return webp;
    }
  }

  /** A small WebP for the history list, from the screen preview, so a history does not decode full PNGs. */
  async thumbnail(jobId: string): Promise<Buffer> {
    try {
      return await this.blobs.get(thumbnailKey(jobId));
    } catch (error) {
      if (!isBlobNotFound(error)) throw error;
      const thumbnail = await sharp(await this.preview(jobId)).resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside' }).webp({ quality: 80 }).toBuffer();
      await this.blobs.put(thumbnailKey(jobId), thumbnail);
      return thumbnail;
    }
  }

  /** The result converted for download; JPEG has no alpha, so transparency becomes white there. */
  async converted(jobId: string, format: Exclude<ResultFormat, 'png'>): Promise<Buffer> {
    const png = await this.blobs.get(resultKey(jobId));
    return format === 'jpeg' ? sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality: 92 }).toBuffer() : sharp(png).webp({ quality: 92 }).toBuffer();
  }
}
