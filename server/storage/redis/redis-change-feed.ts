import type { Redis } from 'ioredis';
import type { ChangeFeed } from '../change-feed.ts';
import { InProcessChangeFeed } from '../in-process/in-process-change-feed.ts';

/** Where the feed reports what it cannot do (a Fastify logger fits). */
export interface ChangeFeedLog {
  warn(details: object, message: string): void;
}

export interface RedisChangeFeedOptions {
  /** The process's command connection: publishes go through it. Not closed by the feed (it is shared). */
  redis: Redis;
  /** One channel per feed (e.g. `composer:job-changes`, `composer:batch-changes`); every replica uses the same. */
  channel: string;
  log: ChangeFeedLog;
}

/**
 * The change feed of several replicas, over Redis pub/sub: a publish on any replica wakes the waiters on that
 * key on every replica.
 *
 * One channel per feed, the key as the message, and one subscriber connection per feed and process, subscribed
 * once at open. The other design, a channel per key subscribed on demand, would cost a SUBSCRIBE and an
 * UNSUBSCRIBE round trip per long poll (each client holds one every 30 s per job it shows) and would lose a
 * publish racing the SUBSCRIBE. Here a wait costs nothing in Redis, a waiter registered locally hears every
 * publish Redis handles from then on, and the price is that every replica receives every key (a job or batch
 * id, ~40 bytes per change) and ignores those nobody waits for: a few thousand changes a minute are nothing.
 *
 * Waiters live in an in-process feed: a message read from the channel is a local publish. A publish a little
 * older than the wait may still wake it (a spare read: the route starts its wait, then reads the row), never
 * the other way round.
 *
 * When the subscriber's connection drops, ioredis reconnects and subscribes again; publishes made meanwhile
 * are lost, so every waiter of this process is woken once the connection is back (they read their row again).
 */
export class RedisChangeFeed implements ChangeFeed {
  private readonly local = new InProcessChangeFeed();
  private readonly subscriber: Redis;
  private readonly redis: Redis;
  private readonly channel: string;
  private readonly log: ChangeFeedLog;
  private closed = false;

  private constructor(options: RedisChangeFeedOptions) {
    this.redis = options.redis;
    this.channel = options.channel;
    this.log = options.log;
    // A connection in subscriber mode runs no other command, so the feed has its own.
    this.subscriber = options.redis.duplicate({ autoResubscribe: true, lazyConnect: true });
  }

  /** Resolves once the subscription is in place: from then on, every publish from any replica reaches this one. */
  static async open(options: RedisChangeFeedOptions): Promise<RedisChangeFeed> {
    const feed = new RedisChangeFeed(options);
    try {
      await feed.start();
    } catch (error) {
      // Not left reconnecting in the background of a server that failed to start.
      feed.closed = true;
      feed.subscriber.disconnect();
      throw error;
    }
    return feed;
  }

  private async start(): Promise<void> {
    const { subscriber, channel } = this;
    subscriber.on('message', (from: string, key: string) => {
      if (from === channel) this.local.publish(key);
    });
    // ioredis logs an unhandled 'error' event loudly; the reconnect is what matters, and it is reported below.
    subscriber.on('error', () => {});
    let lost = false;
    subscriber.on('close', () => {
      if (!this.closed && !lost) {
        lost = true;
        this.log.warn({ channel }, 'change feed: lost the connection to Redis; long polls wake at their timeout until it is back');
      }
    });
    subscriber.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.log.warn({ channel }, 'change feed: back on Redis; waking every long poll, as changes made meanwhile were not heard');
      this.local.releaseAll();
    });
    await subscriber.connect();
    await subscriber.subscribe(channel);
  }

  publish(key: string): void {
    if (this.closed) return;
    try {
      this.redis.publish(this.channel, key).catch((error: Error) => {
        this.log.warn({ channel: this.channel, key, err: error.message }, 'change feed: could not publish a change; its long polls wake at their timeout');
      });
    } catch (error) {
      this.log.warn({ channel: this.channel, key, err: (error as Error).message }, 'change feed: could not publish a change; its long polls wake at their timeout');
    }
  }

  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.local.wait(key, timeoutMs, signal);
  }

  releaseAll(): void {
    this.local.releaseAll();
  }

  get waiting(): number {
    return this.local.waiting;
  }

  /** Answers every waiter and drops the subscriber connection (the shared command connection stays open). */
  async close(): Promise<void> {
    this.closed = true;
    this.local.releaseAll();
    try {
      await this.subscriber.quit();
    } catch {
      this.subscriber.disconnect();
    }
  }
}
