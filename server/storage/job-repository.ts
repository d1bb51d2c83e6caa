import type { JobChange, JobRecord, JobStatus } from '../domain/job.ts';

/**
 * The jobs. Every method is asynchronous, so that a repository on a database server fits behind it; each one
 * that must not interleave with another writer (a webhook delivered twice, a poll racing it, a restore racing
 * the purge) is one method with that meaning, atomic in every implementation.
 *
 * Trashed jobs (deleted, restorable until purged) are invisible to every read but `existsIncludingTrash`.
 * Every change that a method reports (an updated record, `true`) is announced: the implementation tells its
 * change listener, whose long polls and batches then read the job again.
 *
 * Implementations: SQLite (server/storage/sqlite/sqlite-job-repository.ts), PostgreSQL
 * (server/storage/postgres/postgres-job-repository.ts, which also NOTIFYs each change to the other replicas).
 * Another must pass server/storage/contracts/job-repository.contract.ts.
 */
export interface JobRepository {
  insert(job: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | null>;
  /** The jobs of `ids` that exist outside the trash, by id (a batch's items' jobs, read at once). */
  getMany(ids: readonly string[]): Promise<Map<string, JobRecord>>;
  findByRemoteId(remoteId: string): Promise<JobRecord | null>;
  /** Newest first. */
  list(limit?: number): Promise<JobRecord[]>;
  /** Jobs a stopped server left behind (queued or processing), oldest first, to resume in order. */
  listUnfinished(): Promise<JobRecord[]>;
  /**
   * Applies the change only while the job is unfinished and not in the trash, so that a late webhook, a second
   * poll or a deleted job cannot overwrite a final state; called twice at once, at most one final change wins.
   * Returns the updated job, or null when nothing changed.
   */
  updateUnfinished(id: string, change: JobChange, now?: number): Promise<JobRecord | null>;
  /**
   * Records Akool's id of a job it accepted (and the status it answered), even when the job went to the trash
   * meanwhile: Akool has the job, so a restore must poll it rather than submit (and bill) it again. Still only
   * while the job is unfinished. Returns the job, or null when it is in the trash or nothing changed.
   */
  setRemoteId(id: string, remoteId: string, status: JobStatus, now?: number): Promise<JobRecord | null>;
  /**
   * Claims the sending of a job to its provider for `owner` until `until`: true when no other owner holds a
   * claim that is still live, and the job has no provider id yet, is unfinished and outside the trash. A submit
   * step run again while an earlier run still waits for the provider's answer (a shared queue that lost its
   * steps and had them enqueued again) then waits instead of sending, and billing, the job a second time.
   * Announces nothing: readers see no change of the job.
   */
  claimSubmit(id: string, owner: string, until: number, now?: number): Promise<boolean>;
  /** Moves a job to the trash; false when there is no such job outside it. */
  trash(id: string, now?: number): Promise<boolean>;
  /** Takes a job out of the trash, as it was; null when it is not there (never deleted, or purged). */
  restore(id: string): Promise<JobRecord | null>;
  /** Whether the job's row exists at all, in the trash or not: its blobs may only go when it does not. */
  existsIncludingTrash(id: string): Promise<boolean>;
  /**
   * Deletes for good the jobs trashed at or before `cutoff` and returns their ids, so that the caller deletes
   * their blobs. Atomic: no restore can slip in between choosing a job and deleting it.
   */
  purgeTrashed(cutoff: number): Promise<string[]>;
  delete(id: string): Promise<boolean>;
}
