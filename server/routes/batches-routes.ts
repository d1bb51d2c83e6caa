import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { summarise, validateBatchRequest } from '../../src/core/index.ts';
import { batchItemParams, batchRequestBody, batchSchema, batchSummarySchema, binaryAnswer, emptyAnswer, errorBody, idParams } from '../api/api-schemas.ts';
import type { BatchService } from '../batches/batch-service.ts';
import { batchView, itemJobIds } from '../batches/batch-view.ts';
import { zipStream, type ZipEntry } from '../batches/zip-stream.ts';
import type { ServerConfig } from '../config.ts';
import type { BatchRecord } from '../domain/batch.ts';
import type { JobService } from '../jobs/job-service.ts';
import type { ChangeFeed } from '../storage/change-feed.ts';
import { resultKey } from '../storage/blob-keys.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { isId } from '../storage/ids.ts';
import { clientGone } from './client-gone.ts';
import { fieldErrors } from './field-errors.ts';
import { MAX_WAIT_SECONDS } from './job-changes-routes.ts';
import { baseUrl, ownOrigins } from './request-origin.ts';

/** Items read from SQLite at a time while the ZIP is sent. */
const ZIP_PAGE = 64;

const waitError = (issue: { input?: unknown }) =>
  `wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS} (got ${JSON.stringify(issue.input)})`;

const batchChangesQuery = z.object({
  since: z.string({ error: 'since must be one time: the updatedAt the client last saw' }).optional().meta({ description: "The batch's updatedAt as the client last saw it" }),
  wait: z
    .string({ error: waitError })
    .regex(/^\d+$/, { error: waitError })
    .refine((text) => Number(text) <= MAX_WAIT_SECONDS, { error: waitError })
    .transform(Number)
    .optional()
    .meta({ description: `With since: how long to wait for a change of an unfinished batch, in whole seconds from 0 to ${MAX_WAIT_SECONDS}; absent, the batch is answered at once` }),
});

/** A file name inside a Content-Disposition header: ASCII fallback plus RFC 5987 UTF-8. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function registerBatchesRoutes(
  app: FastifyInstance,
  deps: { config: ServerConfig; batches: BatchService; jobs: JobService; blobs: BlobStore; changes: ChangeFeed },
): Promise<void> {
  const { config, batches, jobs, blobs, changes } = deps;
  const notFound = (id: string) => ({ error: { message: `no batch ${id}` } });
  const viewOf = async (batch: BatchRecord, base: string) => {
    const items = await batches.items(batch.id);
    return batchView(batch, items, await jobs.getMany(itemJobIds(items)), base);
  };
  const view = async (id: string, base: string) => {
    const batch = isId(id) ? await batches.get(id) : null;
    return batch ? viewOf(batch, base) : null;
  };

  app.post('/api/batches', {
    schema: {
      summary: 'Start a batch: one layout over many products',
      description: 'Validates the batch (every field at fault is named in `error.fields`; a bad item is named in its own entry and the others go ahead) and queues its items; follow it with GET /api/batches/{id}?since=…&wait=….',
      tags: ['batches'],
      body: batchRequestBody(config.batchMaxItems),
      response: { 202: batchSchema, 400: errorBody },
    },
  }, async (request, reply) => {
    const validation = validateBatchRequest(request.body, config.batchMaxItems);
    if (!validation.ok) return reply.code(400).send({ error: { message: summarise(validation.errors), fields: validation.errors } });
    const batch = await batches.create(validation.value, ownOrigins(app, request, config));
    return reply.code(202).header('location', `/api/batches/${batch.id}`).send(await view(batch.id, baseUrl(request, config)));
  });

  app.get('/api/batches', {
    schema: { summary: 'The batches, with their counts but not their items', tags: ['batches'], response: { 200: z.strictObject({ batches: z.array(batchSummarySchema) }) } },
  }, async (request) => {
    const base = baseUrl(request, config);
    // The history's summary: counts without every item.
    return {
      batches: await Promise.all(
        (await batches.list()).map(async (batch) => {
          const { items: _items, ...summary } = await viewOf(batch, base);
          return summary;
        }),
      ),
    };
  });

  // `?since=<updatedAt>&wait=<seconds>`: a long poll, as GET /api/jobs/:id/changes is for a job.
  app.get<{ Params: { id: string } }>('/api/batches/:id', {
    schema: {
      summary: 'A batch with its items, at once or as soon as it differs from what the client last saw (a long poll)',
      tags: ['batches'],
      params: idParams,
      querystring: batchChangesQuery,
      response: { 200: batchSchema, 400: errorBody, 404: errorBody },
    },
  }, async (request, reply) => {
    const base = baseUrl(request, config);
    const { id } = request.params;
    let current = await view(id, base);
    if (!current) return reply.code(404).send(notFound(id));
    const query = batchChangesQuery.safeParse(request.query);
    if (!query.success) {
      const fields = fieldErrors(query.error);
      return reply.code(400).send({ error: { message: summarise(fields), fields } });
    }
    const { since, wait } = query.data;
    if (wait !== undefined) {
      const gone = clientGone(reply);
      const deadline = Date.now() + wait * 1000;
      // Wakes on any change of the batch or its jobs; answers once what the client saw is out of date. Each wait
      // starts before its read, so a change another replica makes in between still wakes it.
      const unchanged = (batch: typeof current) =>
        batch && batch.updatedAt === since && (batch.status === 'running' || batch.status === 'cancelling' || batch.status === 'paused');
      while (unchanged(current) && Date.now() < deadline && !gone.aborted) {
        const unneeded = new AbortController();
        const woken = changes.wait(id, deadline - Date.now(), AbortSignal.any([gone, unneeded.signal]));
        current = await view(id, base);
        if (!unchanged(current)) {
          unneeded.abort();
          break;
        }
        await woken; // the next turn reads the batch again
      }
      if (!current) return reply.code(404).send(notFound(id));
    }
    return current;
  });

  app.post<{ Params: { id: string } }>('/api/batches/:id/cancel', {
    schema: {
      summary: "Cancel a batch's items that have not started",
      description: 'Items already rendering finish; the batch is `cancelling` until they do, then `cancelled`.',
      tags: ['batches'],
      params: idParams,
      response: { 200: batchSchema, 404: errorBody },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!isId(id) || !(await batches.cancel(id))) return reply.code(404).send(notFound(id));
    return view(id, baseUrl(request, config));
  });

  app.post<{ Params: { id: string } }>('/api/batches/:id/resume', {
    schema: {
      summary: 'Resume a paused batch',
      description: 'A batch pauses when the Akool account runs out of quota; add credits, then resume it.',
      tags: ['batches'],
      params: idParams,
      response: { 200: batchSchema, 404: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const resumed = isId(id) ? await batches.resume(id) : false;
    if (resumed === false) return reply.code(404).send(notFound(id));
    if (typeof resumed === 'string') return reply.code(409).send({ error: { message: resumed } });
    return view(id, baseUrl(request, config));
  });

  app.post<{ Params: { id: string; index: string } }>('/api/batches/:id/items/:index/retry', {
    schema: { summary: 'Run a failed or cancelled item of a batch again, as a new job', tags: ['batches'], params: batchItemParams, response: { 202: batchSchema, 404: errorBody, 409: errorBody } },
  }, async (request, reply) => {
    const { id, index } = request.params;
    const retried = isId(id) && /^\d+$/.test(index) ? await batches.retry(id, Number(index)) : null;
    if (retried === null) return reply.code(404).send({ error: { message: `no item ${index} in batch ${id}` } });
    if (typeof retried === 'string') return reply.code(409).send({ error: { message: retried } });
    return reply.code(202).send(await view(id, baseUrl(request, config)));
  });

  app.get<{ Params: { id: string; index: string } }>('/api/batches/:id/items/:index/result', {
    schema: {
      summary: "A completed item's result image, as a download named after the product",
      tags: ['batches'],
      params: batchItemParams,
      response: { 200: binaryAnswer('The PNG', 'image/png'), 404: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const { id, index } = request.params;
    const batch = isId(id) ? await batches.get(id) : null;
    const item = batch && /^\d+$/.test(index) ? (await batches.items(id, Number(index), 1))[0] : undefined;
    if (!item || item.position !== Number(index)) return reply.code(404).send({ error: { message: `no item ${index} in batch ${id}` } });
    const job = item.state === 'submitted' ? await jobs.get(item.jobId) : null;
    if (job?.status !== 'completed') return reply.code(409).send({ error: { message: `item ${index} (${item.name}) has no result${job ? `: it is ${job.status}` : ''}` } });
    const { size, stream } = await blobs.open(resultKey(job.id));
    return reply.header('content-type', 'image/png').header('content-length', size).header('content-disposition', attachment(item.fileName)).send(stream);
  });

  // Streamed: the first bytes leave at once, and only a read chunk of one file is in memory at a time.
  app.get<{ Params: { id: string } }>('/api/batches/:id/zip', {
    schema: {
      summary: "A ZIP of a batch's completed results, streamed",
      tags: ['batches'],
      params: idParams,
      response: { 200: binaryAnswer('The ZIP: one PNG per completed item, named after the product', 'application/zip'), 404: errorBody },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const batch = isId(id) ? await batches.get(id) : null;
    if (!batch) return reply.code(404).send(notFound(id));
    async function* completedFiles(): AsyncGenerator<ZipEntry> {
      for (let from = 0; ; ) {
        const page = await batches.items(id, from, ZIP_PAGE);
        if (!page.length) return;
        const pageJobs = await jobs.getMany(itemJobIds(page));
        for (const item of page) {
          if (item.state === 'submitted' && pageJobs.get(item.jobId)?.status === 'completed') yield { name: item.fileName, open: () => blobs.open(resultKey(item.jobId), { chunkBytes: 1 << 20 }) };
        }
        from = page[page.length - 1]!.position + 1;
      }
    }
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', attachment(`batch-${id}.zip`))
      .header('cache-control', 'no-store')
      .send(Readable.from(zipStream(completedFiles())));
  });

  app.delete<{ Params: { id: string } }>('/api/batches/:id', {
    schema: { summary: "Delete a batch; its items' jobs go to the trash", tags: ['batches'], params: idParams, response: { 204: emptyAnswer('Deleted'), 404: errorBody } },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!isId(id) || !(await batches.delete(id))) return reply.code(404).send(notFound(id));
    return reply.code(204).send();
  });
}
