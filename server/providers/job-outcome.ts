import sharp from 'sharp';
import type { ProviderDeps } from './provider.ts';
import { previewKey, resultKey, resultKeys } from '../storage/blob-keys.ts';
import type { JobError, JobRecord } from '../domain/job.ts';

/**
 * Stores the result (and its screen preview, when the renderer made one) and marks the job completed, unless
 * it was deleted (trashed) or finished meanwhile.
 */
export async function completeJob(deps: ProviderDeps, jobId: string, png: Buffer, previewWebp?: Buffer): Promise<JobRecord | null> {
  if (!(await deps.store.get(jobId))) return null; // deleted while it ran
  const meta = await sharp(png).metadata();
  await Promise.all([deps.blobs.put(resultKey(jobId), png), previewWebp ? deps.blobs.put(previewKey(jobId), previewWebp) : null]);
  const job = await deps.store.updateUnfinished(jobId, {
    status: 'completed',
    error: null,
    result: { width: meta.width ?? 0, height: meta.height ?? 0, bytes: png.length },
  });
  // Deleted for good during the write. A job only in the trash keeps its files: a restore renders it again.
  if (!job && !(await deps.store.existsIncludingTrash(jobId))) await Promise.all(resultKeys(jobId).map((key) => deps.blobs.delete(key)));
  if (job) deps.log.info({ jobId, bytes: png.length }, 'job completed');
  return job;
}

export async function failJob(deps: ProviderDeps, jobId: string, error: JobError): Promise<JobRecord | null> {
  const job = await deps.store.updateUnfinished(jobId, { status: 'failed', error });
  if (job) deps.log.warn({ jobId, error }, 'job failed');
  return job;
}

export function isFinal(job: JobRecord | null): boolean {
  return !job || job.status === 'completed' || job.status === 'failed';
}
