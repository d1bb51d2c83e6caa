import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';
import { redisMissing, startRedis, type TestRedis } from '../../testing/redis-server.ts';
import { changeFeedContract, deliveredByMarker } from '../contracts/change-feed.contract.ts';
import { RedisChangeFeed } from './redis-change-feed.ts';

// The shared contract (contracts/change-feed.contract.ts) runs here with `deliveredByMarker`, as for PostgreSQL:
// over a network a publish may still be on its way when a test looks, and the marker waits for it. The tests
// below check more (restarts, channels apart) with `delivered()` of their own.

const missing = redisMissing();
// On a machine without Redis the engine tests skip and say why; CI installs it, so there they must run.
if (missing && process.env.CI) throw new Error(`CI must have Redis: ${missing}`);

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

describe.skipIf(missing)('RedisChangeFeed: two replicas on one Redis', () => {
  let server: TestRedis;
  let waiter: Replica;
  let publisher: Replica;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  let contractChannels = 0;
  // Waiter and publisher are two replicas, each with its own connections; each test a channel of its own.
  changeFeedContract('Redis pub/sub, two connections', async () => {
    const channel = `test:contract-${(contractChannels += 1)}`;
    const [first, second] = await Promise.all([openReplica(server.url, channel), openReplica(server.url, channel)]);
    return {
      waiter: first.feed,
      publisher: second.feed,
      delivered: deliveredByMarker(first.feed, second.feed),
      close: async () => void (await Promise.all([closeReplica(first), closeReplica(second)])),
    };
  });

  beforeEach(async () => {
    waiter = await openReplica(server.url);
    publisher = await openReplica(server.url);
  });
  afterEach(async () => {
    await closeReplica(waiter);
    await closeReplica(publisher);
  });

  it("a publish on one replica wakes every waiter on that key on the other, and a waiter on another key sleeps on", async () => {
    const first = waiter.feed.wait('job-a', LONG);
    const second = waiter.feed.wait('job-a', LONG);
    const other = waiter.feed.wait('job-b', LONG);
    expect(waiter.feed.waiting).toBe(3);
    publisher.feed.publish('job-a');
    await Promise.all([first, second]);
    await delivered(publisher, waiter);
    expect(await settledNow(other)).toBe(false);
    publisher.feed.publish('job-b');
    await other;
    expect(waiter.feed.waiting).toBe(0);
  });

  it('a replica hears its own publishes too', async () => {
    const here = publisher.feed.wait('job-a', LONG);
    const there = waiter.feed.wait('job-a', LONG);
    publisher.feed.publish('job-a');
    await Promise.all([here, there]);
  });

  it('a wake is not kept for later: a wait begun after a publish arrived waits for the next one', async () => {
    publisher.feed.publish('job-a');
    await delivered(publisher, waiter);
    const later = waiter.feed.wait('job-a', LONG);
    await delivered(publisher, waiter);
    expect(await settledNow(later)).toBe(false);
    publisher.feed.publish('job-a');
    await later;
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

  it('an abort ends the wait at once, also a signal aborted before the wait began', async () => {
    const controller = new AbortController();
    const waiting = waiter.feed.wait('job-a', LONG, controller.signal);
    controller.abort();
    await waiting;
    expect(waiter.feed.waiting).toBe(0);
    await waiter.feed.wait('job-a', LONG, AbortSignal.abort());
    expect(waiter.feed.waiting).toBe(0);
  });

  it('a wait ends by itself after its timeout', async () => {
    await waiter.feed.wait('job-a', 1);
    expect(waiter.feed.waiting).toBe(0);
  });

  it('releaseAll answers every waiter of this replica (a closing server), and only those', async () => {
    const waits = [waiter.feed.wait('job-a', LONG), waiter.feed.wait('job-b', LONG)];
    const elsewhere = publisher.feed.wait('job-a', LONG);
    waiter.feed.releaseAll();
    await Promise.all(waits);
    expect(waiter.feed.waiting).toBe(0);
    expect(await settledNow(elsewhere)).toBe(false);
    expect(publisher.feed.waiting).toBe(1);
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
