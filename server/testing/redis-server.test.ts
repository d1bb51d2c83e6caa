import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis, startRedis, type TestRedis } from './redis-server.ts';

describeWithRedis('the test Redis', () => {
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
