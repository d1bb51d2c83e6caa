import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithPostgres, startPostgresServer, type PostgresServer } from '../../testing/postgres-server.ts';
import { batchRepositoryContract } from '../contracts/batch-repository.contract.ts';
import { jobRepositoryContract, queuedJob } from '../contracts/job-repository.contract.ts';
import { preparedForegroundCacheContract } from '../contracts/prepared-foreground-cache.contract.ts';
import { uploadRepositoryContract } from '../contracts/upload-repository.contract.ts';
import { webhookEventRepositoryContract } from '../contracts/webhook-event-repository.contract.ts';
import { appliedVersions, createPool, migrate, openPostgres, SCHEMA_VERSION } from './database.ts';
import { PostgresBatchRepository } from './postgres-batch-repository.ts';
import { PostgresJobRepository } from './postgres-job-repository.ts';
import { PostgresPreparedForegroundCache } from './postgres-prepared-foreground-cache.ts';
import { PostgresUploadRepository } from './postgres-upload-repository.ts';
import { PostgresWebhookEventRepository } from './postgres-webhook-event-repository.ts';

// One server for the file (starting one costs seconds); one database for the contracts, emptied before each test.
describeWithPostgres('PostgreSQL repositories', () => {
  let server: PostgresServer;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startPostgresServer();
    pool = await openPostgres(await server.createDatabase('contracts'));
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  async function empty(): Promise<void> {
    await pool.query('TRUNCATE jobs, uploads, batches, batch_items, foregrounds, webhook_events');
  }
  const nothingToClose = async () => {};

  jobRepositoryContract('PostgreSQL', async (changed) => {
    await empty();
    return { jobs: new PostgresJobRepository(pool, changed), close: nothingToClose };
  });
  uploadRepositoryContract('PostgreSQL', async () => {
    await empty();
    return { uploads: new PostgresUploadRepository(pool), close: nothingToClose };
  });
  batchRepositoryContract('PostgreSQL', async () => {
    await empty();
    return { batches: new PostgresBatchRepository(pool), jobs: new PostgresJobRepository(pool), close: nothingToClose };
  });
  preparedForegroundCacheContract('PostgreSQL', async () => {
    await empty();
    return { cache: new PostgresPreparedForegroundCache(pool), close: nothingToClose };
  });
  webhookEventRepositoryContract('PostgreSQL', async () => {
    await empty();
    return { events: new PostgresWebhookEventRepository(pool), close: nothingToClose };
  });

  it('a job\'s request comes back with its fields in the order they were sent', async () => {
    await empty();
    const jobs = new PostgresJobRepository(pool);
    const job = queuedJob(1_000_000);
    const request = { overlay_origin_y: 0, canvas_size: '10x10', origin_img: 'https://x/y.png', modify_origin_img_size: '1x1', overlay_origin_x: 0 };
    await jobs.insert({ ...job, request });
    expect(Object.keys((await jobs.get(job.id))!.request)).toEqual(Object.keys(request));
  });

  describe('migrations', () => {
    it('two replicas starting at once: one migrates, the other finds the schema made, each step recorded once', async () => {
      const url = await server.createDatabase('two_replicas_start');
      const [first, second] = [createPool(url), createPool(url)];
      try {
        const applied = await Promise.all([migrate(first), migrate(second)]);
        expect(applied.sort()).toEqual([0, SCHEMA_VERSION]);
        expect(await appliedVersions(first)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1));
        // Both can use it at once.
        const job = queuedJob(1_000_000);
        await new PostgresJobRepository(first).insert(job);
        expect(await new PostgresJobRepository(second).get(job.id)).toEqual(job);
        expect(await migrate(second)).toBe(0);
      } finally {
        await Promise.all([first.end(), second.end()]);
      }
    });

    it('refuses a database from a newer server, and a failed step names itself and leaves nothing of it', async () => {
      const url = await server.createDatabase('newer');
      const newer = await openPostgres(url);
      await newer.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)', [SCHEMA_VERSION + 1]);
      await newer.end();
      await expect(openPostgres(url)).rejects.toThrow(`the database has schema version ${SCHEMA_VERSION + 1}, newer than this server's ${SCHEMA_VERSION}`);

      const brokenUrl = await server.createDatabase('half_made');
      const broken = createPool(brokenUrl);
      try {
        // A table of the second step already there (made by hand): that step fails, the first stays applied.
        await broken.query('CREATE TABLE foregrounds (key TEXT)');
        await expect(migrate(broken)).rejects.toThrow(/migration 2 failed: relation "foregrounds" already exists/);
        expect(await appliedVersions(broken)).toEqual([1]);
      } finally {
        await broken.end();
      }
    });
  });
});
