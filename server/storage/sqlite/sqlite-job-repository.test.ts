import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { jobRepositoryContract, queuedJob as job } from '../contracts/job-repository.contract.ts';
import { MIGRATIONS, openDatabase, SCHEMA_VERSION, schemaVersion, transaction } from './database.ts';
import { SqliteJobRepository } from './sqlite-job-repository.ts';

jobRepositoryContract('SQLite', async (changed) => {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-'));
  const db = openDatabase(dir);
  return {
    jobs: new SqliteJobRepository(db, changed),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteJobRepository and its database', () => {
  it('creates the schema in WAL mode, and keeps the data across reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const db = openDatabase(dir);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const record = job(1_700_000_000_000);
    await new SqliteJobRepository(db).insert(record);
    db.close();
    const again = openDatabase(dir);
    expect(await new SqliteJobRepository(again).get(record.id)).toEqual(record);
    again.close();
  });

  it('refuses a database from a newer server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const raw = new DatabaseSync(join(dir, 'jobs.sqlite'));
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(/newer than this server/);
  });

  it('a transaction that throws stores none of its writes', async () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'store-')));
    const store = new SqliteJobRepository(db);
    const kept = job(1_000_000);
    const lost = job(2_000_000);
    expect(() =>
      transaction(db, () => {
        void store.insert(lost); // its statement runs before the promise is returned
        throw new Error('half way');
      }),
    ).toThrow('half way');
    transaction(db, () => void store.insert(kept));
    expect((await store.list()).map((j) => j.id)).toEqual([kept.id]);
    db.close();
  });

  it('a job read again after it changed or went is read as it is now, not as it was kept', async () => {
    const store = new SqliteJobRepository(openDatabase(mkdtempSync(join(tmpdir(), 'store-'))));
    const record = job(1_700_000_000_000);
    await store.insert(record);
    const first = (await store.get(record.id))!;
    expect(await store.get(record.id)).toBe(first); // kept: the same frozen record
    expect(Object.isFrozen(first.request)).toBe(true);
    expect(() => {
      (first as { status: string }).status = 'failed';
    }).toThrow(TypeError);
    await store.updateUnfinished(record.id, { status: 'completed', result: { width: 10, height: 10, bytes: 99 } });
    expect(await store.get(record.id)).toMatchObject({ status: 'completed', result: { bytes: 99 } });
    expect(await store.delete(record.id)).toBe(true);
    expect(await store.get(record.id)).toBeNull();
    await store.insert({ ...record, status: 'failed' }); // the same id again (a restore)
    expect((await store.get(record.id))?.status).toBe('failed');
  });

  it('a database of the first schema gains the trash and keeps its jobs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const raw = new DatabaseSync(join(dir, 'jobs.sqlite'));
    raw.exec(MIGRATIONS[0]!);
    raw.exec('PRAGMA user_version = 1');
    const record = job(1_700_000_000_000);
    raw
      .prepare('INSERT INTO jobs (id, status, provider, request, sources, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(record.id, 'queued', 'local', JSON.stringify(record.request), JSON.stringify(record.sources), record.createdAt, record.updatedAt);
    raw.close();
    const store = new SqliteJobRepository(openDatabase(dir));
    expect(await store.get(record.id)).toEqual(record);
    expect(await store.trash(record.id)).toBe(true);
    expect(await store.get(record.id)).toBeNull();
  });
});
