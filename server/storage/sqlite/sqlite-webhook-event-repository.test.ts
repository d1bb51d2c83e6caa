import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookEventRepositoryContract } from '../contracts/webhook-event-repository.contract.ts';
import { openDatabase } from './database.ts';
import { SqliteWebhookEventRepository } from './sqlite-webhook-event-repository.ts';

webhookEventRepositoryContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-events-'));
  const db = openDatabase(dir);
  return {
    events: new SqliteWebhookEventRepository(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
