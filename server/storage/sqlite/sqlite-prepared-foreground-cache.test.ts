import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparedForegroundCacheContract } from '../contracts/prepared-foreground-cache.contract.ts';
import { openDatabase } from './database.ts';
import { SqlitePreparedForegroundCache } from './sqlite-prepared-foreground-cache.ts';

preparedForegroundCacheContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'foregrounds-'));
  const db = openDatabase(dir);
  return {
    cache: new SqlitePreparedForegroundCache(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
