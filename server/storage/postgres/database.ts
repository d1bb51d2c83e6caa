import pg from 'pg';

/**
 * Each entry moves the schema one version up; append, never edit a released one. The tables match SQLite's
 * (server/storage/sqlite/database.ts) with PostgreSQL's types: times are milliseconds since 1970 (BIGINT, read
 * back as numbers), JSON is `json` (its text kept as written, fields in their order, unlike `jsonb`), and `seq`
 * keeps the order rows were stored in (SQLite's rowid).
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     seq BIGINT GENERATED ALWAYS AS IDENTITY,
     status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
     provider TEXT NOT NULL,
     request JSON NOT NULL,
     sources JSON NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     error JSON,
     result JSON,
     remote_id TEXT,
     deleted_at BIGINT
   );
   CREATE INDEX jobs_created ON jobs (created_at DESC, seq DESC);
   CREATE INDEX jobs_unfinished ON jobs (created_at, seq) WHERE status IN ('queued', 'processing');
   CREATE UNIQUE INDEX jobs_remote_id ON jobs (remote_id) WHERE remote_id IS NOT NULL;
   CREATE INDEX jobs_trashed ON jobs (deleted_at) WHERE deleted_at IS NOT NULL;
   CREATE TABLE uploads (
     id TEXT PRIMARY KEY,
     format TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     bytes BIGINT NOT NULL,
     name TEXT,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE batches (
     id TEXT PRIMARY KEY,
     status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled')),
     layout JSON NOT NULL,
     placement JSON NOT NULL,
     remove_background BOOLEAN NOT NULL,
     origins JSON NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     deleted_at BIGINT
   );
   CREATE INDEX batches_created ON batches (created_at DESC);
   CREATE TABLE batch_items (
     batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
     position INTEGER NOT NULL,
     name TEXT NOT NULL,
     file_name TEXT NOT NULL,
     image TEXT NOT NULL,
     box JSON,
     effects JSON,
     job_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'preparing', 'submitted', 'failed', 'cancelled')),
     error TEXT,
     PRIMARY KEY (batch_id, position)
   );
   CREATE INDEX batch_items_waiting ON batch_items (state) WHERE state IN ('pending', 'preparing');
   CREATE INDEX batch_items_job ON batch_items (job_id);`,
  // Prepared foregrounds (POST /api/foregrounds) by source hash and options; the image itself is an upload.
  `CREATE TABLE foregrounds (
     key TEXT PRIMARY KEY,
     value JSON NOT NULL,
     created_at BIGINT NOT NULL
   );`,
  // Akool webhooks that came before the answer to our submit (so before the job knew Akool's id), for whichever
  // replica gets that answer.
  `CREATE TABLE webhook_events (
     remote_id TEXT PRIMARY KEY,
     event JSON NOT NULL,
     received_at BIGINT NOT NULL
   );
   CREATE INDEX webhook_events_received ON webhook_events (received_at);`,
  // Who is sending a job to its provider, and until when (JobRepository.claimSubmit).
  `ALTER TABLE jobs ADD COLUMN submit_owner TEXT, ADD COLUMN submit_until BIGINT;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Any number: two replicas migrating at once hold this advisory lock in turn. */
const MIGRATION_LOCK = 0x6263_6d67; // "bcmg"

const INT8 = 20;
/** BIGINT columns hold milliseconds since 1970 and byte counts, well inside a double's exact integers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A connection that is not made within this is an error: without it a server that accepts the TCP connection
 * and never answers (a wedged host, a wrong port behind a proxy) holds start-up, or a query, for ever.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/** A pool of connections to DATABASE_URL (postgres://user:password@host:port/database). */
export function createPool(url: string, options: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection that the server drops (a restart, a failover) must not crash the process: the pool
  // replaces it at the next query, which is where the error then shows.
  pool.on('error', () => {});
  return pool;
}

/** Opens a pool and brings the schema to SCHEMA_VERSION. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<pg.Pool> {
  const pool = createPool(url, options);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** Runs `body` in one transaction on one connection: all of it is stored, or none of it when it throws. */
export async function transaction<T>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The versions applied to the database, in order (empty before the first migration). */
export async function appliedVersions(pool: pg.Pool): Promise<number[]> {
  const exists = await pool.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`);
  if (!exists.rows[0].exists) return [];
  return (await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) => row.version);
}

/**
 * Applies the migrations the database lacks, each in its own transaction with its version recorded in
 * `schema_migrations`, and returns how many it applied. Replicas starting at once take an advisory lock in
 * turn, so one migrates and the others find the work done.
 */
export async function migrate(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
      const applied = (await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations')).rows[0]!.version;
      if (applied > SCHEMA_VERSION) {
        throw new Error(`the database has schema version ${applied}, newer than this server's ${SCHEMA_VERSION}: update the server`);
      }
      for (let version = applied; version < SCHEMA_VERSION; version += 1) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[version]!);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${version + 1} failed: ${(error as Error).message}`, { cause: error });
        }
      }
      return SCHEMA_VERSION - applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
