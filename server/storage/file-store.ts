import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes `data` to a temporary name beside `path`, flushes it, then renames: readers and a crash see the
 * whole old file or the whole new one, never half. */
export async function writeFileAtomic(path: string, data: Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Uploads and results as files under DATA_DIR. Ids are checked by the callers (24 hex characters). */
export class FileStore {
  readonly uploadsDir: string;
  readonly resultsDir: string;

  constructor(dataDir: string) {
    this.uploadsDir = join(dataDir, 'uploads');
    this.resultsDir = join(dataDir, 'results');
    mkdirSync(this.uploadsDir, { recursive: true });
    mkdirSync(this.resultsDir, { recursive: true });
  }

  uploadPath(id: string): string {
    return join(this.uploadsDir, id);
  }

  resultPath(jobId: string): string {
    return join(this.resultsDir, `${jobId}.png`);
  }

  async writeUpload(id: string, data: Buffer): Promise<void> {
    await writeFileAtomic(this.uploadPath(id), data);
  }

  readUpload(id: string): Promise<Buffer> {
    return readFile(this.uploadPath(id));
  }

  async writeResult(jobId: string, png: Buffer): Promise<void> {
    mkdirSync(dirname(this.resultPath(jobId)), { recursive: true });
    await writeFileAtomic(this.resultPath(jobId), png);
  }

  readResult(jobId: string): Promise<Buffer> {
    return readFile(this.resultPath(jobId));
  }

  /**
   * The result made small for the screen (WebP, at most RESULT_PREVIEW_SIDE a side): made by the local
   * renderer with the result, or on first request from the PNG; deleted with the result.
   */
  previewPath(jobId: string): string {
    return join(this.resultsDir, `${jobId}.preview.webp`);
  }

  async writePreview(jobId: string, webp: Buffer): Promise<void> {
    mkdirSync(dirname(this.previewPath(jobId)), { recursive: true });
    await writeFileAtomic(this.previewPath(jobId), webp);
  }

  /** A small preview of a result, made on first request and deleted with the result. */
  thumbnailPath(jobId: string): string {
    return join(this.resultsDir, `${jobId}.thumb.webp`);
  }

  async writeThumbnail(jobId: string, webp: Buffer): Promise<void> {
    await writeFileAtomic(this.thumbnailPath(jobId), webp);
  }

  async deleteResult(jobId: string): Promise<void> {
    await rm(this.resultPath(jobId), { force: true });
    await rm(this.thumbnailPath(jobId), { force: true });
    await rm(this.previewPath(jobId), { force: true });
  }
}
