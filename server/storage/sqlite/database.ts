import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type Db = DatabaseSync;

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
  // The file name the client gave (shown back in the editor, never used as a path); null for older uploads.
  `ALTER TABLE uploads ADD COLUMN name TEXT;`,
  // Delete moves a job to the trash (deleted_at set, files kept) so that it can be restored for a while.
  `ALTER TABLE jobs ADD COLUMN deleted_at INTEGER;
   CREATE INDEX jobs_trashed ON jobs (deleted_at) WHERE deleted_at IS NOT NULL;`,
  // Prepared foregrounds (POST /api/foregrounds) by source hash and options; the image itself is an upload.
  `CREATE TABLE foregrounds (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  // Batches (POST /api/batches): one layout over many products; each item becomes an ordinary job, whose id
  // is fixed when the batch is made so that a resumed batch never submits an item twice.
  `CREATE TABLE batches (
     id TEXT PRIMARY KEY,
     status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled')),
     layout TEXT NOT NULL,
     placement TEXT NOT NULL,
     remove_background INTEGER NOT NULL,
     origins TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     deleted_at INTEGER
   );
   CREATE INDEX batches_created ON batches (created_at DESC);
   CREATE TABLE batch_items (
     batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
     position INTEGER NOT NULL,
     name TEXT NOT NULL,
     file_name TEXT NOT NULL,
     image TEXT NOT NULL,
     box TEXT,
     job_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'preparing', 'submitted', 'failed', 'cancelled')),
     error TEXT,
     PRIMARY KEY (batch_id, position)
   );
   CREATE INDEX batch_items_waiting ON batch_items (state) WHERE state IN ('pending', 'preparing');
   CREATE INDEX batch_items_job ON batch_items (job_id);`,
  // A batch item's own shadow and reflection (JSON { shadow?, reflection? }), set in the editor with its box.
  `ALTER TABLE batch_items ADD COLUMN effects TEXT;`,
  // Akool webhooks that came before the answer to our submit (so before the job knew Akool's id).
  `CREATE TABLE webhook_events (
     remote_id TEXT PRIMARY KEY,
     event TEXT NOT NULL,
     received_at INTEGER NOT NULL
   );
   CREATE INDEX webhook_events_received ON webhook_events (received_at);`,
  // Who is sending a job to its provider, and until when (JobRepository.claimSubmit).
  `ALTER TABLE jobs ADD COLUMN submit_owner TEXT;
   ALTER TABLE jobs ADD COLUMN submit_until INTEGER;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Opens (creating) DATA_DIR/jobs.sqlite in WAL mode and brings its schema to SCHEMA_VERSION. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, 'jobs.sqlite'));
  db.exec('PRAGMA journal_mode = WAL');
  // WAL + NORMAL survives a killed process; only a power cut can lose the last commits.
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db);
  return db;
}

/** The schema version stored in the file (SQLite's `user_version`). */
export function schemaVersion(db: Db): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}

/** Runs `body` in one transaction: all of it is stored, or none of it when it throws. */
export function transaction<T>(db: Db, body: () => T): T {
  db.exec('BEGIN');
  try {
    const result = body();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(`the database has schema version ${current}, newer than this server's ${SCHEMA_VERSION}: update the server`);
  }
  for (let version = current; version < SCHEMA_VERSION; version += 1) {
    transaction(db, () => {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}
