import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { binaryAnswer, errorBody, idParams } from '../api/api-schemas.ts';
import type { JobService } from '../jobs/job-service.ts';
import { thumbnailKey } from '../storage/blob-keys.ts';
import { isBlobNotFound, type BlobStore } from '../storage/blob-store.ts';
import { completedJobOrReply } from './completed-job.ts';
import { resultPreview } from './preview-routes.ts';

/** Longest side of a history thumbnail, in pixels: sharp on a 2x screen at the 56 px the history shows. */
export const THUMBNAIL_SIDE = 160;

/**
 * `GET /api/jobs/:id/thumbnail`: a small WebP of a completed job's result for the history list. Made from the
 * result's screen preview on first request and kept beside it, so a history does not decode 3840-pixel PNGs.
 */
export async function registerThumbnailRoutes(app: FastifyInstance, deps: { jobs: JobService; blobs: BlobStore }): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/jobs/:id/thumbnail', {
    schema: {
      summary: `A completed job's result for the history list (at most ${THUMBNAIL_SIDE} px a side)`,
      tags: ['jobs'],
      params: idParams,
      response: { 200: binaryAnswer('The thumbnail', 'image/webp'), 404: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const job = await completedJobOrReply(deps.jobs, request.params.id, reply);
    if (!job) return reply;
    let thumbnail: Buffer;
    try {
      thumbnail = await deps.blobs.get(thumbnailKey(job.id));
    } catch (error) {
      if (!isBlobNotFound(error)) throw error;
      thumbnail = await sharp(await resultPreview(deps.blobs, job.id))
        .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside' })
        .webp({ quality: 80 })
        .toBuffer();
      await deps.blobs.put(thumbnailKey(job.id), thumbnail);
    }
    return reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=86400').send(thumbnail);
  });
}
