import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorBody, idParams, jobSchema } from '../api/api-schemas.ts';
import type { JobService } from '../jobs/job-service.ts';
import { jobView } from '../jobs/job-view.ts';
import type { ChangeFeed } from '../storage/change-feed.ts';
import type { JobRecord } from '../domain/job.ts';
import { isId } from '../storage/ids.ts';
import type { ServerConfig } from '../config.ts';
import { clientGone } from './client-gone.ts';
import { fieldErrors } from './field-errors.ts';
import { summarise } from '../../src/core/index.ts';
import { baseUrl } from './request-origin.ts';

/** The longest a request may wait: below the idle timeouts of common proxies (60 s) with room to spare. */
export const MAX_WAIT_SECONDS = 30;
const DEFAULT_WAIT_SECONDS = 25;

const waitError = (issue: { input?: unknown }) =>
  `wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS} (got ${JSON.stringify(issue.input)})`;

const changesQuery = z.object({
  since: z.string({ error: 'since must be one time: the updatedAt the client last saw' }).optional().meta({ description: "The job's updatedAt as the client last saw it" }),
  status: z.string({ error: 'status must be one status: the one the client last saw' }).optional().meta({ description: "The job's status as the client last saw it" }),
  wait: z
    .string({ error: waitError })
    .regex(/^\d+$/, { error: waitError })
    .refine((text) => Number(text) <= MAX_WAIT_SECONDS, { error: waitError })
    .transform(Number)
    .default(DEFAULT_WAIT_SECONDS)
    .meta({ description: `How long to wait for a change, in whole seconds from 0 to ${MAX_WAIT_SECONDS} (default ${DEFAULT_WAIT_SECONDS})` }),
});
type ChangesQuery = z.output<typeof changesQuery>;

/**
 * `GET /api/jobs/:id/changes?since=<updatedAt>&status=<status>&wait=<seconds>`: a long poll. It answers the
 * job (as `GET /api/jobs/:id` does) as soon as it differs from what the client last saw (`since` and `status`),
 * at once when it already does or is finished, and otherwise after `wait` seconds with the job unchanged.
 */
export async function registerJobChangesRoutes(
  app: FastifyInstance,
  deps: { config: ServerConfig; jobs: JobService; changes: ChangeFeed },
): Promise<void> {
  const { config, jobs, changes } = deps;
  const seenByClient = (job: JobRecord, query: ChangesQuery) =>
    (job.status === 'queued' || job.status === 'processing') &&
    job.status === query.status &&
    new Date(job.updatedAt).toISOString() === query.since;

  app.get<{ Params: { id: string } }>('/api/jobs/:id/changes', {
    schema: {
      summary: 'A job, as soon as it differs from what the client last saw (a long poll)',
      tags: ['jobs'],
      params: idParams,
      querystring: changesQuery,
      response: { 200: jobSchema, 400: errorBody, 404: errorBody },
    },
  }, async (request, reply) => {
    const parsed = changesQuery.safeParse(request.query);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      return reply.code(400).send({ error: { message: summarise(fields), fields } });
    }
    const query = parsed.data;
    const wait = query.wait;
    const { id } = request.params;
    // The wait starts before the read: a change committed on another replica between the two would otherwise
    // wake nobody, and the poll would sleep to its end with the answer already there.
    const unneeded = new AbortController();
    const woken = wait > 0 && isId(id) ? changes.wait(id, wait * 1000, AbortSignal.any([clientGone(reply), unneeded.signal])) : null;
    let job = isId(id) ? await jobs.get(id) : null;
    if (woken && job && seenByClient(job, query)) {
      await woken;
      job = await jobs.get(id);
    } else {
      unneeded.abort();
    }
    if (!job) return reply.code(404).send({ error: { message: `no job ${id}` } });
    return jobView(job, baseUrl(request, config));
  });
}
