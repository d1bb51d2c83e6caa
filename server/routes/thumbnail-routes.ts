import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { binaryAnswer, errorBody, idParams } from '../api/api-schemas.ts';
import type { JobService } from '../jobs/job-service.ts';
import type { FileStore } from '../storage/file-store.ts';
import { completedJobOrReply } from './completed-job.ts';
import { resultPreview } from './preview-routes.ts';

/** Longest side of a history thumbnail, in pixels: sharp on a 2x screen at the 56 px the history shows. */
export const THUMBNAIL_SIDE = 160;

/**
 * `GET /api/jobs/:id/thumbnail`: a small WebP of a completed job's result for the history list. Made from the
 * result's screen preview on first request and kept beside it, so a history does not decode 3840-pixel PNGs.
 */
export async function registerThumbnailRoutes(app: FastifyInstance, deps: { jobs: JobService; files: FileStore }): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/jobs/:id/thumbnail', {
    schema: {
      summary: `A completed job's result for the history list (at most ${THUMBNAIL_SIDE} px a side)`,
      tags: ['jobs'],
      params: idParams,
      response: { 200: binaryAnswer('The thumbnail', 'image/webp'), 404: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const job = completedJobOrReply(deps.jobs, request.params.id, reply);
    if (!job) return reply;
    let thumbnail: Buffer;
    try {
      thumbnail = await readFile(deps.files.thumbnailPath(job.id));
    } catch {
      thumbnail = await sharp(await resultPreview(deps.files, job.id))
        .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside' })
        .webp({ quality: 80 })
        .toBuffer();
      await deps.files.writeThumbnail(job.id, thumbnail);
    }
    return reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=86400').send(thumbnail);
  });
}
