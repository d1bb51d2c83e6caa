import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './testing/free-port.ts';
import { runChildUntilExit, startChildServer } from './testing/child-server.ts';

// `npm start`'s entry (server/main.ts) with the scale-out settings: what cannot work stops it with one line and
// exit code 1, before anything is opened; nothing it prints shows a password.

/** The engine variables cleared, so that the test runner's own environment cannot change the outcome. */
const NO_ENGINES = { DATABASE_URL: '', REDIS_URL: '', ROLE: '', S3_BUCKET: '', S3_ENDPOINT: '', S3_REGION: '', S3_ACCESS_KEY_ID: '', S3_SECRET_ACCESS_KEY: '', S3_FORCE_PATH_STYLE: '' };

describe('start-up with scale-out settings', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'composer-start-up-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops with one line and exit code 1 on settings that cannot work together', async () => {
    const runs = await Promise.all([
      runChildUntilExit({ ...NO_ENGINES, DATA_DIR: dataDir, ROLE: 'worker' }),
      runChildUntilExit({ ...NO_ENGINES, DATA_DIR: dataDir, REDIS_URL: 'redis://:redis-s3cret@127.0.0.1:1' }),
      runChildUntilExit({ ...NO_ENGINES, DATA_DIR: dataDir, DATABASE_URL: 'mysql://root:pg-s3cret@db/composer' }),
    ]);
    expect(runs).toEqual([
      {
        code: 1,
        output: 'configuration error: ROLE=worker needs REDIS_URL: api and worker processes hand work to each other through the Redis queue; without it run ROLE=all (the default)\n',
      },
      {
        code: 1,
        output: 'configuration error: REDIS_URL needs DATABASE_URL (PostgreSQL): with a shared queue, jobs are worked by other processes, which cannot reach the SQLite file in DATA_DIR\n',
      },
      {
        code: 1,
        output: 'configuration error: DATABASE_URL must be a postgres:// or postgresql:// URL: PostgreSQL is the only database server supported; leave it unset for SQLite in DATA_DIR (got "mysql://***@db/composer")\n',
      },
    ]);
  }, 60_000);

  it('stops with one line naming the engine it cannot reach, without its password', async () => {
    const run = await runChildUntilExit({ ...NO_ENGINES, DATA_DIR: dataDir, DATABASE_URL: 'postgres://composer:pg-s3cret@127.0.0.1:1/composer' });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/^cannot start: cannot reach PostgreSQL at DATABASE_URL \(127\.0\.0\.1:1\): .*ECONNREFUSED.*\n$/);
    expect(run.output).not.toContain('s3cret');
  }, 60_000);

  it('logs the engines it runs on at start', async () => {
    const port = await freePort();
    const child = await startChildServer({ ...NO_ENGINES, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, `http://127.0.0.1:${port}`);
    try {
      const line = child.output().split('\n').find((text) => text.includes('starting as ROLE=all'));
      expect(JSON.parse(line!).engines).toEqual({ role: 'all', database: 'sqlite in DATA_DIR', queue: 'in-process', blobs: 'files in DATA_DIR' });
    } finally {
      await child.kill();
    }
  }, 60_000);
});
