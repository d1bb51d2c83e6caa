import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { binaryAnswer, errorBody, idParams } from '../api/api-schemas.ts';
import type { JobService } from '../jobs/job-service.ts';
import { previewKey, resultKey } from '../storage/blob-keys.ts';
import { isBlobNotFound, type BlobStore } from '../storage/blob-store.ts';
import { completedJobOrReply } from './completed-job.ts';

/**
 * Longest side of a result's screen preview, in pixels: the job card and the result viewer show it at once,
 * while the full-size PNG (a 3840-pixel one is ~18 MB, ~0.7 s to decode in the browser) is for the download
 * and the viewer's full-size view.
 */
export const RESULT_PREVIEW_SIDE = 1280;

/** Reads a completed job's preview, making it from the stored PNG (and keeping it) when there is none yet. */
export async function resultPreview(blobs: BlobStore, jobId: string): Promise<Buffer> {
  try {
    return await blobs.get(previewKey(jobId));
  } catch (error) {
    if (!isBlobNotFound(error)) throw error;
    const webp = await sharp(await blobs.get(resultKey(jobId)))
      .resize(RESULT_PREVIEW_SIDE, RESULT_PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 85, effort: 0 })
      .toBuffer();
    await blobs.put(previewKey(jobId), webp);
    return webp;
  }
}

/**
 * `GET /api/jobs/:id/preview`: the result made small for the screen, as WebP. The local renderer makes it
 * with the result (the average of each block of canvas pixels); for Akool's results it is made from the PNG on
 * first request.
 */
export async function registerPreviewRoutes(app: FastifyInstance, deps: { jobs: JobService; blobs: BlobStore }): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/jobs/:id/preview', {
    schema: {
      summary: `A completed job's result made small for the screen (at most ${RESULT_PREVIEW_SIDE} px a side)`,
      tags: ['jobs'],
      params: idParams,
      response: { 200: binaryAnswer('The preview', 'image/webp'), 404: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const job = await completedJobOrReply(deps.jobs, request.params.id, reply);
    if (!job) return reply;
    const webp = await resultPreview(deps.blobs, job.id);
    return reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=86400').send(webp);
  });
}
