import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';
import { describeWithRedis, startRedis, type TestRedis } from '../../testing/redis-server.ts';
import { changeFeedContract, deliveredByMarker } from '../contracts/change-feed.contract.ts';
import { RedisChangeFeed } from './redis-change-feed.ts';

// The shared contract runs with the waiter and the publisher on two connections (two replicas); the tests
// below it check what only a feed over Redis has: its own publishes, channels, no connection, a restart.

const LONG = 60_000; // a waiter that is not woken holds the test to its timeout and fails it
const CHANNEL = 'test:job-changes';

interface Replica {
  redis: Redis;
  feed: RedisChangeFeed;
  warnings: string[];
}

async function openReplica(url: string, channel = CHANNEL): Promise<Replica> {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // refused while Redis restarts; it reconnects by itself
  const warnings: string[] = [];
  const feed = await RedisChangeFeed.open({ redis, channel, log: { warn: (_details, message) => warnings.push(message) } });
  return { redis, feed, warnings };
}

async function closeReplica(replica: Replica): Promise<void> {
  await replica.feed.close();
  replica.redis.disconnect();
}

/** Whether `promise` has settled by the next macrotask. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

let markers = 0;
/** Resolves once every publish `from` made so far has reached `to`: a marker published after them arrived
 * (one publishing connection, one subscribing connection: Redis keeps their order). */
async function delivered(from: Replica, to: Replica): Promise<void> {
  const marker = `marker-${(markers += 1)}`;
  const seen = to.feed.wait(marker, LONG);
  from.feed.publish(marker);
  await seen;
}

/** Until Redis says `count` connections listen on the channel (after a restart, once they subscribed again). */
async function untilSubscribers(redis: Redis, count: number, channel = CHANNEL): Promise<void> {
  for (;;) {
    const answer = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    if (Number(answer[1]) === count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeWithRedis('RedisChangeFeed: two replicas on one Redis', () => {
  let server: TestRedis;
  let waiter: Replica;
  let publisher: Replica;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    waiter = await openReplica(server.url);
    publisher = await openReplica(server.url);
  });
  afterEach(async () => {
    await closeReplica(waiter);
    await closeReplica(publisher);
  });

  changeFeedContract('Redis pub/sub, two connections', async () => {
    const [waiter, publisher] = [await openReplica(server.url), await openReplica(server.url)];
    return {
      waiter: waiter.feed,
      publisher: publisher.feed,
      delivered: deliveredByMarker(waiter.feed, publisher.feed),
      close: async () => {
        await closeReplica(waiter);
        await closeReplica(publisher);
      },
    };
  });

  it('a replica hears its own publishes too', async () => {
    const here = publisher.feed.wait('job-a', LONG);
    const there = waiter.feed.wait('job-a', LONG);
    publisher.feed.publish('job-a');
    await Promise.all([here, there]);
  });

  it('feeds on other channels (jobs, batches) do not wake each other', async () => {
    const batches = await openReplica(server.url, 'test:batch-changes');
    try {
      const batchWait = batches.feed.wait('same-id', LONG);
      const jobWait = waiter.feed.wait('same-id', LONG);
      publisher.feed.publish('same-id');
      await jobWait;
      await delivered(publisher, waiter);
      expect(await settledNow(batchWait)).toBe(false);
      batches.feed.publish('same-id');
      await batchWait;
    } finally {
      await closeReplica(batches);
    }
  });

  it('a publish without a connection neither throws nor rejects; it is logged', async () => {
    publisher.redis.disconnect();
    expect(() => publisher.feed.publish('job-a')).not.toThrow();
    while (publisher.warnings.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(publisher.warnings).toEqual(['change feed: could not publish a change; its long polls wake at their timeout']);
  });

  it('refuses to open without Redis', async () => {
    const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    await expect(RedisChangeFeed.open({ redis, channel: CHANNEL, log: { warn: () => {} } })).rejects.toThrow();
    redis.disconnect();
  });

  it('survives a restart of Redis: waiters are woken when it is back (changes meanwhile were lost), and publishes wake again', async () => {
    const pending = waiter.feed.wait('job-a', LONG);
    await server.restart();
    await pending;
    expect(waiter.warnings).toContain('change feed: back on Redis; waking every long poll, as changes made meanwhile were not heard');
    // Both replicas' subscribers are back on the restarted (empty) Redis, so a publish now reaches them.
    await untilSubscribers(publisher.redis, 2);
    const next = waiter.feed.wait('job-a', LONG);
    publisher.feed.publish('job-a');
    await next;
  }, 60_000);
});
