import type { StatementSync } from 'node:sqlite';
import type { WebhookEvent } from '../../domain/webhook-event.ts';
import type { WebhookEventRepository } from '../webhook-event-repository.ts';
import type { Db } from './database.ts';
import { statementCache } from './statement-cache.ts';

/** Early webhooks in SQLite (table `webhook_events`). Each method is one statement, run synchronously. */
export class SqliteWebhookEventRepository implements WebhookEventRepository {
  private readonly statement: (sql: string) => StatementSync;

  constructor(db: Db) {
    this.statement = statementCache(db);
  }

  async keep(event: WebhookEvent, now = Date.now()): Promise<void> {
    this.statement('INSERT OR REPLACE INTO webhook_events (remote_id, event, received_at) VALUES (?, ?, ?)').run(event.remoteId, JSON.stringify(event), now);
  }

  async take(remoteId: string): Promise<WebhookEvent | null> {
    const row = this.statement('DELETE FROM webhook_events WHERE remote_id = ? RETURNING event').get(remoteId) as { event: string } | undefined;
    return row ? (JSON.parse(row.event) as WebhookEvent) : null;
  }

  async forgetBefore(cutoff: number): Promise<number> {
    return Number(this.statement('DELETE FROM webhook_events WHERE received_at < ?').run(cutoff).changes);
  }
}
