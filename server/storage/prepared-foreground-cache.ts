import type { CachedForeground } from '../domain/cached-foreground.ts';

/**
 * Prepared foregrounds (POST /api/foregrounds) by the source's SHA-256 and the options, so that the same photo
 * with the same options is not cut out again; the cut-out itself is an upload. Kept across restarts, and shared
 * by every replica when the store is.
 *
 * Implementations: SQLite (server/storage/sqlite/sqlite-prepared-foreground-cache.ts), PostgreSQL
 * (server/storage/postgres/postgres-prepared-foreground-cache.ts). Another must pass
 * server/storage/contracts/prepared-foreground-cache.contract.ts.
 */
export interface PreparedForegroundCache {
  get(key: string): Promise<CachedForeground | null>;
  /** Stores the entry, replacing one already under the key (two replicas preparing the same photo at once). */
  put(key: string, value: CachedForeground): Promise<void>;
}
