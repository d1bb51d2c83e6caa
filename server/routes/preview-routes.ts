import type { FastifyInstance } from 'fastify';
import { binaryAnswer, errorBody, idParams } from '../api/api-schemas.ts';
import type { JobService } from '../jobs/job-service.ts';
import { RESULT_PREVIEW_SIDE, type ResultImages } from '../results/result-images.ts';
import { completedJobOrReply } from './completed-job.ts';

/**
 * `GET /api/jobs/:id/preview`: the result made small for the screen, as WebP. The local renderer makes it
 * with the result (the average of each block of canvas pixels); for Akool's results it is made from the PNG on
 * first request.
 */
export async function registerPreviewRoutes(app: FastifyInstance, deps: { jobs: JobService; results: ResultImages }): Promise<void> {
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
    const webp = await deps.results.preview(job.id);
    return reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=86400').send(webp);
  });
}
