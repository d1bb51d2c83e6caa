import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { BackgroundChangeRequest, BatchPlacement, Rect } from '../../../src/core/index.ts';
import type { BatchItemChange, BatchItemRecord, BatchItemState, BatchRecord, BatchStatus } from '../../domain/batch.ts';
import type { OwnOrigins } from '../../images/own-source.ts';
import type { BatchRepository } from '../batch-repository.ts';
import { transaction, type Db } from './database.ts';
import { statementCache } from './statement-cache.ts';
import { BATCH_ITEMS_IN_FLIGHT_SQL } from '../batch-in-flight.ts';

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

/**
 * Batches and their items in SQLite. Each method runs its statements synchronously inside the promise it
 * returns (several in one transaction where they must go together).
 */
export class SqliteBatchRepository implements BatchRepository {
  private readonly statement: (sql: string) => StatementSync;

  constructor(private readonly db: Db) {
    this.statement = statementCache(db);
  }

  async insert(batch: BatchRecord, items: readonly BatchItemRecord[]): Promise<void> {
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

  async get(id: string): Promise<BatchRecord | null> {
    const row = this.statement('SELECT * FROM batches WHERE id = ? AND deleted_at IS NULL').get(id) as BatchRow | undefined;
    return row ? batchFromRow(row) : null;
  }

  async list(limit = 100): Promise<BatchRecord[]> {
    return (this.statement('SELECT * FROM batches WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT ?').all(limit) as unknown as BatchRow[]).map(batchFromRow);
  }

  async items(batchId: string, from = 0, limit = 1_000_000): Promise<BatchItemRecord[]> {
    return (
      this.statement('SELECT * FROM batch_items WHERE batch_id = ? AND position >= ? ORDER BY position LIMIT ?').all(batchId, from, limit) as unknown as ItemRow[]
    ).map(itemFromRow);
  }

  async item(batchId: string, position: number): Promise<BatchItemRecord | null> {
    const row = this.statement('SELECT * FROM batch_items WHERE batch_id = ? AND position = ?').get(batchId, position) as ItemRow | undefined;
    return row ? itemFromRow(row) : null;
  }

  async itemByJob(jobId: string): Promise<BatchItemRecord | null> {
    const row = this.statement('SELECT * FROM batch_items WHERE job_id = ?').get(jobId) as ItemRow | undefined;
    return row ? itemFromRow(row) : null;
  }

  /** One transaction (SQLite runs one writer at a time): the items in flight counted, the next ones chosen and marked. */
  async claimPending(inFlight: number): Promise<BatchItemRecord[]> {
    return transaction(this.db, () => {
      const { busy } = this.statement(BATCH_ITEMS_IN_FLIGHT_SQL).get() as { busy: number };
      if (busy >= inFlight) return [];
      const next = this.statement(
        `SELECT i.rowid AS id FROM batch_items i JOIN batches b ON b.id = i.batch_id
         WHERE i.state = 'pending' AND b.status = 'running' AND b.deleted_at IS NULL
         ORDER BY b.created_at, b.id, i.position LIMIT ?`,
      ).all(inFlight - busy) as Array<{ id: number }>;
      const claim = this.statement(`UPDATE batch_items SET state = 'preparing' WHERE rowid = ? RETURNING *`);
      return next.map(({ id }) => itemFromRow(claim.get(id) as unknown as ItemRow));
    });
  }

  async preparingJobIds(): Promise<string[]> {
    return (
      this.statement(
        `SELECT i.job_id FROM batch_items i JOIN batches b ON b.id = i.batch_id WHERE i.state = 'preparing' AND b.deleted_at IS NULL ORDER BY b.created_at, b.id, i.position`,
      ).all() as Array<{ job_id: string }>
    ).map((row) => row.job_id);
  }

  async setItem(batchId: string, position: number, change: BatchItemChange, now = Date.now()): Promise<void> {
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

  async cancel(id: string, now = Date.now()): Promise<boolean> {
    return transaction(this.db, () => {
      const changed = this.statement(`UPDATE batches SET status = 'cancelled', updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(now, id).changes;
      this.statement(`UPDATE batch_items SET state = 'cancelled' WHERE batch_id = ? AND state = 'pending'`).run(id);
      return Number(changed) > 0;
    });
  }

  async pause(id: string, now = Date.now()): Promise<boolean> {
    return Number(this.statement(`UPDATE batches SET status = 'paused', updated_at = ? WHERE id = ? AND status = 'running' AND deleted_at IS NULL`).run(now, id).changes) > 0;
  }

  async reopen(id: string, now = Date.now()): Promise<void> {
    this.statement(`UPDATE batches SET status = 'running', updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(now, id);
  }

  async delete(id: string, now = Date.now()): Promise<boolean> {
    return transaction(this.db, () => {
      const changed = this.statement('UPDATE batches SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL').run(now, now, id).changes;
      this.statement(`UPDATE batch_items SET state = 'cancelled' WHERE batch_id = ? AND state IN ('pending', 'preparing')`).run(id);
      return Number(changed) > 0;
    });
  }
}
