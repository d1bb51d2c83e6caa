import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config.ts';
import { BullmqJobQueue } from './bullmq/bullmq-job-queue.ts';
import { InProcessJobQueue } from './in-process/in-process-job-queue.ts';
import type { JobQueue } from './job-queue.ts';

/** Akool's steps started per second over every worker: its documented limits are per account, not per replica. */
const AKOOL_STEPS_PER_SECOND = 10;

/** The work queue the configuration names: this process's own, or BullMQ on REDIS_URL, shared by every replica. */
export function openJobQueue(config: ServerConfig, log: FastifyBaseLogger): JobQueue {
  const engine = config.engines.queue;
  if (engine.kind === 'in-process') return new InProcessJobQueue();
  return new BullmqJobQueue({
    redisUrl: engine.url,
    prefix: 'composer',
    limits: { akool: { max: AKOOL_STEPS_PER_SECOND, durationMs: 1000 } },
    ...(config.queueClaimMs ? { lockDurationMs: config.queueClaimMs, stalledIntervalMs: Math.max(500, Math.round(config.queueClaimMs / 2)) } : {}),
    onError: (error) => log.warn({ err: error }, 'work queue: Redis trouble; retrying'),
  });
}
