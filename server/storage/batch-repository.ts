import type { BatchItemChange, BatchItemRecord, BatchRecord } from '../domain/batch.ts';

/**
 * Batches and their items. Items are read a page at a time, never all kept in memory. What must not interleave
 * with another writer is one method, atomic in every implementation: claiming the next item (`takeNextPending`,
 * which two runners calling at once never both get), cancelling or deleting a batch with its waiting items.
 * A deleted batch is invisible to `get`, `list` and the claim.
 *
 * Implementations: SQLite (server/storage/sqlite/sqlite-batch-repository.ts), PostgreSQL
 * (server/storage/postgres/postgres-batch-repository.ts). Another must pass
 * server/storage/contracts/batch-repository.contract.ts.
 */
export interface BatchRepository {
  /** Stores a batch with all its items at once: none of it when it fails. */
  insert(batch: BatchRecord, items: readonly BatchItemRecord[]): Promise<void>;
  get(id: string): Promise<BatchRecord | null>;
  /** Newest first. */
  list(limit?: number): Promise<BatchRecord[]>;
  /** The batch's items in order, `limit` of them from `position` `from` on (a page). */
  items(batchId: string, from?: number, limit?: number): Promise<BatchItemRecord[]>;
  item(batchId: string, position: number): Promise<BatchItemRecord | null>;
  itemByJob(jobId: string): Promise<BatchItemRecord | null>;
  /**
   * The next pending item of a running batch (oldest batch first, then by position), marked `preparing` in
   * the same step, so that it is taken once however many take at the same time; null when none waits.
   */
  takeNextPending(): Promise<BatchItemRecord | null>;
  /** Items a stopped server was preparing go back to waiting; returns how many. */
  requeuePreparing(): Promise<number>;
  /** The jobs of submitted items of batches not deleted (their runner follows them after a restart). */
  submittedJobIds(): Promise<string[]>;
  /** Changes an item, and the batch's `updatedAt`. */
  setItem(batchId: string, position: number, change: BatchItemChange, now?: number): Promise<void>;
  /** Stops a batch: its waiting items become `cancelled`; items already submitted finish. False when there is no such batch. */
  cancel(id: string, now?: number): Promise<boolean>;
  /** Stops starting the batch's waiting items until `reopen`; false when it was not running. */
  pause(id: string, now?: number): Promise<boolean>;
  /** Makes a paused or cancelled batch run again (resume, or an item retried alone). */
  reopen(id: string, now?: number): Promise<void>;
  /** Hides the batch and cancels what waits or is being prepared; false when there is no such batch. */
  delete(id: string, now?: number): Promise<boolean>;
}
