import type { FastifyInstance } from 'fastify';
import type { JobChanges } from '../jobs/job-changes.ts';
import type { JobService } from '../jobs/job-service.ts';
import { jobView } from '../jobs/job-view.ts';
import type { JobRecord } from '../storage/job-store.ts';
import { isId } from '../storage/ids.ts';
import type { ServerConfig } from '../config.ts';
import { baseUrl } from './request-origin.ts';

/** The longest a request may wait: below the idle timeouts of common proxies (60 s) with room to spare. */
export const MAX_WAIT_SECONDS = 30;
const DEFAULT_WAIT_SECONDS = 25;

type ChangesQuery = { since?: string; status?: string; wait?: string };

/** Reads `wait` (whole seconds, 0..30); a wrong value is named with the reason. */
function waitSeconds(value: string | undefined): number | string {
  if (value === undefined) return DEFAULT_WAIT_SECONDS;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > MAX_WAIT_SECONDS) return `wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS} (got ${JSON.stringify(value)})`;
  return seconds;
}

/**
 * `GET /api/jobs/:id/changes?since=<updatedAt>&status=<status>&wait=<seconds>`: a long poll. It answers the
 * job (as `GET /api/jobs/:id` does) as soon as it differs from what the client last saw (`since` and `status`),
 * at once when it already does or is finished, and otherwise after `wait` seconds with the job unchanged.
 */
export async function registerJobChangesRoutes(
  app: FastifyInstance,
  deps: { config: ServerConfig; jobs: JobService; changes: JobChanges },
): Promise<void> {
  const { config, jobs, changes } = deps;
  const seenByClient = (job: JobRecord, query: ChangesQuery) =>
    (job.status === 'queued' || job.status === 'processing') &&
    job.status === query.status &&
    new Date(job.updatedAt).toISOString() === query.since;

  app.get<{ Params: { id: string }; Querystring: ChangesQuery }>('/api/jobs/:id/changes', async (request, reply) => {
    const wait = waitSeconds(request.query.wait);
    if (typeof wait === 'string') return reply.code(400).send({ error: { message: wait, fields: { wait } } });
    const { id } = request.params;
    let job = isId(id) ? jobs.get(id) : null;
    if (job && seenByClient(job, request.query) && wait > 0) {
      // Stop waiting when the client goes away: nobody is left to answer.
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      await changes.next(id, wait * 1000, gone.signal);
      job = jobs.get(id);
    }
    if (!job) return reply.code(404).send({ error: { message: `no job ${id}` } });
    return jobView(job, baseUrl(request, config));
  });
}
