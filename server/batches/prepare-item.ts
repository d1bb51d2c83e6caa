import sharp from 'sharp';
import { bakedPlacement, BATCH_SUBJECT_ALPHA, formatSize, placeInSlot, slotOfLayout, validateRequest, type BackgroundChangeRequest, type Rect, visibleBox } from '../../src/core/index.ts';
import { ForegroundRefused, type ForegroundService } from '../cutout/foreground-service.ts';
import { ImageRejected, prepareUpright } from '../images/inspect-image.ts';
import { missingOwnFile } from '../images/missing-own-file.ts';
import { resolveSource, type OwnOrigins } from '../images/own-source.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import type { BatchItemRecord, BatchRecord } from '../domain/batch.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { uploadKey } from '../storage/blob-keys.ts';
import { newUploadId } from '../storage/ids.ts';
import type { SourceRef } from '../domain/job.ts';
import type { JobRepository } from '../storage/job-repository.ts';
import type { UploadRepository } from '../storage/upload-repository.ts';

/** An item that cannot become a job, with the reason in words naming the item. */
export class ItemRefused extends Error {}

export interface PrepareDeps {
  store: JobRepository;
  uploads: UploadRepository;
  blobs: BlobStore;
  sources: SourceLoader;
  foregrounds: ForegroundService;
}

interface ItemImage {
  /** The URL the job's origin_img names: this server's own file. */
  url: string;
  width: number;
  height: number;
  /** The box of the subject inside the image; null: the whole image. */
  subject: Rect | null;
  /** How far baked effects reach past the product's own image on each side (absent: no effects). */
  padding?: { left: number; top: number; right: number; bottom: number };
}

/** The box of the pixels at least BATCH_SUBJECT_ALPHA opaque, or null when the image has no alpha or is all subject. */
export async function subjectOfImage(bytes: Buffer): Promise<Rect | null> {
  const meta = await sharp(bytes).metadata();
  if (!meta.hasAlpha) return null;
  const { data, info } = await sharp(bytes).autoOrient().extractChannel('alpha').raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const box = visibleBox(data, width, height, BATCH_SUBJECT_ALPHA, 1);
  if (!box) throw new ItemRefused('the image is fully transparent: there is no product in it to place');
  return box.width === width && box.height === height ? null : box;
}

/**
 * Turns a batch item into the Akool body of its job: its image made one of this server's files (a remote
 * image is fetched once and kept as an upload; with removeBackground, the cut-out trimmed to its subject; with
 * its own shadow or reflection, those baked around it), then placed in the layout's slot by the batch's rule,
 * or at the box the editor gave it.
 */
export async function prepareItem(deps: PrepareDeps, batch: BatchRecord, item: BatchItemRecord): Promise<BackgroundChangeRequest> {
  const at = `items[${item.position}] (${item.name})`;
  const image = await itemImage(deps, batch, item, at);
  const box = item.box ? ownBox(item.box, image) : placeInSlot(slotOfLayout(batch.layout), image, batch.placement, image.subject ?? undefined);
  const request: BackgroundChangeRequest = {
    ...batch.layout,
    origin_img: image.url,
    modify_origin_img_size: formatSize(box.width, box.height),
    overlay_origin_x: box.x,
    overlay_origin_y: box.y,
  };
  const checked = validateRequest(request);
  if (!checked.ok) throw new ItemRefused(`${at}: ${Object.values(checked.errors).join('; ')}`);
  return checked.value;
}

function ownBase(origins: OwnOrigins): string {
  return origins.publicBaseUrl ?? origins.requestOrigin ?? `http://127.0.0.1:${origins.port}`;
}

/**
 * Where the image is drawn for an item the editor placed: `box` is the product's own image as the editor showed
 * it; baked effects widen the image, so the box grows by them and the product stays where it was put.
 */
function ownBox(box: Rect, image: ItemImage): Rect {
  if (!image.padding) return box;
  const { left, top, right, bottom } = image.padding;
  return bakedPlacement(box, { width: image.width - left - right, height: image.height - top - bottom }, image.padding).box;
}

async function itemImage(deps: PrepareDeps, batch: BatchRecord, item: BatchItemRecord, at: string): Promise<ItemImage> {
  if (batch.removeBackground || item.effects) {
    // An item the editor placed keeps the photo's frame (no trim), so its box still means the same pixels.
    const trim = batch.removeBackground && !item.box;
    try {
      const prepared = await deps.foregrounds.prepare({ image: item.image, removeBackground: batch.removeBackground, trim, margin: 0, ...item.effects }, batch.origins);
      const { upload, subject, padding } = prepared;
      return { url: `${ownBase(batch.origins)}/api/uploads/${upload.id}`, width: upload.width, height: upload.height, subject, ...(item.effects ? { padding } : {}) };
    } catch (error) {
      if (error instanceof ForegroundRefused) throw new ItemRefused(`${at}: ${error.message}`);
      const doing = batch.removeBackground ? 'its background could not be removed' : 'its shadow or reflection could not be made';
      throw new ItemRefused(`${at}: ${doing}: ${(error as Error).message}`);
    }
  }
  const resolved = resolveSource(item.image, batch.origins);
  if (!resolved.ok) throw new ItemRefused(`${at}: image ${resolved.reason}`);
  const ref: SourceRef = resolved.ref;
  const missing = await missingOwnFile(ref, deps);
  if (missing) throw new ItemRefused(`${at}: image points at ${missing} of this server that does not exist`);
  let bytes: Buffer;
  try {
    bytes = await deps.sources.load(ref);
  } catch (error) {
    throw new ItemRefused(`${at}: ${item.image} could not be fetched: ${(error as Error).message}`);
  }
  if (ref.kind === 'upload') {
    // Uploads are stored upright with their size known.
    const upload = (await deps.uploads.get(ref.id))!;
    return { url: item.image, width: upload.width, height: upload.height, subject: await subject(bytes, at) };
  }
  let upright;
  try {
    upright = await prepareUpright(bytes, item.image);
  } catch (error) {
    if (error instanceof ImageRejected) throw new ItemRefused(`${at}: ${error.message}`);
    throw error;
  }
  if (ref.kind !== 'remote') return { url: item.image, width: upright.width, height: upright.height, subject: await subject(upright.data, at) };
  // A remote image is kept as an upload: fetched once, and a resumed or retried item reads the same picture.
  const id = newUploadId();
  await deps.blobs.put(uploadKey(id), upright.data);
  await deps.uploads.insert({ id, format: upright.format, width: upright.width, height: upright.height, bytes: upright.data.length, name: item.name, createdAt: Date.now() });
  return { url: `${ownBase(batch.origins)}/api/uploads/${id}`, width: upright.width, height: upright.height, subject: await subject(upright.data, at) };
}

async function subject(bytes: Buffer, at: string): Promise<Rect | null> {
  try {
    return await subjectOfImage(bytes);
  } catch (error) {
    if (error instanceof ItemRefused) throw new ItemRefused(`${at}: ${error.message}`);
    throw new ItemRefused(`${at}: the image could not be decoded: ${(error as Error).message}`);
  }
}
