import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimits } from '../config.ts';

/** The routes that cost work, disk or Akool credits, with their limit per client (IP address) and minute. */
function limitedRoutes(limits: RateLimits): Array<{ method: string; url: string; max: number }> {
  return [
    { method: 'POST', url: '/api/jobs', max: limits.jobsPerMinute },
    { method: 'POST', url: '/api/open/v3/content/image/bg/replace', max: limits.jobsPerMinute },
    // A batch is many jobs, but one request; its items are bounded by BATCH_MAX_ITEMS and run BATCH_IN_FLIGHT at a time.
    { method: 'POST', url: '/api/batches', max: limits.jobsPerMinute },
    { method: 'POST', url: '/api/uploads', max: limits.uploadsPerMinute },
    // Fetches a remote photo and stores an upload (after a background removal) per request it has not seen.
    { method: 'POST', url: '/api/foregrounds', max: limits.uploadsPerMinute },
  ];
}

/** Where the limits count; every replica must use the same prefix. */
export const RATE_LIMIT_PREFIX = 'composer:rate-limit:';

/**
 * Per-client rate limits (429 with Retry-After) on job creation, uploads and foregrounds. Registered before the routes:
 * an onRoute hook gives the listed routes their `config.rateLimit`, which @fastify/rate-limit then applies,
 * so the routes' own files need not know. Each route counts on its own.
 *
 * Counted in this process's memory, or with `redis` in Redis, so that replicas behind one load balancer share
 * one count per client and route (one script call per limited request). A Redis that does not answer lets
 * requests through uncounted rather than failing them: the limits guard against floods, and refusing every
 * upload while Redis restarts would be worse. Give it a connection that fails fast (`enableOfflineQueue:
 * false`), or limited requests wait for Redis to come back.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits, options: { redis?: Redis } = {}): Promise<void> {
  const routes = limitedRoutes(limits);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const limited = routes.find((entry) => entry.url === route.url && methods.includes(entry.method));
    if (!limited) return;
    route.config = { ...(route.config as object), rateLimit: { max: limited.max, timeWindow: 60_000 } };
  });
  await app.register(fastifyRateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: RATE_LIMIT_PREFIX, skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`too many requests from this address: at most ${context.max} a minute; try again in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
}
