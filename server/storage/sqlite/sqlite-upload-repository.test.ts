import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';
import { uploadRepositoryContract } from '../contracts/upload-repository.contract.ts';
import { MIGRATIONS, openDatabase } from './database.ts';
import { SqliteUploadRepository } from './sqlite-upload-repository.ts';

it('keeps an upload\'s file name, and an upload stored before names were kept comes back without one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uploads-'));
  // A database as the first schema left it, with one upload in it.
  const old = new DatabaseSync(join(dir, 'jobs.sqlite'));
  old.exec(MIGRATIONS[0]!);
  old.exec('PRAGMA user_version = 1');
  old.prepare("INSERT INTO uploads (id, format, width, height, bytes, created_at) VALUES ('aa', 'png', 2, 3, 40, 5)").run();
  old.close();

  const store = new SqliteUploadRepository(openDatabase(dir));
  expect(await store.get('aa')).toEqual({ id: 'aa', format: 'png', width: 2, height: 3, bytes: 40, name: null, createdAt: 5 });
  const named = { id: 'bb', format: 'jpeg' as const, width: 4, height: 5, bytes: 60, name: 'bottle.jpg', createdAt: 6 };
  await store.insert(named);
  expect(await store.get('bb')).toEqual(named);
});

uploadRepositoryContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uploads-'));
  const db = openDatabase(dir);
  return {
    uploads: new SqliteUploadRepository(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
