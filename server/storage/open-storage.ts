import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Engines } from '../config.ts';
import type { BatchRepository } from './batch-repository.ts';
import { BLOB_FOLDERS } from './blob-keys.ts';
import type { BlobStore } from './blob-store.ts';
import type { ChangeFeed } from './change-feed.ts';
import { DiskBlobStore } from './disk/disk-blob-store.ts';
import { InProcessChangeFeed } from './in-process/in-process-change-feed.ts';
import type { JobRepository } from './job-repository.ts';
import { openPostgres } from './postgres/database.ts';
import { PostgresBatchRepository } from './postgres/postgres-batch-repository.ts';
import { BATCH_CHANGES_CHANNEL, PostgresChangeFeed } from './postgres/postgres-change-feed.ts';
import { JOB_CHANGES_CHANNEL, PostgresJobRepository } from './postgres/postgres-job-repository.ts';
import { PostgresPreparedForegroundCache } from './postgres/postgres-prepared-foreground-cache.ts';
import { PostgresUploadRepository } from './postgres/postgres-upload-repository.ts';
import type { PreparedForegroundCache } from './prepared-foreground-cache.ts';
import { RedisChangeFeed } from './redis/redis-change-feed.ts';
import { S3BlobStore } from './s3/s3-blob-store.ts';
import { openDatabase } from './sqlite/database.ts';
import { SqliteBatchRepository } from './sqlite/sqlite-batch-repository.ts';
import { SqliteJobRepository } from './sqlite/sqlite-job-repository.ts';
import { SqlitePreparedForegroundCache } from './sqlite/sqlite-prepared-foreground-cache.ts';
import { SqliteUploadRepository } from './sqlite/sqlite-upload-repository.ts';
import type { UploadRepository } from './upload-repository.ts';
import type { WebhookEventRepository } from './webhook-event-repository.ts';
import { PostgresWebhookEventRepository } from './postgres/postgres-webhook-event-repository.ts';
import { SqliteWebhookEventRepository } from './sqlite/sqlite-webhook-event-repository.ts';

/** Redis channels of the two feeds; every replica of one deployment uses the same. */
const REDIS_JOB_CHANGES = 'composer:job-changes';
const REDIS_BATCH_CHANGES = 'composer:batch-changes';

/** Everything the server keeps, on the engines the configuration names (config.engines). */
export interface Storage {
  jobs: JobRepository;
  uploads: UploadRepository;
  batches: BatchRepository;
  foregroundCache: PreparedForegroundCache;
  /** Provider webhooks that came before the job knew the provider's id, kept for whichever replica records it. */
  webhookEvents: WebhookEventRepository;
  blobs: BlobStore;
  /** Wakes long polls on jobs, on every replica. */
  jobChanges: ChangeFeed;
  /** Wakes long polls on batches, on every replica. */
  batchChanges: ChangeFeed;
  /** The process's Redis command connection (REDIS_URL), shared by the rate limits; null when in-process. */
  redis: Redis | null;
  /** Closes connections and the database; the feeds must have released their waiters first. */
  close(): Promise<void>;
}

/**
 * Opens the storage the configuration names: SQLite, files and in-process feeds by default (no service), or
 * PostgreSQL (DATABASE_URL), S3 (S3_BUCKET) and Redis pub/sub (REDIS_URL). Connects at once, so that an engine
 * that cannot be reached stops start-up with its reason instead of failing the first request.
 *
 * The feeds: Redis pub/sub when REDIS_URL is set (every replica then holds Redis connections anyway, and a
 * publish costs no database connection); else PostgreSQL's LISTEN/NOTIFY with DATABASE_URL (its job repository
 * notifies in the statement that changes the row); else in-process. The feeds only wake: the rows are the truth.
 *
 * `jobChanged` is told of every job change this process makes, after it is stored (the batches follow it).
 */
export async function openStorage(options: {
  engines: Engines;
  dataDir: string;
  log: FastifyBaseLogger;
  jobChanged: (id: string) => void;
}): Promise<Storage> {
  const { engines, dataDir, log } = options;
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const redis = engines.queue.kind === 'redis' ? await connectRedis(engines.queue.url, log) : null;
    if (redis) closers.push(() => void redis.disconnect());

    const blobs = await openBlobs(engines, dataDir, log);
    if (blobs instanceof S3BlobStore) closers.push(() => blobs.close()); // its keep-alive sockets

    const pool = engines.database.kind === 'postgres' ? await connectPostgres(engines.database.url) : null;
    if (pool) closers.push(() => pool.end());

    let jobChanges: ChangeFeed;
    let batchChanges: ChangeFeed;
    if (redis) {
      const feedLog = { warn: (details: object, message: string) => log.warn(details, message) };
      const jobFeed = await RedisChangeFeed.open({ redis, channel: REDIS_JOB_CHANGES, log: feedLog });
      closers.push(() => jobFeed.close());
      const batchFeed = await RedisChangeFeed.open({ redis, channel: REDIS_BATCH_CHANGES, log: feedLog });
      closers.push(() => batchFeed.close());
      [jobChanges, batchChanges] = [jobFeed, batchFeed];
    } else if (pool && engines.database.kind === 'postgres') {
      const feedLog = (message: string, error: unknown) => log.warn({ err: error }, message);
      const url = engines.database.url;
      const jobFeed = await PostgresChangeFeed.open({ url, channel: JOB_CHANGES_CHANNEL, pool, log: feedLog });
      closers.push(() => jobFeed.close());
      const batchFeed = await PostgresChangeFeed.open({ url, channel: BATCH_CHANGES_CHANNEL, pool, log: feedLog });
      closers.push(() => batchFeed.close());
      [jobChanges, batchChanges] = [jobFeed, batchFeed];
    } else {
      [jobChanges, batchChanges] = [new InProcessChangeFeed(), new InProcessChangeFeed()];
    }

    if (pool) {
      // Without Redis, the repository's own NOTIFY, sent with the change, wakes every replica's polls (this one's
      // too); with it, Redis carries the wake-ups and the database sends none.
      const publish = redis !== null;
      return {
        jobs: new PostgresJobRepository(
          pool,
          (id) => {
            if (publish) jobChanges.publish(id);
            options.jobChanged(id);
          },
          publish ? null : JOB_CHANGES_CHANNEL,
        ),
        uploads: new PostgresUploadRepository(pool),
        batches: new PostgresBatchRepository(pool),
        foregroundCache: new PostgresPreparedForegroundCache(pool),
        webhookEvents: new PostgresWebhookEventRepository(pool),
        blobs,
        jobChanges,
        batchChanges,
        redis,
        close,
      };
    }

    const db = openDatabase(dataDir);
    closers.push(() => db.close());
    return {
      jobs: new SqliteJobRepository(db, (id) => {
        jobChanges.publish(id);
        options.jobChanged(id);
      }),
      uploads: new SqliteUploadRepository(db),
      batches: new SqliteBatchRepository(db),
      foregroundCache: new SqlitePreparedForegroundCache(db),
      webhookEvents: new SqliteWebhookEventRepository(db),
      blobs,
      jobChanges,
      batchChanges,
      redis,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function openBlobs(engines: Engines, dataDir: string, log: FastifyBaseLogger): Promise<BlobStore> {
  if (engines.blobs.kind === 's3') {
    const s3 = engines.blobs;
    const store = new S3BlobStore({
      bucket: s3.bucket,
      region: s3.region,
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
      ...(s3.credentials ?? {}),
      forcePathStyle: s3.forcePathStyle,
    });
    try {
      await store.verify();
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }
  const disk = new DiskBlobStore(dataDir, BLOB_FOLDERS);
  const staleTemps = disk.removeStaleTempFiles();
  if (staleTemps) log.info({ count: staleTemps }, 'removed half-written files a stopped server left behind');
  return disk;
}

/** The process's Redis command connection; start-up waits for it (with a bound), then it rides out restarts. */
async function connectRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  // Without a listener ioredis prints every reconnect attempt as an unhandled error.
  redis.on('error', (error: Error) => log.warn({ err: error }, 'Redis connection trouble; retrying'));
  try {
    await Promise.race([
      redis.connect(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref()),
    ]);
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at REDIS_URL: ${(error as Error).message}`);
  }
  return redis;
}

/** The pool, its schema migrated; an unreachable server stops start-up naming the setting, never its password. */
async function connectPostgres(url: string) {
  try {
    return await openPostgres(url);
  } catch (error) {
    const { host, port } = new URL(url);
    throw new Error(`cannot reach PostgreSQL at DATABASE_URL (${host || 'localhost'}${port ? '' : ':5432'}): ${(error as Error).message}`);
  }
}
