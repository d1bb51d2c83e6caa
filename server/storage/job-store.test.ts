import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, SCHEMA_VERSION, schemaVersion, transaction } from './database.ts';
import { newJobId } from './ids.ts';
import { JobStore, type JobRecord } from './job-store.ts';

function job(createdAt: number): JobRecord {
  return {
    id: newJobId(createdAt),
    status: 'queued',
    provider: 'local',
    request: { canvas_size: '10x10', origin_img: 'https://x/y.png', modify_origin_img_size: '1x1', overlay_origin_x: 0, overlay_origin_y: 0 },
    sources: { foreground: { kind: 'remote', url: 'https://x/y.png' }, template: null },
    createdAt,
    updatedAt: createdAt,
    error: null,
    result: null,
    remoteId: null,
  };
}

describe('JobStore on SQLite', () => {
  it('creates the schema in WAL mode, and keeps the data across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const db = openDatabase(dir);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const record = job(1_700_000_000_000);
    new JobStore(db).insert(record);
    db.close();
    const again = openDatabase(dir);
    expect(new JobStore(again).get(record.id)).toEqual(record);
    again.close();
  });

  it('refuses a database from a newer server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const raw = new DatabaseSync(join(dir, 'jobs.sqlite'));
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(/newer than this server/);
  });

  it('a transaction that throws stores none of its writes', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'store-')));
    const store = new JobStore(db);
    const kept = job(1_000_000);
    const lost = job(2_000_000);
    expect(() =>
      transaction(db, () => {
        store.insert(lost);
        throw new Error('half way');
      }),
    ).toThrow('half way');
    transaction(db, () => store.insert(kept));
    expect(store.list().map((j) => j.id)).toEqual([kept.id]);
    db.close();
  });

  it('updates only unfinished jobs, lists newest first and unfinished oldest first', () => {
    const store = new JobStore(openDatabase(mkdtempSync(join(tmpdir(), 'store-'))));
    const old = job(1_000_000);
    const young = job(2_000_000);
    store.insert(old);
    store.insert(young);
    expect(store.list().map((j) => j.id)).toEqual([young.id, old.id]);
    expect(store.updateUnfinished(old.id, { status: 'completed', result: { width: 1, height: 1, bytes: 9 } })?.status).toBe('completed');
    expect(store.updateUnfinished(old.id, { status: 'failed', error: { message: 'late' } })).toBeNull();
    expect(store.get(old.id)).toMatchObject({ status: 'completed', error: null });
    expect(store.listUnfinished().map((j) => j.id)).toEqual([young.id]);
    store.updateUnfinished(young.id, { remoteId: 'akool-1' });
    expect(store.findByRemoteId('akool-1')?.id).toBe(young.id);
    expect(store.delete(young.id)).toBe(true);
    expect(store.get(young.id)).toBeNull();
  });

  it('a job read again after it changed or went is read as it is now, not as it was kept', () => {
    const store = new JobStore(openDatabase(mkdtempSync(join(tmpdir(), 'store-'))));
    const record = job(1_700_000_000_000);
    store.insert(record);
    const first = store.get(record.id)!;
    expect(store.get(record.id)).toBe(first); // kept: the same frozen record
    expect(Object.isFrozen(first.request)).toBe(true);
    expect(() => {
      (first as { status: string }).status = 'failed';
    }).toThrow(TypeError);
    store.updateUnfinished(record.id, { status: 'completed', result: { width: 10, height: 10, bytes: 99 } });
    expect(store.get(record.id)).toMatchObject({ status: 'completed', result: { bytes: 99 } });
    expect(store.delete(record.id)).toBe(true);
    expect(store.get(record.id)).toBeNull();
    store.insert({ ...record, status: 'failed' }); // the same id again (a restore)
    expect(store.get(record.id)?.status).toBe('failed');
  });

  it('a trashed job is gone for every reader and writer until restored; purge takes only what was trashed by the cutoff', () => {
    const store = new JobStore(openDatabase(mkdtempSync(join(tmpdir(), 'store-'))));
    const early = job(1_000_000);
    const late = job(2_000_000);
    store.insert(early);
    store.insert(late);
    store.updateUnfinished(early.id, { remoteId: 'akool-early' });
    expect(store.get(early.id)).not.toBeNull(); // kept in memory: the trash must drop it there too
    expect(store.trash(early.id, 5000)).toBe(true);
    expect(store.trash(early.id, 5000)).toBe(false);
    expect(store.get(early.id)).toBeNull();
    expect(store.findByRemoteId('akool-early')).toBeNull();
    expect(store.list().map((j) => j.id)).toEqual([late.id]);
    expect(store.listUnfinished().map((j) => j.id)).toEqual([late.id]);
    expect(store.updateUnfinished(early.id, { status: 'completed' })).toBeNull();
    expect(store.existsIncludingTrash(early.id)).toBe(true);

    expect(store.restore(early.id)).toMatchObject({ id: early.id, status: 'queued', remoteId: 'akool-early' });
    expect(store.restore(early.id)).toBeNull(); // not in the trash any more
    expect(store.list().map((j) => j.id)).toEqual([late.id, early.id]);

    store.trash(early.id, 5000);
    store.trash(late.id, 9000);
    expect(store.purgeTrashed(4999)).toEqual([]);
    expect(store.purgeTrashed(5000)).toEqual([early.id]);
    expect(store.existsIncludingTrash(early.id)).toBe(false);
    expect(store.restore(early.id)).toBeNull();
    expect(store.restore(late.id)?.id).toBe(late.id);
  });

  it('a database of the first schema gains the trash and keeps its jobs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const raw = new DatabaseSync(join(dir, 'jobs.sqlite'));
    raw.exec(MIGRATIONS[0]!);
    raw.exec('PRAGMA user_version = 1');
    const record = job(1_700_000_000_000);
    raw
      .prepare('INSERT INTO jobs (id, status, provider, request, sources, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(record.id, 'queued', 'local', JSON.stringify(record.request), JSON.stringify(record.sources), record.createdAt, record.updatedAt);
    raw.close();
    const store = new JobStore(openDatabase(dir));
    expect(store.get(record.id)).toEqual(record);
    expect(store.trash(record.id)).toBe(true);
    expect(store.get(record.id)).toBeNull();
  });
});
