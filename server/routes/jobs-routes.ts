import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { resultFileName, summarise, validateRequest } from '../../src/core/index.ts';
import { storedRequest } from '../jobs/stored-request.ts';
import { backgroundChangeRequestBody, binaryAnswer, emptyAnswer, errorBody, idParams, jobSchema } from '../api/api-schemas.ts';
import type { ServerConfig } from '../config.ts';
import type { JobService } from '../jobs/job-service.ts';
import { jobView } from '../jobs/job-view.ts';
import { resultKey } from '../storage/blob-keys.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { isId } from '../storage/ids.ts';
import { RESULT_FORMATS, type ResultImages } from '../results/result-images.ts';
import { fieldErrors } from './field-errors.ts';
import { sendStoredBlob } from './send-stored-blob.ts';
import { baseUrl, ownOrigins } from './request-origin.ts';


const resultQuery = z.object({
  format: z
    .enum(['png', 'jpeg', 'webp'], { error: (issue) => `format must be png, jpeg or webp (got ${JSON.stringify(issue.input)})` })
    .default('png')
    .meta({ description: 'The stored PNG, or converted: JPEG (transparency becomes white) or WebP' }),
});

/** "10 min", "90 s": how long the trash keeps a job, in the restore's error message. */
function formatGrace(ms: number): string {
  return ms >= 60_000 ? `${Number((ms / 60_000).toFixed(1))} min` : `${Number((ms / 1000).toFixed(1))} s`;
}

export async function registerJobsRoutes(app: FastifyInstance, deps: { config: ServerConfig; jobs: JobService; blobs: BlobStore; results: ResultImages }): Promise<void> {
  const { config, jobs } = deps;

  app.post('/api/jobs', {
    schema: {
      summary: 'Submit a Background Change job',
      description: 'Validates the request (every field at fault is named in `error.fields`) and queues the job; follow it with GET /api/jobs/{id}/changes.',
      tags: ['jobs'],
      body: backgroundChangeRequestBody,
      response: { 202: jobSchema, 400: errorBody, 429: errorBody },
    },
  }, async (request, reply) => {
    const validation = validateRequest(request.body);
    if (!validation.ok) return reply.code(400).send({ error: { message: summarise(validation.errors), fields: validation.errors } });
    const outcome = await jobs.submit(storedRequest(validation.value), ownOrigins(app, request, config));
    if (!outcome.ok) return reply.code(400).send({ error: { message: summarise(outcome.errors), fields: outcome.errors } });
    return reply.code(202).header('location', `/api/jobs/${outcome.job.id}`).send(jobView(outcome.job, baseUrl(request, config)));
  });

  app.get('/api/jobs', {
    schema: { summary: 'The jobs, newest first', tags: ['jobs'], response: { 200: z.strictObject({ jobs: z.array(jobSchema) }) } },
  }, async (request) => {
    const base = baseUrl(request, config);
    return { jobs: (await jobs.list()).map((job) => jobView(job, base)) };
  });

  app.get<{ Params: { id: string } }>('/api/jobs/:id', {
    schema: { summary: 'A job', tags: ['jobs'], params: idParams, response: { 200: jobSchema, 404: errorBody } },
  }, async (request, reply) => {
    const job = isId(request.params.id) ? await jobs.get(request.params.id) : null;
    if (!job) return reply.code(404).send({ error: { message: `no job ${request.params.id}` } });
    return jobView(job, baseUrl(request, config));
  });

  app.get<{ Params: { id: string } }>('/api/jobs/:id/result', {
    schema: {
      summary: "A completed job's result image, as a download",
      tags: ['jobs'],
      params: idParams,
      querystring: resultQuery,
      response: {
        200: binaryAnswer('The image', ...Object.values(RESULT_FORMATS)),
        302: emptyAnswer('The PNG, from the blob store itself: a short-lived presigned URL in `location` (an S3 store set up to hand them out)'),
        400: errorBody,
        404: errorBody,
        409: errorBody,
      },
    },
  }, async (request, reply) => {
    const query = resultQuery.safeParse(request.query);
    if (!query.success) {
      const fields = fieldErrors(query.error);
      return reply.code(400).send({ error: { message: summarise(fields), fields } });
    }
    const { format } = query.data;
    const job = isId(request.params.id) ? await jobs.get(request.params.id) : null;
    if (!job) return reply.code(404).send({ error: { message: `no job ${request.params.id}` } });
    if (job.status !== 'completed') {
      return reply.code(409).send({ error: { message: `the job is ${job.status}; it has no result${job.error ? `: ${job.error.message}` : ' yet'}` } });
    }
    const headers = {
      contentType: RESULT_FORMATS[format],
      contentDisposition: `attachment; filename="${resultFileName(job.id, job.request.canvas_size, format)}"`,
      cacheControl: 'private, max-age=3600',
    };
    // PNG is what is stored: streamed as it is, or fetched by the browser from the store itself (S3). The other
    // formats are converted by the result-images service.
    if (format === 'png') return sendStoredBlob(reply, deps.blobs, resultKey(job.id), headers);
    return reply
      .header('content-type', headers.contentType)
      .header('content-disposition', headers.contentDisposition)
      .header('cache-control', headers.cacheControl)
      .send(await deps.results.converted(job.id, format));
  });

  // Delete moves the job to the trash: from then on it answers 404 like a job that never was, until
  // `POST /api/jobs/:id/restore` brings it back (within TRASH_GRACE) with its result, preview and thumbnail.
  app.delete<{ Params: { id: string } }>('/api/jobs/:id', {
    schema: { summary: 'Move a job to the trash', tags: ['jobs'], params: idParams, response: { 204: emptyAnswer('Deleted'), 404: errorBody } },
  }, async (request, reply) => {
    const deleted = isId(request.params.id) && (await jobs.delete(request.params.id));
    if (!deleted) return reply.code(404).send({ error: { message: `no job ${request.params.id}` } });
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/api/jobs/:id/restore', {
    schema: {
      summary: 'Bring a deleted job back from the trash',
      description: 'Within TRASH_GRACE of its deletion, with its result, preview and thumbnail.',
      tags: ['jobs'],
      params: idParams,
      response: { 200: jobSchema, 404: errorBody },
    },
  }, async (request, reply) => {
    const job = isId(request.params.id) ? await jobs.restore(request.params.id) : null;
    if (!job) {
      const message = `no deleted job ${request.params.id} to restore: it was never deleted, or its ${formatGrace(config.trashGraceMs)} in the trash are over`;
      return reply.code(404).send({ error: { message } });
    }
    return jobView(job, baseUrl(request, config));
  });
}
