import type { BatchItemChange, BatchItemRecord, BatchRecord } from '../domain/batch.ts';

/**
 * Batches and their items. Items are read a page at a time, never all kept in memory. What must not interleave
 * with another writer is one method, atomic in every implementation: claiming items (`claimPending`, which runners
 * calling at once never both get, nor together take past the bound), cancelling or deleting a batch with its
 * waiting items.
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
   * Claims pending items of running batches (oldest batch first, then by position, and given in that order),
   * marking them `preparing` in the same step, so that at most `inFlight` items are in flight over everyone
   * sharing this repository: `preparing` ones, and `submitted` ones whose job (in the same database) is queued
   * or processing and not in the trash. Runners claiming at once each get other items and together never pass
   * the bound. Empty when the bound is reached or nothing waits.
   */
  claimPending(inFlight: number): Promise<BatchItemRecord[]>;
  /** The jobs of items being prepared, in batches not deleted (their steps are enqueued again after a restart). */
  preparingJobIds(): Promise<string[]>;
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
