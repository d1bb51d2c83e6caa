import type pg from 'pg';
import type { BackgroundChangeRequest } from '../../../src/core/index.ts';
import type { JobChange, JobError, JobRecord, JobResult, JobSources, JobStatus } from '../../domain/job.ts';
import type { JobRepository } from '../job-repository.ts';

/** The channel on which job changes are announced to every replica (PostgresChangeFeed listens on it). */
export const JOB_CHANGES_CHANNEL = 'job_changes';

interface JobRow {
  id: string;
  status: JobStatus;
  provider: string;
  request: BackgroundChangeRequest;
  sources: JobSources;
  created_at: number;
  updated_at: number;
  error: JobError | null;
  result: JobResult | null;
  remote_id: string | null;
}

const COLUMNS = 'id, status, provider, request, sources, created_at, updated_at, error, result, remote_id';

function fromRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    status: row.status,
    provider: row.provider,
    request: row.request,
    sources: row.sources,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    error: row.error,
    result: row.result,
    remoteId: row.remote_id,
  };
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * The jobs in PostgreSQL, shared by every replica. What must be atomic is one statement: a conditional update
 * (`... WHERE status IN ('queued', 'processing') ... RETURNING`) that a second writer, waiting for the row's lock,
 * re-checks against the row as the first left it; the purge deletes and returns in one statement.
 *
 * Every change is announced twice over: `pg_notify(channel, id)` in the statement that makes it, so that the
 * other replicas hear of it when (and only if) it commits, and the local `changed` listener after it committed.
 * Unlike SQLite's, this repository keeps no read jobs in memory: another replica may change them.
 */
export class PostgresJobRepository implements JobRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly changed: (id: string) => void = () => {},
    /** null: changes are announced elsewhere (Redis). PostgreSQL makes every committing NOTIFY wait its turn for
     * one lock over the whole database, so nobody listening is not worth that cost. */
    private readonly channel: string | null = JOB_CHANGES_CHANNEL,
  ) {}

  async insert(job: JobRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO jobs (${COLUMNS}) VALUES ($1, $2, $3, $4::json, $5::json, $6, $7, $8::json, $9::json, $10)`,
      [job.id, job.status, job.provider, json(job.request), json(job.sources), job.createdAt, job.updatedAt, json(job.error), json(job.result), job.remoteId],
    );
  }

  async get(id: string): Promise<JobRecord | null> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, JobRecord>> {
    const found = new Map<string, JobRecord>();
    if (ids.length === 0) return found;
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = ANY($1::text[]) AND deleted_at IS NULL`, [ids]);
    for (const row of rows) found.set(row.id, fromRow(row));
    return found;
  }

  async findByRemoteId(remoteId: string): Promise<JobRecord | null> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE remote_id = $1 AND deleted_at IS NULL`, [remoteId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async list(limit = 200): Promise<JobRecord[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM jobs WHERE deleted_at IS NULL ORDER BY created_at DESC, seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map(fromRow);
  }

  async listUnfinished(): Promise<JobRecord[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM jobs WHERE status IN ('queued', 'processing') AND deleted_at IS NULL ORDER BY created_at, seq`,
    );
    return rows.map(fromRow);
  }

  async updateUnfinished(id: string, change: JobChange, now = Date.now()): Promise<JobRecord | null> {
    const values: unknown[] = [id, now];
    const sets = ['updated_at = $2'];
    const set = (column: string, value: unknown, cast = '') => {
      values.push(value);
      sets.push(`${column} = $${values.length}${cast}`);
    };
    if (change.status !== undefined) set('status', change.status);
    if (change.error !== undefined) set('error', json(change.error), '::json');
    if (change.result !== undefined) set('result', json(change.result), '::json');
    if (change.remoteId !== undefined) set('remote_id', change.remoteId);
    const row = await this.changeOne(
      `UPDATE jobs SET ${sets.join(', ')} WHERE id = $1 AND status IN ('queued', 'processing') AND deleted_at IS NULL RETURNING *`,
      values,
    );
    return row ? fromRow(row) : null;
  }

  async setRemoteId(id: string, remoteId: string, status: JobStatus, now = Date.now()): Promise<JobRecord | null> {
    const row = await this.changeOne(
      `UPDATE jobs SET remote_id = $2, status = $3, updated_at = $4 WHERE id = $1 AND status IN ('queued', 'processing') RETURNING *`,
      [id, remoteId, status, now],
    );
    return row && row.deleted_at === null ? fromRow(row) : null;
  }

  /** One statement: of two claims at once, the second re-checks the row under the first's lock and fails. */
  async claimSubmit(id: string, owner: string, until: number, now = Date.now()): Promise<boolean> {
    const claimed = await this.pool.query(
      `UPDATE jobs SET submit_owner = $2, submit_until = $3
       WHERE id = $1 AND remote_id IS NULL AND status IN ('queued', 'processing') AND deleted_at IS NULL
         AND (submit_owner IS NULL OR submit_owner = $2 OR submit_until <= $4)`,
      [id, owner, until, now],
    );
    return claimed.rowCount! > 0;
  }

  async trash(id: string, now = Date.now()): Promise<boolean> {
    return (await this.changeOne('UPDATE jobs SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING *', [id, now])) !== null;
  }

  async restore(id: string): Promise<JobRecord | null> {
    const row = await this.changeOne('UPDATE jobs SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL RETURNING *', [id]);
    return row ? fromRow(row) : null;
  }

  async existsIncludingTrash(id: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM jobs WHERE id = $1', [id])).rowCount! > 0;
  }

  /** One statement: a restore committed first makes the row fail the purge's condition, re-checked under its lock. */
  async purgeTrashed(cutoff: number): Promise<string[]> {
    const rows = await this.change('DELETE FROM jobs WHERE deleted_at IS NOT NULL AND deleted_at <= $1 RETURNING *', [cutoff]);
    return rows.map((row) => row.id);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.changeOne('DELETE FROM jobs WHERE id = $1 RETURNING *', [id])) !== null;
  }

  private async changeOne(sql: string, values: unknown[]): Promise<(JobRow & { deleted_at: number | null }) | null> {
    return (await this.change(sql, values))[0] ?? null;
  }

  /**
   * Runs a writing statement whose RETURNING gives the changed rows, notifying the channel of each in the same
   * statement (sent at its commit), then tells the local listener.
   */
  private async change(sql: string, values: unknown[]): Promise<Array<JobRow & { deleted_at: number | null }>> {
    let statement = sql;
    if (this.channel !== null) {
      values.push(this.channel);
      statement = `WITH changed AS (${sql}) SELECT changed.*, pg_notify($${values.length}, changed.id) FROM changed`;
    }
    const { rows } = await this.pool.query<JobRow & { deleted_at: number | null }>(statement, values);
    for (const row of rows) this.changed(row.id);
    return rows;
  }
}
