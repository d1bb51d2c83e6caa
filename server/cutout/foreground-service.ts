import { createHash } from 'node:crypto';
import { encodeCutoutPng } from './cutout-png.ts';
import { missingOwnFile } from '../images/missing-own-file.ts';
import { resolveSource, type OwnOrigins } from '../images/own-source.ts';
import { ImageRejected, prepareUpright } from '../images/inspect-image.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import type { FileStore } from '../storage/file-store.ts';
import { newUploadId } from '../storage/ids.ts';
import type { JobStore, SourceRef } from '../storage/job-store.ts';
import type { UploadRecord, UploadStore } from '../storage/upload-store.ts';
import { RemovalTooLarge, type BackgroundRemover } from './background-remover.ts';
import type { ForegroundCache } from './foreground-cache.ts';
import type { Box } from './subject-box.ts';

export interface ForegroundOptions {
  /** The photo: an upload, sample or job result of this server, or a remote http(s) URL. */
  image: string;
  removeBackground: boolean;
  trim: boolean;
  /** Pixels of the source kept around the subject when trimming. */
  margin: number;
}

export interface PreparedForeground {
  upload: UploadRecord;
  /** The subject's box inside the new image. */
  subject: Box;
  /** The part of the source the new image covers. */
  crop: Box;
  source: { width: number; height: number };
}

/** A request this service cannot serve, with the HTTP status and the field at fault. */
export class ForegroundRefused extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 413 | 415 | 422,
    readonly field = 'image',
  ) {
    super(message);
  }
}

export interface ForegroundServiceDeps {
  uploads: UploadStore;
  files: FileStore;
  sources: SourceLoader;
  store: JobStore;
  remover: BackgroundRemover;
  cache: ForegroundCache;
}

/**
 * Prepares a foreground for the canvas from any photo: the background removed (the model, the edge refined at
 * full resolution, the subject's own colours at the edge), trimmed to the subject, stored as a new upload.
 * The same photo with the same options is answered from the cache.
 */
export class ForegroundService {
  constructor(private readonly deps: ForegroundServiceDeps) {}

  async prepare(options: ForegroundOptions, origins: OwnOrigins): Promise<PreparedForeground> {
    const { bytes, ref } = await this.load(options.image, origins);
    const key = createHash('sha256')
      .update(bytes)
      .update(JSON.stringify([options.removeBackground, options.trim, options.margin]))
      .digest('hex');
    const cached = this.deps.cache.get(key);
    const cachedUpload = cached && this.deps.uploads.get(cached.uploadId);
    if (cached && cachedUpload) return { ...cached, upload: cachedUpload };

    let upright;
    try {
      upright = await prepareUpright(bytes, options.image);
    } catch (error) {
      if (error instanceof ImageRejected) throw new ForegroundRefused(error.message, error.statusCode);
      throw error;
    }
    let outcome;
    try {
      outcome = await this.deps.remover.remove(upright.data, { refine: true, foreground: true, trim: options.trim, margin: options.margin }, { useModel: options.removeBackground });
    } catch (error) {
      if (error instanceof RemovalTooLarge) throw new ForegroundRefused(`${options.image}: ${error.message}`, 413);
      throw error;
    }
    if (!outcome.ok) {
      throw new ForegroundRefused(
        options.removeBackground
          ? `no subject was found in ${options.image}: nothing in the photo stands out from its background`
          : `${options.image} is fully transparent: there is nothing to trim to`,
        422,
      );
    }
    const { cutout } = outcome;
    const png = await encodeCutoutPng(cutout);
    const upload: UploadRecord = {
      id: newUploadId(),
      format: 'png',
      width: cutout.width,
      height: cutout.height,
      bytes: png.length,
      name: this.cutoutName(options.image, ref),
      createdAt: Date.now(),
    };
    await this.deps.files.writeUpload(upload.id, png);
    this.deps.uploads.insert(upload);
    const prepared = { subject: cutout.subject, crop: cutout.crop, source: { width: upright.width, height: upright.height } };
    this.deps.cache.put(key, { uploadId: upload.id, ...prepared });
    return { upload, ...prepared };
  }

  /** "bottle.jpg" -> "bottle cut-out.png": the editor names the new layer after the photo the user knows. */
  private cutoutName(image: string, ref: SourceRef): string | null {
    let name = ref.kind === 'upload' ? (this.deps.uploads.get(ref.id)?.name ?? null) : null;
    try {
      name ??= decodeURIComponent(new URL(image).pathname.split('/').pop() ?? '') || null;
    } catch {
      return null;
    }
    return name ? `${name.replace(/\.[a-z0-9]{2,5}$/i, '').slice(0, 100)} cut-out.png` : null;
  }

  /** The photo's bytes, from disk for this server's own files, else through the guarded fetch. */
  private async load(image: string, origins: OwnOrigins): Promise<{ bytes: Buffer; ref: SourceRef }> {
    let resolved;
    try {
      resolved = resolveSource(image, origins);
    } catch {
      throw new ForegroundRefused(`image is not a URL: ${image}`, 400);
    }
    if (!resolved.ok) throw new ForegroundRefused(`image ${resolved.reason}`, 400);
    const ref = resolved.ref;
    const missing = missingOwnFile(ref, this.deps);
    if (missing) throw new ForegroundRefused(`image points at ${missing} of this server that does not exist: ${image}`, 400);
    try {
      return { bytes: await this.deps.sources.load(ref), ref };
    } catch (error) {
      throw new ForegroundRefused(`${image} could not be fetched: ${(error as Error).message}`, 422);
    }
  }
}
