import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithPostgres, startPostgresServer, type PostgresServer } from '../../testing/postgres-server.ts';
import { changeFeedContract, deliveredByMarker } from '../contracts/change-feed.contract.ts';
import { queuedJob } from '../contracts/job-repository.contract.ts';
import type { JobRecord } from '../../domain/job.ts';
import { createPool, openPostgres } from './database.ts';
import { LISTENER_NAME, PostgresChangeFeed } from './postgres-change-feed.ts';
import { JOB_CHANGES_CHANNEL, PostgresJobRepository } from './postgres-job-repository.ts';
import { PostgresBatchRepository } from './postgres-batch-repository.ts';
import { newJobId } from '../ids.ts';
import type { BatchItemRecord } from '../../domain/batch.ts';

const LONG = 60_000; // a waiter that is not woken holds the test to its timeout and fails it

// One server for the file; the feed's tests each use a channel of their own, so nothing one sent reaches another.
describeWithPostgres('PostgreSQL change feed and replicas', () => {
  let server: PostgresServer;
  let url: string;
  let admin: pg.Pool;
  beforeAll(async () => {
    server = await startPostgresServer();
    url = await server.createDatabase('replicas');
    admin = await openPostgres(url);
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });

  let channels = 0;
  // The waiter and the publisher are two replicas: each its own listening connection and its own pool.
  async function pairOfFeeds(channel = `feed_${(channels += 1)}`): Promise<{ waiter: PostgresChangeFeed; publisher: PostgresChangeFeed; close(): Promise<void> }> {
    const [waiter, publisher] = await Promise.all([PostgresChangeFeed.open({ url, channel }), PostgresChangeFeed.open({ url, channel })]);
    return { waiter, publisher, close: async () => void (await Promise.all([waiter.close(), publisher.close()])) };
  }

  changeFeedContract('PostgreSQL LISTEN/NOTIFY, two connections', async () => {
    const pair = await pairOfFeeds();
    return { ...pair, delivered: deliveredByMarker(pair.waiter, pair.publisher) };
  });

  describe('the listening connection', () => {
    it('reconnects when it drops, wakes its waiters (what was sent meanwhile is lost), then hears publishes again', async () => {
      const logged: string[] = [];
      const channel = `feed_${(channels += 1)}`;
      const waiter = await PostgresChangeFeed.open({ url, channel, log: (message) => logged.push(message) });
      const publisher = await PostgresChangeFeed.open({ url, channel });
      try {
        const waiting = waiter.wait('job-a', LONG);
        const { rowCount } = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid()',
          [LISTENER_NAME],
        );
        expect(rowCount).toBeGreaterThanOrEqual(2); // both feeds' listeners (and any closed one still exiting)
        await waiting; // woken once listening again
        await Promise.all([waiter.ready(), publisher.ready()]);
        expect(logged).toContain('the change feed lost its connection; reconnecting');
        const next = waiter.wait('job-b', LONG);
        publisher.publish('job-b');
        await next;
        expect(waiter.waiting).toBe(0);
      } finally {
        await Promise.all([waiter.close(), publisher.close()]);
      }
    });

    it('open() fails with the reason when the database cannot be reached', async () => {
      await expect(PostgresChangeFeed.open({ url: url.replace(/\/[^/]+$/, '/no_such_database'), channel: 'x' })).rejects.toThrow(
        /the change feed could not LISTEN on "x": database "no_such_database" does not exist/,
      );
    });
  });

  describe('two replicas on one database', () => {
    it('the same final change sent to both at once is applied once, announced once locally and notified once to a third', async () => {
      const replicas = [createPool(url), createPool(url)];
      const announced: string[] = [];
      const [a, b] = replicas.map((pool) => new PostgresJobRepository(pool, (id) => announced.push(id)));
      const reader = new PostgresJobRepository(admin);
      // The third replica: a raw listener counting notifications, and a change feed whose woken waiter reads the row.
      const third = new pg.Client({ connectionString: url });
      await third.connect();
      const heard: string[] = [];
      let markerHeard!: () => void;
      const marker = new Promise<void>((resolve) => (markerHeard = resolve));
      third.on('notification', (message) => (message.payload === 'marker' ? markerHeard() : heard.push(message.payload!)));
      await third.query(`LISTEN ${JOB_CHANGES_CHANNEL}`);
      const feed = await PostgresChangeFeed.open({ url, channel: JOB_CHANGES_CHANNEL });
      try {
        const jobs = Array.from({ length: 5 }, (_, index) => queuedJob(1_000_000 + index));
        for (const job of jobs) await a!.insert(job);
        const seenByFeed = jobs.map((job) => feed.wait(job.id, LONG).then(() => reader.get(job.id)));
        const outcomes = await Promise.all(
          jobs.map((job) =>
            Promise.all([
              a!.updateUnfinished(job.id, { status: 'completed', result: { width: 1, height: 1, bytes: 1 } }),
              b!.updateUnfinished(job.id, { status: 'completed', result: { width: 1, height: 1, bytes: 1 } }),
              a!.updateUnfinished(job.id, { status: 'failed', error: { message: 'the poll timed out' } }),
              b!.updateUnfinished(job.id, { status: 'failed', error: { message: 'the poll timed out' } }),
            ]),
          ),
        );
        // Every change committed before the marker was sent, so by the marker every notification has arrived.
        await admin.query('SELECT pg_notify($1, $2)', [JOB_CHANGES_CHANNEL, 'marker']);
        await marker;
        for (const [index, job] of jobs.entries()) {
          const applied = outcomes[index]!.filter((outcome): outcome is JobRecord => outcome !== null);
          expect(applied).toHaveLength(1);
          expect(await reader.get(job.id)).toEqual(applied[0]);
          expect(heard.filter((id) => id === job.id)).toHaveLength(1);
          expect(announced.filter((id) => id === job.id)).toHaveLength(1);
        }
        // The notification comes with the commit: whoever it wakes reads the final row.
        expect((await Promise.all(seenByFeed)).map((job) => job?.status)).toEqual(outcomes.map((four) => four.find((outcome) => outcome)!.status));
      } finally {
        await third.end();
        await feed.close();
        await Promise.all(replicas.map((pool) => pool.end()));
      }
    });

    it('runners of two replicas claiming at once take every waiting item once, never more in flight than the bound', async () => {
      const replicas = [createPool(url), createPool(url)];
      const [a, b] = replicas.map((pool) => new PostgresBatchRepository(pool));
      try {
        const batchId = newJobId(2_000_000);
        const items = Array.from({ length: 12 }, (_, position): BatchItemRecord => ({
          batchId, position, name: `item ${position}`, fileName: `${position}.png`, image: `https://shop.example/${position}.png`,
          box: null, effects: null, jobId: newJobId(), state: 'pending', error: null,
        }));
        await a!.insert({ id: batchId, status: 'running', layout: queuedJob(0).request, placement: { anchor: 'bottom' }, removeBackground: false,
          origins: { publicBaseUrl: null, requestOrigin: 'http://127.0.0.1:1', port: 1 }, createdAt: 2_000_000, updatedAt: 2_000_000 }, items);
        // Every claim is held up after it counted (a third connection locks the items against writes) until all
        // sixteen are waiting: claims that counted at the same time would together take past the bound.
        const blocker = await admin.connect();
        try {
          await blocker.query('BEGIN');
          await blocker.query('LOCK TABLE batch_items IN SHARE ROW EXCLUSIVE MODE');
          const claiming = Promise.all(Array.from({ length: 16 }, (_, index) => (index % 2 ? a! : b!).claimPending(8)));
          await expect.poll(async () => (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)).rows[0].n).toBe(16);
          await blocker.query('COMMIT');
          const positions = (await claiming).flat().map((claim) => claim.position);
          expect(positions.sort((x, y) => x - y)).toEqual(items.slice(0, 8).map((item) => item.position));
        } finally {
          blocker.release();
        }
        const rest = await Promise.all(Array.from({ length: 16 }, (_, index) => (index % 2 ? a! : b!).claimPending(12)));
        expect(rest.flat().map((claim) => claim.position).sort((x, y) => x - y)).toEqual(items.slice(8).map((item) => item.position));
      } finally {
        await Promise.all(replicas.map((pool) => pool.end()));
      }
    });
  });
});
