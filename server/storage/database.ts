import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/** Each entry moves the schema one version up; append, never edit a released one. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
     provider TEXT NOT NULL,
     request TEXT NOT NULL,
     sources TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     error TEXT,
     result TEXT,
     remote_id TEXT
   );
   CREATE INDEX jobs_created ON jobs (created_at DESC);
   CREATE INDEX jobs_unfinished ON jobs (status) WHERE status IN ('queued', 'processing');
   CREATE UNIQUE INDEX jobs_remote_id ON jobs (remote_id) WHERE remote_id IS NOT NULL;
   CREATE TABLE uploads (
     id TEXT PRIMARY KEY,
     format TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     bytes INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  // Prepared foregrounds (POST /api/foregrounds) by source hash and options; the image itself is an upload.
  `CREATE TABLE foregrounds (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Opens (creating) DATA_DIR/jobs.sqlite in WAL mode and brings its schema to SCHEMA_VERSION. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'jobs.sqlite'));
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL survives a killed process; only a power cut can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the database has schema version ${current}, newer than this server's ${SCHEMA_VERSION}: update the server`);
  }
  for (let version = current; version < SCHEMA_VERSION; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
