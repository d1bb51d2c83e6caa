import type { StatementSync } from 'node:sqlite';
import type { Db } from '../storage/sqlite/database.ts';
import type { Box } from './subject-box.ts';

/** What a prepared foreground answered, kept so the same photo with the same options is not removed again. */
export interface CachedForeground {
  uploadId: string;
  subject: Box;
  crop: Box;
  source: { width: number; height: number };
  /** Absent in entries cached before effects existed (no effects: no padding). */
  padding?: { left: number; top: number; right: number; bottom: number };
}

/** Prepared foregrounds by the source's SHA-256 and the options: SQLite, so the cache survives a restart. */
export class ForegroundCache {
  // Prepared once: preparing costs several times what running the statement does.
  private readonly select: StatementSync;
  private readonly upsert: StatementSync;

  constructor(db: Db) {
    this.select = db.prepare('SELECT value FROM foregrounds WHERE key = ?');
    this.upsert = db.prepare('INSERT OR REPLACE INTO foregrounds (key, value, created_at) VALUES (?, ?, ?)');
  }

  get(key: string): CachedForeground | null {
    const row = this.select.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as CachedForeground) : null;
  }

  put(key: string, value: CachedForeground): void {
    this.upsert.run(key, JSON.stringify(value), Date.now());
  }
}
