import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisMissing, startRedis, type TestRedis } from './redis-server.ts';

const missing = redisMissing();
// On a machine without Redis the engine tests skip and say why; CI installs it, so there they must run.
if (missing && process.env.CI) throw new Error(`CI must have Redis: ${missing}`);

describe.skipIf(missing)('the test Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('answers on its own port, and a restart comes back empty on the same port', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    try {
      await client.set('key', 'value');
      expect(await client.get('key')).toBe('value');
      await redis.restart();
      // The client reconnects by itself, as a server's would.
      expect(await client.get('key')).toBeNull();
    } finally {
      client.disconnect();
    }
  });
});
