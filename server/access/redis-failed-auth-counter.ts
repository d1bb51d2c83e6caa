import type { Redis } from 'ioredis';

/** Wrong access tokens per client in fixed one-minute windows (see access-token.ts). */
export interface FailedAuthCounts {
  /** Seconds until the client may try again, or 0 when it may now. */
  blockedFor(client: string): number | Promise<number>;
  fail(client: string): void | Promise<void>;
}

/** Where the counts are kept; every replica must use the same prefix. */
export const FAILED_AUTH_PREFIX = 'composer:failed-auth:';
const WINDOW_MS = 60_000;

/**
 * The wrong-token counts in Redis, so that replicas behind one load balancer share them: a guesser gets the
 * limit per minute, not the limit times the replicas. When Redis does not answer, the process counts in its
 * own memory (`fallback`) meanwhile: guessing stays limited per replica instead of unlimited.
 */
export class RedisFailedAuthCounter implements FailedAuthCounts {
  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly fallback: FailedAuthCounts,
  ) {}

  async blockedFor(client: string): Promise<number> {
    const key = FAILED_AUTH_PREFIX + client;
    try {
      const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
      return Number(count) >= this.limit && ttl > 0 ? Math.ceil(ttl / 1000) : 0;
    } catch {
      return this.fallback.blockedFor(client);
    }
  }

  async fail(client: string): Promise<void> {
    const key = FAILED_AUTH_PREFIX + client;
    try {
      // The window starts at the first failure and is never extended; both in one transaction, so that a
      // count can never be left without its expiry.
      const results = await this.redis.multi().set(key, '0', 'PX', WINDOW_MS, 'NX').incr(key).exec();
      const failed = !results || results.some(([error]) => error);
      if (failed) throw new Error('not counted');
    } catch {
      await this.fallback.fail(client);
    }
  }
}
