import type { FastifyInstance } from 'fastify';
import { binaryAnswer, errorBody, idParams } from '../api/api-schemas.ts';
import type { JobService } from '../jobs/job-service.ts';
import { THUMBNAIL_SIDE, type ResultImages } from '../results/result-images.ts';
import { completedJobOrReply } from './completed-job.ts';

/**
 * `GET /api/jobs/:id/thumbnail`: a small WebP of a completed job's result for the history list. Made from the
 * result's screen preview on first request and kept beside it, so a history does not decode 3840-pixel PNGs.
 */
export async function registerThumbnailRoutes(app: FastifyInstance, deps: { jobs: JobService; results: ResultImages }): Promise<void> {
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
    const thumbnail = await deps.results.thumbnail(job.id);
    return reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=86400').send(thumbnail);
  });
}
