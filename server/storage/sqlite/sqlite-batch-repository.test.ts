import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchRepositoryContract } from '../contracts/batch-repository.contract.ts';
import { openDatabase } from './database.ts';
import { SqliteBatchRepository } from './sqlite-batch-repository.ts';
import { SqliteJobRepository } from './sqlite-job-repository.ts';

batchRepositoryContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'batches-'));
  const db = openDatabase(dir);
  return {
    batches: new SqliteBatchRepository(db),
    jobs: new SqliteJobRepository(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
