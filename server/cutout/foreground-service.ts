import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { CUTOUT_PNG_LEVEL, encodeCutoutPng } from './cutout-png.ts';
import { missingOwnFile } from '../images/missing-own-file.ts';
import { resolveSource, type OwnOrigins } from '../images/own-source.ts';
import { ImageRejected, prepareUpright } from '../images/inspect-image.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { uploadKey } from '../storage/blob-keys.ts';
import { newUploadId } from '../storage/ids.ts';
import type { SourceRef } from '../domain/job.ts';
import type { JobRepository } from '../storage/job-repository.ts';
import type { UploadRecord } from '../domain/upload.ts';
import type { UploadRepository } from '../storage/upload-repository.ts';
import { RemovalTooLarge, type BackgroundRemover } from './background-remover.ts';
import type { PreparedForegroundCache } from '../storage/prepared-foreground-cache.ts';
import { MAX_INPUT_PIXELS } from '../images/pixel-limit.ts';
import type { Size } from '../../src/core/size.ts';
import { visibleBox } from '../../src/core/visible-box.ts';
import { bakedSize, effectPadding, hasEffects, resolveEffects, type EffectPadding, type LayerEffects, type ReflectionInput, type ShadowInput } from '../../src/core/layer-effects.ts';
import type { Cutout, PngCutout } from './cutout-steps.ts';
import type { EffectsBaker } from './effects-baker.ts';
import type { Box } from './subject-box.ts';
import type { LoadedForeground, QueuedRemovals } from './queued-removal.ts';

/**
 * Part of the cache key: raised when the removal's steps change what they make, so an answer cached by an
 * earlier version (another matte, no `halfTransparent`) is made again rather than served. 2: flat surfaces
 * settled, the strands' gaps checked, the matte's doubt measured (2026-12-03).
 */
const CUTOUT_VERSION = 2;

export interface ForegroundOptions {
  /** The photo: an upload, sample or job result of this server, or a remote http(s) URL. */
  image: string;
  removeBackground: boolean;
  trim: boolean;
  /** Pixels of the source kept around the subject when trimming. */
  margin: number;
  /** Effects baked around the cut-out (src/core/layer-effects.ts), in the source's pixels. */
  shadow?: ShadowInput | ShadowInput[];
  reflection?: ReflectionInput;
}

export interface PreparedForeground {
  upload: UploadRecord;
  /** The subject's box inside the new image. */
  subject: Box;
  /** The part of the source the new image covers. */
  crop: Box;
  source: { width: number; height: number };
  /** How far the baked effects reach beyond the cut-out on each side (all 0 without effects). */
  padding: EffectPadding;
  /** Half-transparent pixels of the removal's matte per mostly opaque one (cutout-doubt.ts); null when no background was removed. */
  halfTransparent: number | null;
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
  uploads: UploadRepository;
  blobs: BlobStore;
  sources: SourceLoader;
  store: JobRepository;
  remover: BackgroundRemover;
  cache: PreparedForegroundCache;
  baker: EffectsBaker;
  /** Set on an api replica (ROLE=api): what is not cached goes to the workers' remove-background steps. */
  handOff?: Pick<QueuedRemovals, 'ask'>;
}

/**
 * Prepares a foreground for the canvas from any photo: the background removed (the model, the edge refined at
 * full resolution, the subject's own colours at the edge), trimmed to the subject, stored as a new upload.
 * The same photo with the same options is answered from the cache. On an api replica the preparation itself
 * is a worker's (`handOff`: the remove-background step); this side loads the photo and reads the cache.
 */
export class ForegroundService {
  constructor(private readonly deps: ForegroundServiceDeps) {}

  async prepare(options: ForegroundOptions, origins: OwnOrigins): Promise<PreparedForeground> {
    const { bytes, ref } = await this.load(options.image, origins);
    const key = createHash('sha256')
      .update(bytes)
      .update(JSON.stringify([CUTOUT_VERSION, options.removeBackground, options.trim, options.margin, options.shadow ?? null, options.reflection ?? null]))
      .digest('hex');
    const cached = await this.cached(key);
    if (cached) return cached;
    const loaded = { key, photo: bytes, options, name: await this.cutoutName(options.image, ref) };
    // An api replica hands the work to the workers; every other process does it here.
    return this.deps.handOff ? this.deps.handOff.ask(loaded) : this.prepareHere(loaded, 'limited');
  }

  /**
   * A worker's remove-background step: the cache first (an identical request may have been served since it
   * was asked), then the preparation, waiting its turn (the replica that asked bounded the line).
   */
  async prepareQueued(loaded: LoadedForeground): Promise<PreparedForeground> {
    return (await this.cached(loaded.key)) ?? this.prepareHere(loaded, 'wait');
  }

  private async cached(key: string): Promise<PreparedForeground | null> {
    const cached = await this.deps.cache.get(key);
    const cachedUpload = cached && (await this.deps.uploads.get(cached.uploadId));
    return cached && cachedUpload ? { padding: { left: 0, top: 0, right: 0, bottom: 0 }, ...cached, upload: cachedUpload } : null;
  }

  /** The removal, trim, effects and storing, from the photo's bytes; `queue`: how the remover takes it. */
  private async prepareHere({ key, photo: bytes, options, name }: LoadedForeground, queue: 'limited' | 'wait'): Promise<PreparedForeground> {
    let upright;
    try {
      upright = await prepareUpright(bytes, options.image);
    } catch (error) {
      if (error instanceof ImageRejected) throw new ForegroundRefused(error.message, error.statusCode);
      throw error;
    }
    const removing = options.removeBackground || options.trim;
    const requested = resolveEffects(options, upright);
    // Without a removal the size is known now: a bake too large is refused before anything is decoded.
    if (!removing) this.refuseTooLarge(requested, upright);
    // Effects are baked on this side from the RGBA; without them the remover's thread sends the PNG file.
    const baking = hasEffects(requested);
    let cutout: Cutout | PngCutout = removing ? await this.cutOut(upright.data, options, baking, queue) : await this.asItIs(upright.data);
    const effects = resolveEffects(options, cutout);
    let padding: EffectPadding = { left: 0, top: 0, right: 0, bottom: 0 };
    if (hasEffects(effects) && 'rgba' in cutout) {
      this.refuseTooLarge(effects, cutout);
      const baked = await this.deps.baker.bake({ data: cutout.rgba, width: cutout.width, height: cutout.height }, effects);
      const { data, width, height } = baked;
      padding = baked.padding;
      const { subject } = cutout;
      cutout = { ...cutout, rgba: data, width, height, subject: { ...subject, x: subject.x + padding.left, y: subject.y + padding.top } };
    }
    const png = 'png' in cutout ? Buffer.from(cutout.png.buffer, cutout.png.byteOffset, cutout.png.byteLength) : await encodeCutoutPng(cutout);
    const upload: UploadRecord = {
      id: newUploadId(),
      format: 'png',
      width: cutout.width,
      height: cutout.height,
      bytes: png.length,
      name,
      createdAt: Date.now(),
    };
    await this.deps.blobs.put(uploadKey(upload.id), png);
    await this.deps.uploads.insert(upload);
    const halfTransparent = options.removeBackground ? cutout.halfTransparent : null;
    const prepared = { subject: cutout.subject, crop: cutout.crop, source: { width: upright.width, height: upright.height }, padding, halfTransparent };
    await this.deps.cache.put(key, { uploadId: upload.id, ...prepared });
    return { upload, ...prepared };
  }

  /**
   * A baked image larger than any image the server takes (MAX_INPUT_PIXELS) is refused, naming the effect at
   * fault. Judged on the image's whole box (the most the effects can add), before any pixel is baked.
   */
  private refuseTooLarge(effects: LayerEffects, size: Size): void {
    const baked = bakedSize(size, effectPadding(effects, size));
    if (baked.width * baked.height <= MAX_INPUT_PIXELS) return;
    // The field to blame: the reflection when it alone is too large, else the shadow.
    const reflectionAlone = bakedSize(size, effectPadding({ shadows: [], reflection: effects.reflection }, size));
    const field = reflectionAlone.width * reflectionAlone.height > MAX_INPUT_PIXELS ? 'reflection' : 'shadow';
    throw new ForegroundRefused(
      `the ${size.width}x${size.height} image with its ${field} would be ${baked.width}x${baked.height} (${((baked.width * baked.height) / 1e6).toFixed(1)} megapixels); at most ${MAX_INPUT_PIXELS / 1e6} megapixels are accepted: make the ${field} smaller`,
      413,
      field,
    );
  }

  /** The background removed and/or the image trimmed to its subject (the remover's thread), as RGBA or PNG. */
  private async cutOut(image: Buffer, options: ForegroundOptions, asRgba: boolean, queue: 'limited' | 'wait'): Promise<Cutout | PngCutout> {
    let outcome;
    const steps = { refine: true, foreground: true, trim: options.trim, margin: options.margin };
    const removal = { useModel: options.removeBackground, queue };
    try {
      outcome = asRgba ? await this.deps.remover.remove(image, steps, removal) : await this.deps.remover.removeAsPng(image, steps, CUTOUT_PNG_LEVEL, removal);
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
    return outcome.cutout;
  }

  /**
   * Nothing to remove and nothing to trim (the editor baking effects around a cut-out it already has): the
   * image's own pixels, untouched, so the baked image shows exactly what the editor drew.
   */
  private async asItIs(image: Buffer): Promise<Cutout> {
    const { data, info } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const box = { x: 0, y: 0, width: info.width, height: info.height };
    // A copy: sharp's buffer is memory the thread cannot be handed.
    return { rgba: new Uint8Array(data), width: info.width, height: info.height, crop: box, subject: visibleBox(data, info.width, info.height, 1) ?? box, halfTransparent: null };
  }

  /** "bottle.jpg" -> "bottle cut-out.png": the editor names the new layer after the photo the user knows. */
  private async cutoutName(image: string, ref: SourceRef): Promise<string | null> {
    let name = ref.kind === 'upload' ? ((await this.deps.uploads.get(ref.id))?.name ?? null) : null;
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
    const missing = await missingOwnFile(ref, this.deps);
    if (missing) throw new ForegroundRefused(`image points at ${missing} of this server that does not exist: ${image}`, 400);
    try {
      return { bytes: await this.deps.sources.load(ref), ref };
    } catch (error) {
      throw new ForegroundRefused(`${image} could not be fetched: ${(error as Error).message}`, 422);
    }
  }
}
