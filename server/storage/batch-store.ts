import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { BackgroundChangeRequest, BatchItemInput, BatchPlacement, Rect } from '../../src/core/index.ts';
import type { OwnOrigins } from '../images/own-source.ts';
import { transaction, type Db } from './database.ts';
import { statementCache } from './statement-cache.ts';

/** `paused`: Akool said the account has no quota (1006); its waiting items wait until it is resumed. */
export type BatchStatus = 'running' | 'paused' | 'cancelled';

/** An item's own state; once `submitted`, what happens to it is its job's status. */
export type BatchItemState = 'pending' | 'preparing' | 'submitted' | 'failed' | 'cancelled';

export interface BatchRecord {
  id: string;
  status: BatchStatus;
  layout: BackgroundChangeRequest;
  placement: BatchPlacement;
  removeBackground: boolean;
  /** How the submitting client addressed us, so that a resumed batch reads the same URLs as the same files. */
  origins: OwnOrigins;
  createdAt: number;
  updatedAt: number;
}

export interface BatchItemRecord {
  batchId: string;
  position: number;
  name: string;
  fileName: string;
  image: string;
  /** The editor's override of the rule: the foreground's box on the canvas. */
  box: Rect | null;
  /** The editor's shadow and reflection for this item (baked around its image); null: none. */
  effects: Pick<BatchItemInput, 'shadow' | 'reflection'> | null;
  /** Fixed when the batch is made: the job the item becomes (it exists once the item is `submitted`). */
  jobId: string;
  state: BatchItemState;
  error: string | null;
}

interface BatchRow {
  id: string;
  status: BatchStatus;
  layout: string;
  placement: string;
  remove_background: number;
  origins: string;
  created_at: number;
  updated_at: number;
}

interface ItemRow {
  batch_id: string;
  position: number;
  name: string;
  file_name: string;
  image: string;
  box: string | null;
  effects: string | null;
  job_id: string;
  state: BatchItemState;
  error: string | null;
}

function batchFromRow(row: BatchRow): BatchRecord {
  return {
    id: row.id,
    status: row.status,
    layout: JSON.parse(row.layout) as BackgroundChangeRequest,
    placement: JSON.parse(row.placement) as BatchPlacement,
    removeBackground: row.remove_background === 1,
    origins: JSON.parse(row.origins) as OwnOrigins,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function itemFromRow(row: ItemRow): BatchItemRecord {
  return {
    batchId: row.batch_id,
    position: row.position,
    name: row.name,
    fileName: row.file_name,
    image: row.image,
    box: row.box ? (JSON.parse(row.box) as Rect) : null,
    effects: row.effects ? (JSON.parse(row.effects) as BatchItemRecord['effects']) : null,
    jobId: row.job_id,
    state: row.state,
    error: row.error,
  };
}

/** Batches and their items in SQLite. Items are read a page at a time, never all kept in memory. */
export class BatchStore {
  private readonly statement: (sql: string) => StatementSync;

  constructor(private readonly db: Db) {
    this.statement = statementCache(db);
  }


  insert(batch: BatchRecord, items: readonly BatchItemRecord[]): void {
    transaction(this.db, () => {
      this.statement(
        `INSERT INTO batches (id, status, layout, placement, remove_background, origins, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(batch.id, batch.status, JSON.stringify(batch.layout), JSON.stringify(batch.placement), batch.removeBackground ? 1 : 0, JSON.stringify(batch.origins), batch.createdAt, batch.updatedAt);
      const insertItem = this.statement(
        `INSERT INTO batch_items (batch_id, position, name, file_name, image, box, effects, job_id, state, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const item of items) {
        insertItem.run(item.batchId, item.position, item.name, item.fileName, item.image, item.box ? JSON.stringify(item.box) : null, item.effects ? JSON.stringify(item.effects) : null, item.jobId, item.state, item.error);
      }
    });
  }

  get(id: string): BatchRecord | null {
    const row = this.statement('SELECT * FROM batches WHERE id = ? AND deleted_at IS NULL').get(id) as BatchRow | undefined;
    return row ? batchFromRow(row) : null;
  }

  list(limit = 100): BatchRecord[] {
    return (this.statement('SELECT * FROM batches WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT ?').all(limit) as unknown as BatchRow[]).map(batchFromRow);
  }

  /** The batch's items in order, `limit` from `position` on (a page: a batch's items are never all read at once by the runner). */
  items(batchId: string, from = 0, limit = 1_000_000): BatchItemRecord[] {
    return (
      this.statement('SELECT * FROM batch_items WHERE batch_id = ? AND position >= ? ORDER BY position LIMIT ?').all(batchId, from, limit) as unknown as ItemRow[]
    ).map(itemFromRow);
  }

  item(batchId: string, position: number): BatchItemRecord | null {
    const row = this.statement('SELECT * FROM batch_items WHERE batch_id = ? AND position = ?').get(batchId, position) as ItemRow | undefined;
    return row ? itemFromRow(row) : null;
  }

  itemByJob(jobId: string): BatchItemRecord | null {
    const row = this.statement('SELECT * FROM batch_items WHERE job_id = ?').get(jobId) as ItemRow | undefined;
    return row ? itemFromRow(row) : null;
  }

  /**
   * The next pending item of a running batch (oldest batch first), marked `preparing` in the same statement,
   * so that it is taken once; null when none waits.
   */
  takeNextPending(): BatchItemRecord | null {
    const row = this.statement(
      `UPDATE batch_items SET state = 'preparing'
       WHERE rowid = (
         SELECT i.rowid FROM batch_items i JOIN batches b ON b.id = i.batch_id
         WHERE i.state = 'pending' AND b.status = 'running' AND b.deleted_at IS NULL
         ORDER BY b.created_at, b.id, i.position LIMIT 1)
       RETURNING *`,
    ).get() as ItemRow | undefined;
    return row ? itemFromRow(row) : null;
  }

  /** Items a stopped server was preparing go back to waiting (their jobs, if already stored, are found then). */
  requeuePreparing(): number {
    return Number(this.statement(`UPDATE batch_items SET state = 'pending' WHERE state = 'preparing'`).run().changes);
  }

  /** Items submitted whose jobs the runner must follow (after a restart). */
  submittedJobIds(): string[] {
    return (
      this.statement(
        `SELECT i.job_id FROM batch_items i JOIN batches b ON b.id = i.batch_id WHERE i.state = 'submitted' AND b.deleted_at IS NULL`,
      ).all() as Array<{ job_id: string }>
    ).map((row) => row.job_id);
  }

  setItem(batchId: string, position: number, change: { state: BatchItemState; error?: string | null; jobId?: string }, now = Date.now()): void {
    const values: SQLInputValue[] = [change.state, change.error ?? null];
    let sql = 'UPDATE batch_items SET state = ?, error = ?';
    if (change.jobId) {
      sql += ', job_id = ?';
      values.push(change.jobId);
    }
    transaction(this.db, () => {
      this.statement(`${sql} WHERE batch_id = ? AND position = ?`).run(...values, batchId, position);
      this.statement('UPDATE batches SET updated_at = ? WHERE id = ?').run(now, batchId);
    });
  }

  /** Stops a batch: its waiting items become `cancelled`; items already submitted finish. */
  cancel(id: string, now = Date.now()): boolean {
    return transaction(this.db, () => {
      const changed = this.statement(`UPDATE batches SET status = 'cancelled', updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(now, id).changes;
      this.statement(`UPDATE batch_items SET state = 'cancelled' WHERE batch_id = ? AND state = 'pending'`).run(id);
      return Number(changed) > 0;
    });
  }

  /** Stops starting the batch's waiting items until `reopen`; false when it was not running. */
  pause(id: string, now = Date.now()): boolean {
    return Number(this.statement(`UPDATE batches SET status = 'paused', updated_at = ? WHERE id = ? AND status = 'running' AND deleted_at IS NULL`).run(now, id).changes) > 0;
  }

  /** Makes a paused or cancelled batch run again (resume, or an item retried alone). */
  reopen(id: string, now = Date.now()): void {
    this.statement(`UPDATE batches SET status = 'running', updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(now, id);
  }

  /** Hides the batch (deleted_at) and cancels what waits; false when there is no such batch. */
  delete(id: string, now = Date.now()): boolean {
    return transaction(this.db, () => {
      const changed = this.statement('UPDATE batches SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL').run(now, now, id).changes;
      this.statement(`UPDATE batch_items SET state = 'cancelled' WHERE batch_id = ? AND state IN ('pending', 'preparing')`).run(id);
      return Number(changed) > 0;
    });
  }
}
