import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo, type Socket } from 'node:net';
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

  it('stops with one line when PostgreSQL or S3 takes the connection and never answers', async () => {
    // A host that accepts TCP and says nothing (a wedged server, a wrong port behind a proxy).
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const [postgres, s3] = await Promise.all([
        runChildUntilExit({ ...NO_ENGINES, DATA_DIR: dataDir, DATABASE_URL: `postgres://composer:pg-s3cret@127.0.0.1:${port}/composer` }),
        runChildUntilExit({ ...NO_ENGINES, DATA_DIR: dataDir, S3_BUCKET: 'results', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret-s3cret', S3_FORCE_PATH_STYLE: 'true' }),
      ]);
      expect(postgres.code).toBe(1);
      expect(postgres.output).toMatch(/^cannot start: cannot reach PostgreSQL at DATABASE_URL \(127\.0\.0\.1:\d+\): .*timeout.*\n$/i);
      expect(s3.code).toBe(1);
      expect(s3.output).toMatch(/^cannot start: S3 bucket "results" at http:\/\/127\.0\.0\.1:\d+ cannot be used: .*\n$/);
      for (const run of [postgres, s3]) expect(run.output).not.toContain('s3cret');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 90_000);

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
