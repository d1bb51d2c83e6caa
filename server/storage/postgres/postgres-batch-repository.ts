import type pg from 'pg';
import type { BackgroundChangeRequest, BatchPlacement, Rect } from '../../../src/core/index.ts';
import type { BatchItemChange, BatchItemRecord, BatchItemState, BatchRecord, BatchStatus } from '../../domain/batch.ts';
import type { OwnOrigins } from '../../images/own-source.ts';
import type { BatchRepository } from '../batch-repository.ts';
import { transaction } from './database.ts';
import { BATCH_ITEMS_IN_FLIGHT_SQL } from '../batch-in-flight.ts';

interface BatchRow {
  id: string;
  status: BatchStatus;
  layout: BackgroundChangeRequest;
  placement: BatchPlacement;
  remove_background: boolean;
  origins: OwnOrigins;
  created_at: number;
  updated_at: number;
}

interface ItemRow {
  batch_id: string;
  position: number;
  name: string;
  file_name: string;
  image: string;
  box: Rect | null;
  effects: BatchItemRecord['effects'];
  job_id: string;
  state: BatchItemState;
  error: string | null;
}

function batchFromRow(row: BatchRow): BatchRecord {
  return {
    id: row.id,
    status: row.status,
    layout: row.layout,
    placement: row.placement,
    removeBackground: row.remove_background,
    origins: row.origins,
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
    box: row.box,
    effects: row.effects,
    jobId: row.job_id,
    state: row.state,
    error: row.error,
  };
}

/** Any number (not the migrations' lock): replicas claiming batch items hold it in turn. */
const CLAIM_LOCK = 0x6263_6269; // "bcbi"

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Batches and their items in PostgreSQL, shared by every replica. The claim counts and marks under one
 * advisory lock, so that the bound on items in flight holds over all replicas; what must go together is one
 * transaction.
 */
export class PostgresBatchRepository implements BatchRepository {
  constructor(private readonly pool: pg.Pool) {}

  async insert(batch: BatchRecord, items: readonly BatchItemRecord[]): Promise<void> {
    await transaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO batches (id, status, layout, placement, remove_background, origins, created_at, updated_at)
         VALUES ($1, $2, $3::json, $4::json, $5, $6::json, $7, $8)`,
        [batch.id, batch.status, json(batch.layout), json(batch.placement), batch.removeBackground, json(batch.origins), batch.createdAt, batch.updatedAt],
      );
      // Items go in slices, one statement each: a batch may have thousands, and a statement at most 65,535 values.
      for (let start = 0; start < items.length; start += 1000) {
        const slice = items.slice(start, start + 1000);
        const values: unknown[] = [];
        const rows = slice.map((item) => {
          values.push(item.batchId, item.position, item.name, item.fileName, item.image, json(item.box), json(item.effects), item.jobId, item.state, item.error);
          const at = values.length - 10;
          return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}::json, $${at + 7}::json, $${at + 8}, $${at + 9}, $${at + 10})`;
        });
        await client.query(
          `INSERT INTO batch_items (batch_id, position, name, file_name, image, box, effects, job_id, state, error) VALUES ${rows.join(', ')}`,
          values,
        );
      }
    });
  }

  async get(id: string): Promise<BatchRecord | null> {
    const row = (await this.pool.query<BatchRow>('SELECT * FROM batches WHERE id = $1 AND deleted_at IS NULL', [id])).rows[0];
    return row ? batchFromRow(row) : null;
  }

  async list(limit = 100): Promise<BatchRecord[]> {
    const { rows } = await this.pool.query<BatchRow>('SELECT * FROM batches WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT $1', [limit]);
    return rows.map(batchFromRow);
  }

  async items(batchId: string, from = 0, limit = 1_000_000): Promise<BatchItemRecord[]> {
    const { rows } = await this.pool.query<ItemRow>(
      'SELECT * FROM batch_items WHERE batch_id = $1 AND position >= $2 ORDER BY position LIMIT $3',
      [batchId, from, limit],
    );
    return rows.map(itemFromRow);
  }

  async item(batchId: string, position: number): Promise<BatchItemRecord | null> {
    const row = (await this.pool.query<ItemRow>('SELECT * FROM batch_items WHERE batch_id = $1 AND position = $2', [batchId, position])).rows[0];
    return row ? itemFromRow(row) : null;
  }

  async itemByJob(jobId: string): Promise<BatchItemRecord | null> {
    const row = (await this.pool.query<ItemRow>('SELECT * FROM batch_items WHERE job_id = $1 LIMIT 1', [jobId])).rows[0];
    return row ? itemFromRow(row) : null;
  }

  /**
   * One transaction under an advisory lock, so that replicas claiming at once count in turn (each counts what
   * the one before it committed): the items in flight counted, the next ones chosen, locked and marked.
   */
  async claimPending(inFlight: number): Promise<BatchItemRecord[]> {
    const rows = await transaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
      const busy = Number((await client.query<{ busy: number }>(BATCH_ITEMS_IN_FLIGHT_SQL)).rows[0]!.busy);
      if (busy >= inFlight) return [];
      return (
        await client.query<ItemRow & { batch_created_at: number }>(
          `UPDATE batch_items SET state = 'preparing'
           FROM (
             SELECT i.batch_id, i.position, b.created_at AS batch_created_at FROM batch_items i JOIN batches b ON b.id = i.batch_id
             WHERE i.state = 'pending' AND b.status = 'running' AND b.deleted_at IS NULL
             ORDER BY b.created_at, b.id, i.position LIMIT $1
             FOR UPDATE OF i SKIP LOCKED) next
           WHERE batch_items.batch_id = next.batch_id AND batch_items.position = next.position
           RETURNING batch_items.*, next.batch_created_at`,
          [inFlight - busy],
        )
      ).rows;
    });
    // RETURNING keeps no order: the claim's own.
    rows.sort((a, b) => a.batch_created_at - b.batch_created_at || (a.batch_id < b.batch_id ? -1 : a.batch_id > b.batch_id ? 1 : 0) || a.position - b.position);
    return rows.map(itemFromRow);
  }

  async preparingJobIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ job_id: string }>(
      `SELECT i.job_id FROM batch_items i JOIN batches b ON b.id = i.batch_id WHERE i.state = 'preparing' AND b.deleted_at IS NULL ORDER BY b.created_at, b.id, i.position`,
    );
    return rows.map((row) => row.job_id);
  }

  async setItem(batchId: string, position: number, change: BatchItemChange, now = Date.now()): Promise<void> {
    await transaction(this.pool, async (client) => {
      await client.query('UPDATE batch_items SET state = $3, error = $4, job_id = COALESCE($5, job_id) WHERE batch_id = $1 AND position = $2', [
        batchId,
        position,
        change.state,
        change.error ?? null,
        change.jobId || null,
      ]);
      await client.query('UPDATE batches SET updated_at = $2 WHERE id = $1', [batchId, now]);
    });
  }

  async cancel(id: string, now = Date.now()): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      const changed = (await client.query(`UPDATE batches SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND deleted_at IS NULL`, [id, now])).rowCount;
      await client.query(`UPDATE batch_items SET state = 'cancelled' WHERE batch_id = $1 AND state = 'pending'`, [id]);
      return (changed ?? 0) > 0;
    });
  }

  async pause(id: string, now = Date.now()): Promise<boolean> {
    const changed = (await this.pool.query(`UPDATE batches SET status = 'paused', updated_at = $2 WHERE id = $1 AND status = 'running' AND deleted_at IS NULL`, [id, now])).rowCount;
    return (changed ?? 0) > 0;
  }

  async reopen(id: string, now = Date.now()): Promise<void> {
    await this.pool.query(`UPDATE batches SET status = 'running', updated_at = $2 WHERE id = $1 AND deleted_at IS NULL`, [id, now]);
  }

  async delete(id: string, now = Date.now()): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      const changed = (await client.query('UPDATE batches SET deleted_at = $2, updated_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, now])).rowCount;
      await client.query(`UPDATE batch_items SET state = 'cancelled' WHERE batch_id = $1 AND state IN ('pending', 'preparing')`, [id]);
      return (changed ?? 0) > 0;
    });
  }
}
