import type { Db } from '../storage/database.ts';
import type { Box } from './subject-box.ts';

/** What a prepared foreground answered, kept so the same photo with the same options is not removed again. */
export interface CachedForeground {
  uploadId: string;
  subject: Box;
  crop: Box;
  source: { width: number; height: number };
}

/** Prepared foregrounds by the source's SHA-256 and the options: SQLite, so the cache survives a restart. */
export class ForegroundCache {
  constructor(private readonly db: Db) {}

  get(key: string): CachedForeground | null {
    const row = this.db.prepare('SELECT value FROM foregrounds WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as CachedForeground) : null;
  }

  put(key: string, value: CachedForeground): void {
    this.db.prepare('INSERT OR REPLACE INTO foregrounds (key, value, created_at) VALUES (?, ?, ?)').run(key, JSON.stringify(value), Date.now());
  }
}
