import type { StatementSync } from 'node:sqlite';
import type { CachedForeground } from '../../domain/cached-foreground.ts';
import type { PreparedForegroundCache } from '../prepared-foreground-cache.ts';
import type { Db } from './database.ts';

/** Prepared foregrounds in SQLite (table `foregrounds`), so the cache survives a restart. */
export class SqlitePreparedForegroundCache implements PreparedForegroundCache {
  // Prepared once: preparing costs several times what running the statement does.
  private readonly select: StatementSync;
  private readonly upsert: StatementSync;

  constructor(db: Db) {
    this.select = db.prepare('SELECT value FROM foregrounds WHERE key = ?');
    this.upsert = db.prepare('INSERT OR REPLACE INTO foregrounds (key, value, created_at) VALUES (?, ?, ?)');
  }

  async get(key: string): Promise<CachedForeground | null> {
    const row = this.select.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as CachedForeground) : null;
  }

  async put(key: string, value: CachedForeground): Promise<void> {
    this.upsert.run(key, JSON.stringify(value), Date.now());
  }
}
