import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { BackgroundChangeRequest } from '../../src/core/index.ts';
import type { Db } from './database.ts';
import { statementCache } from './statement-cache.ts';
import { LruCache } from './lru-cache.ts';

/**
 * Jobs kept in memory once read: a job being followed is read many times a second, and a read by id costs
 * ~10-20 us in SQLite against ~0.3 us here. ~1 KB each.
 */
export const RECENT_JOBS = 16_384;

export type JobStatus = 'queued' | 'processing' | 'completed' | 'failed';

/** Where a layer's image comes from, decided once at submit so that a resumed job reads the same thing. */
export type SourceRef =
  | { kind: 'upload'; id: string }
  | { kind: 'sample'; name: string }
  | { kind: 'result'; jobId: string }
  | { kind: 'remote'; url: string };

export interface JobSources {
  foreground: SourceRef;
  template: SourceRef | null;
}

export interface JobError {
  code?: number;
  message: string;
}

export interface JobResult {
  width: number;
  height: number;
  bytes: number;
}

export interface JobRecord {
  id: string;
  status: JobStatus;
  provider: string;
  request: BackgroundChangeRequest;
  sources: JobSources;
  createdAt: number;
  updatedAt: number;
  error: JobError | null;
  result: JobResult | null;
  /** Akool's `_id` of the job, once Akool accepted it. */
  remoteId: string | null;
}

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

export type JobChange = Partial<Pick<JobRecord, 'status' | 'error' | 'result' | 'remoteId'>>;

export class JobStore {
  /** Read-through: every write below goes through this store, so an entry is dropped whenever its row changes. */
  private readonly recent = new LruCache<JobRecord>(RECENT_JOBS);

  private readonly statement: (sql: string) => StatementSync;

  /** `changed` hears of every update and delete, e.g. to wake long polls (a ChangeFeed, server/storage/change-feed.ts). */
  constructor(
    db: Db,
    private readonly changed: (id: string) => void = () => {},
  ) {
    this.statement = statementCache(db);
  }


  insert(job: JobRecord): void {
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

  get(id: string): JobRecord | null {
    const kept = this.recent.get(id);
    if (kept) return kept;
    const row = this.statement('SELECT * FROM jobs WHERE id = ? AND deleted_at IS NULL').get(id) as JobRow | undefined;
    if (!row) return null;
    const job = deepFreeze(fromRow(row));
    this.recent.set(id, job, 1);
    return job;
  }

  findByRemoteId(remoteId: string): JobRecord | null {
    const row = this.statement('SELECT * FROM jobs WHERE remote_id = ? AND deleted_at IS NULL').get(remoteId) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Newest first. */
  list(limit = 200): JobRecord[] {
    const rows = this
      .statement('SELECT * FROM jobs WHERE deleted_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit) as unknown as JobRow[];
    return rows.map(fromRow);
  }

  /** Jobs a stopped server left behind, oldest first, to resume in order. */
  listUnfinished(): JobRecord[] {
    const rows = this
      .statement(`SELECT * FROM jobs WHERE status IN ('queued', 'processing') AND deleted_at IS NULL ORDER BY created_at, rowid`)
      .all() as unknown as JobRow[];
    return rows.map(fromRow);
  }

  /**
   * Applies the change only while the job is unfinished and not in the trash, so that a late webhook, a second
   * poll or a deleted job cannot overwrite a final state. Returns the updated job, or null when nothing changed.
   */
  updateUnfinished(id: string, change: JobChange, now = Date.now()): JobRecord | null {
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
    return this.get(id);
  }

  /**
   * Records Akool's id of a job it accepted (and the status it answered), even when the job went to the trash
   * meanwhile: Akool has the job, so a restore must poll it rather than submit (and bill) it again. Still only
   * while the job is unfinished. Returns the job, or null when it is in the trash or nothing changed.
   */
  setRemoteId(id: string, remoteId: string, status: JobStatus, now = Date.now()): JobRecord | null {
    const info = this
      .statement(`UPDATE jobs SET remote_id = ?, status = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'processing')`)
      .run(remoteId, status, now, id);
    if (info.changes === 0) return null;
    this.recent.delete(id);
    this.changed(id);
    return this.get(id);
  }

  /**
   * Moves a job to the trash: every read above then treats it as gone (runners stop, the API answers 404),
   * while its row and files stay until `purgeTrashed` or `restore`. False when there is no such job outside it.
   */
  trash(id: string, now = Date.now()): boolean {
    const trashed = this.statement('UPDATE jobs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(now, id).changes > 0;
    this.recent.delete(id);
    if (trashed) this.changed(id);
    return trashed;
  }

  /** Takes a job out of the trash, as it was; null when it is not there (never deleted, or purged). */
  restore(id: string): JobRecord | null {
    const restored = this.statement('UPDATE jobs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL').run(id).changes > 0;
    this.recent.delete(id);
    if (!restored) return null;
    this.changed(id);
    return this.get(id);
  }

  /** Whether the job's row exists at all, in the trash or not: its files may only go when it does not. */
  existsIncludingTrash(id: string): boolean {
    return this.statement('SELECT 1 FROM jobs WHERE id = ?').get(id) !== undefined;
  }

  /**
   * Deletes for good the jobs trashed at or before `cutoff` and returns their ids, so that the caller deletes
   * their files. Synchronous: no restore can slip in between choosing a job and deleting its row.
   */
  purgeTrashed(cutoff: number): string[] {
    const ids = (this.statement('SELECT id FROM jobs WHERE deleted_at IS NOT NULL AND deleted_at <= ?').all(cutoff) as Array<{ id: string }>).map(
      (row) => row.id,
    );
    for (const id of ids) this.delete(id);
    return ids;
  }

  delete(id: string): boolean {
    const deleted = this.statement('DELETE FROM jobs WHERE id = ?').run(id).changes > 0;
    this.recent.delete(id);
    if (deleted) this.changed(id);
    return deleted;
  }
}
