import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { BackgroundChangeRequest } from '../../../src/core/index.ts';
import type { JobChange, JobError, JobRecord, JobResult, JobSources, JobStatus } from '../../domain/job.ts';
import type { JobRepository } from '../job-repository.ts';
import { LruCache } from '../lru-cache.ts';
import type { Db } from './database.ts';
import { statementCache } from './statement-cache.ts';

/**
 * Jobs kept in memory once read: a job being followed is read many times a second, and a read by id costs
 * ~10-20 us in SQLite against ~0.3 us here. ~1 KB each.
 */
export const RECENT_JOBS = 16_384;

interface JobRow {
  id: string;
  status: JobStatus;
  provider: string;
  request: string;
  sources: string;
  created_at: number;
  updated_at: number;
  error: string | null;
  result: string | null;
  remote_id: string | null;
  deleted_at: number | null;
}

/** Frozen, since one record is handed to every reader until the job changes. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function fromRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    status: row.status,
    provider: row.provider,
    request: JSON.parse(row.request) as BackgroundChangeRequest,
    sources: JSON.parse(row.sources) as JobSources,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    error: row.error ? (JSON.parse(row.error) as JobError) : null,
    result: row.result ? (JSON.parse(row.result) as JobResult) : null,
    remoteId: row.remote_id,
  };
}

/**
 * The jobs in SQLite. Each method runs its statements synchronously inside the promise it returns, so that what
 * must be atomic (a conditional update, the purge) is one uninterrupted piece of work on the one connection.
 */
export class SqliteJobRepository implements JobRepository {
  /** Read-through: every write below goes through this store, so an entry is dropped whenever its row changes. */
  private readonly recent = new LruCache<JobRecord>(RECENT_JOBS);

  private readonly statement: (sql: string) => StatementSync;

  /** `changed` hears of every update and delete, e.g. to wake long polls (a ChangeFeed) and batches. */
  constructor(
    db: Db,
    private readonly changed: (id: string) => void = () => {},
  ) {
    this.statement = statementCache(db);
  }


  async insert(job: JobRecord): Promise<void> {
    this.recent.delete(job.id);
    this
      .statement(
        `INSERT INTO jobs (id, status, provider, request, sources, created_at, updated_at, error, result, remote_id)
         VALUES (@id, @status, @provider, @request, @sources, @createdAt, @updatedAt, @error, @result, @remoteId)`,
      )
      .run({
        ...job,
        request: JSON.stringify(job.request),
        sources: JSON.stringify(job.sources),
        error: job.error ? JSON.stringify(job.error) : null,
        result: job.result ? JSON.stringify(job.result) : null,
      });
  }

  async get(id: string): Promise<JobRecord | null> {
    return this.read(id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, JobRecord>> {
    const found = new Map<string, JobRecord>();
    for (const id of ids) {
      const job = this.read(id);
      if (job) found.set(id, job);
    }
    return found;
  }

  private read(id: string): JobRecord | null {
    const kept = this.recent.get(id);
    if (kept) return kept;
    const row = this.statement('SELECT * FROM jobs WHERE id = ? AND deleted_at IS NULL').get(id) as JobRow | undefined;
    if (!row) return null;
    const job = deepFreeze(fromRow(row));
    this.recent.set(id, job, 1);
    return job;
  }

  async findByRemoteId(remoteId: string): Promise<JobRecord | null> {
    const row = this.statement('SELECT * FROM jobs WHERE remote_id = ? AND deleted_at IS NULL').get(remoteId) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  async list(limit = 200): Promise<JobRecord[]> {
    const rows = this
      .statement('SELECT * FROM jobs WHERE deleted_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit) as unknown as JobRow[];
    return rows.map(fromRow);
  }

  async listUnfinished(): Promise<JobRecord[]> {
    const rows = this
      .statement(`SELECT * FROM jobs WHERE status IN ('queued', 'processing') AND deleted_at IS NULL ORDER BY created_at, rowid`)
      .all() as unknown as JobRow[];
    return rows.map(fromRow);
  }

  /**
   * Applies the change only while the job is unfinished and not in the trash, so that a late webhook, a second
   * poll or a deleted job cannot overwrite a final state. Returns the updated job, or null when nothing changed.
   */
  async updateUnfinished(id: string, change: JobChange, now = Date.now()): Promise<JobRecord | null> {
    const sets: string[] = ['updated_at = @now'];
    const params: Record<string, SQLInputValue> = { id, now };
    if (change.status !== undefined) {
      sets.push('status = @status');
      params.status = change.status;
    }
    if (change.error !== undefined) {
      sets.push('error = @error');
      params.error = change.error ? JSON.stringify(change.error) : null;
    }
    if (change.result !== undefined) {
      sets.push('result = @result');
      params.result = change.result ? JSON.stringify(change.result) : null;
    }
    if (change.remoteId !== undefined) {
      sets.push('remote_id = @remoteId');
      params.remoteId = change.remoteId;
    }
    const info = this
      .statement(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id AND status IN ('queued', 'processing') AND deleted_at IS NULL`)
      .run(params);
    if (info.changes === 0) return null;
    this.recent.delete(id);
    this.changed(id);
    return this.read(id);
  }

  /**
   * Records Akool's id of a job it accepted (and the status it answered), even when the job went to the trash
   * meanwhile: Akool has the job, so a restore must poll it rather than submit (and bill) it again. Still only
   * while the job is unfinished. Returns the job, or null when it is in the trash or nothing changed.
   */
  async setRemoteId(id: string, remoteId: string, status: JobStatus, now = Date.now()): Promise<JobRecord | null> {
    const info = this
      .statement(`UPDATE jobs SET remote_id = ?, status = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'processing')`)
      .run(remoteId, status, now, id);
    if (info.changes === 0) return null;
    this.recent.delete(id);
    this.changed(id);
    return this.read(id);
  }

  async claimSubmit(id: string, owner: string, until: number, now = Date.now()): Promise<boolean> {
    return (
      this.statement(
        `UPDATE jobs SET submit_owner = ?, submit_until = ?
         WHERE id = ? AND remote_id IS NULL AND status IN ('queued', 'processing') AND deleted_at IS NULL
           AND (submit_owner IS NULL OR submit_owner = ? OR submit_until <= ?)`,
      ).run(owner, until, id, owner, now).changes > 0
    );
  }

  /**
   * Moves a job to the trash: every read above then treats it as gone (runners stop, the API answers 404),
   * while its row and files stay until `purgeTrashed` or `restore`. False when there is no such job outside it.
   */
  async trash(id: string, now = Date.now()): Promise<boolean> {
    const trashed = this.statement('UPDATE jobs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(now, id).changes > 0;
    this.recent.delete(id);
    if (trashed) this.changed(id);
    return trashed;
  }

  async restore(id: string): Promise<JobRecord | null> {
    const restored = this.statement('UPDATE jobs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL').run(id).changes > 0;
    this.recent.delete(id);
    if (!restored) return null;
    this.changed(id);
    return this.read(id);
  }

  async existsIncludingTrash(id: string): Promise<boolean> {
    return this.statement('SELECT 1 FROM jobs WHERE id = ?').get(id) !== undefined;
  }

  /**
   * Deletes for good the jobs trashed at or before `cutoff` and returns their ids, so that the caller deletes
   * their files. Synchronous: no restore can slip in between choosing a job and deleting its row.
   */
  async purgeTrashed(cutoff: number): Promise<string[]> {
    const ids = (this.statement('SELECT id FROM jobs WHERE deleted_at IS NOT NULL AND deleted_at <= ?').all(cutoff) as Array<{ id: string }>).map(
      (row) => row.id,
    );
    for (const id of ids) this.deleteRow(id);
    return ids;
  }

  async delete(id: string): Promise<boolean> {
    return this.deleteRow(id);
  }

  private deleteRow(id: string): boolean {
    const deleted = this.statement('DELETE FROM jobs WHERE id = ?').run(id).changes > 0;
    this.recent.delete(id);
    if (deleted) this.changed(id);
    return deleted;
  }
}
