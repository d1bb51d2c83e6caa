import type { FastifyReply } from 'fastify';
import type { JobService } from '../jobs/job-service.ts';
import { isId } from '../storage/ids.ts';
import type { JobRecord } from '../domain/job.ts';

/**
 * The completed job a route about its result's pictures is asked for; or null, once `reply` has said why not:
 * 404 for no such job, 409 for a job without a result yet (or a failed one).
 */
export async function completedJobOrReply(jobs: JobService, id: string, reply: FastifyReply): Promise<JobRecord | null> {
  const job = isId(id) ? await jobs.get(id) : null;
  if (!job) {
    void reply.code(404).send({ error: { message: `no job ${id}` } });
    return null;
  }
  if (job.status !== 'completed') {
    void reply.code(409).send({ error: { message: `the job is ${job.status}; it has no result to show` } });
    return null;
  }
  return job;
}
