import type pg from 'pg';
import type { CachedForeground } from '../../domain/cached-foreground.ts';
import type { PreparedForegroundCache } from '../prepared-foreground-cache.ts';

/** Prepared foregrounds in PostgreSQL (table `foregrounds`), shared by every replica. */
export class PostgresPreparedForegroundCache implements PreparedForegroundCache {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string): Promise<CachedForeground | null> {
    const row = (await this.pool.query<{ value: CachedForeground }>('SELECT value FROM foregrounds WHERE key = $1', [key])).rows[0];
    return row ? row.value : null;
  }

  async put(key: string, value: CachedForeground): Promise<void> {
    await this.pool.query(
      `INSERT INTO foregrounds (key, value, created_at) VALUES ($1, $2::json, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
      [key, JSON.stringify(value), Date.now()],
    );
  }
}
