import sharp from 'sharp';
import { checkRenderedResult, parseSize, visibleBox, type ComplianceReport, type DecodedImage, type MarketplacePreset, type Rect } from '../../src/core/index.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import { LruCache } from '../storage/lru-cache.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { resultKey } from '../storage/blob-keys.ts';
import type { JobRecord } from '../domain/job.ts';

/** The box of the visible pixels (alpha >= about 2/255) of an upright image, in its pixels; null when none is. */
async function visibleBoxOf(image: Buffer): Promise<{ box: Rect | null; width: number; height: number }> {
  const { data, info } = await sharp(image).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { box: visibleBox(data, info.width, info.height), width: info.width, height: info.height };
}

/**
 * Where the subject is in a job's result, from its request: the foreground's visible pixels (its alpha; an
 * opaque photo is all subject) drawn at `modify_origin_img_size` from `overlay_origin_x/y`. `exempt` adds the
 * pixels the resampler blends the subject's edge into (Catmull-Rom reaches 2 source pixels, at least 2 canvas
 * pixels), within the layer. For a `removeBg` job the removal happened inside the render, so its subject is the
 * foreground's whole box.
 */
async function subjectOfJob(job: JobRecord, sources: SourceLoader): Promise<{ subject: Rect | null; exempt: Rect | null }> {
  const { request } = job;
  const drawn = parseSize(request.modify_origin_img_size)!;
  const layer = { x: request.overlay_origin_x, y: request.overlay_origin_y, ...drawn };
  if (request.removeBg) return { subject: layer, exempt: layer };
  const visible = await visibleBoxOf(await sources.load(job.sources.foreground));
  if (!visible.box) return { subject: null, exempt: null };
  const sx = drawn.width / visible.width;
  const sy = drawn.height / visible.height;
  const subject = {
    x: layer.x + visible.box.x * sx,
    y: layer.y + visible.box.y * sy,
    width: visible.box.width * sx,
    height: visible.box.height * sy,
  };
  const reach = Math.ceil(2 * Math.max(1, sx, sy)) + 1;
  const left = Math.max(layer.x, subject.x - reach);
  const top = Math.max(layer.y, subject.y - reach);
  const right = Math.min(layer.x + layer.width, subject.x + subject.width + reach);
  const bottom = Math.min(layer.y + layer.height, subject.y + subject.height + reach);
  return { subject, exempt: { x: left, y: top, width: right - left, height: bottom - top } };
}

/** Reports kept: each job card asks for its verdict whenever it shows, and a result never changes once stored. */
const KEPT_REPORTS = 512;

/** The compliance check of completed jobs' results: reads the stored file and the job's foreground. */
export class ResultCompliance {
  /** By job and marketplace; the promise itself, so that cards asking at once decode the result once. */
  private readonly reports = new LruCache<Promise<ComplianceReport>>(KEPT_REPORTS);

  constructor(
    private readonly blobs: BlobStore,
    private readonly sources: SourceLoader,
  ) {}

  check(job: JobRecord, preset: MarketplacePreset): Promise<ComplianceReport> {
    const key = `${job.id} ${preset.id}`;
    let report = this.reports.get(key);
    if (!report) {
      report = this.measure(job, preset);
      this.reports.set(key, report, 1);
      report.catch(() => this.reports.delete(key)); // a failure is not kept: the next request tries again
    }
    return report;
  }

  /** Decodes the result and the foreground and checks every pixel: tens of ms for a 3840x3840 result. */
  private async measure(job: JobRecord, preset: MarketplacePreset): Promise<ComplianceReport> {
    const file = await this.blobs.get(resultKey(job.id));
    const decoded = sharp(file).toColourspace('srgb');
    const [{ format }, { data, info }] = await Promise.all([sharp(file).metadata(), decoded.raw().toBuffer({ resolveWithObject: true })]);
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`the result decodes to ${info.channels} channels`);
    const image: DecodedImage = { width: info.width, height: info.height, channels: info.channels, pixels: data };
    const { subject, exempt } = await subjectOfJob(job, this.sources);
    return checkRenderedResult(preset.id, preset.rules, { image, format, bytes: file.length, subject, exempt });
  }
}
