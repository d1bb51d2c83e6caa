import type pg from 'pg';
import type { WebhookEvent } from '../../domain/webhook-event.ts';
import type { WebhookEventRepository } from '../webhook-event-repository.ts';

/**
 * Early webhooks in PostgreSQL (table `webhook_events`), so that the replica that learns the job's remote id
 * finds the event another replica received. `take` is one DELETE ... RETURNING: of replicas taking at once, the
 * first deletes the row and the others, waiting for its lock, find it gone.
 */
export class PostgresWebhookEventRepository implements WebhookEventRepository {
  constructor(private readonly pool: pg.Pool) {}

  async keep(event: WebhookEvent, now = Date.now()): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhook_events (remote_id, event, received_at) VALUES ($1, $2::json, $3)
       ON CONFLICT (remote_id) DO UPDATE SET event = excluded.event, received_at = excluded.received_at`,
      [event.remoteId, JSON.stringify(event), now],
    );
  }

  async take(remoteId: string): Promise<WebhookEvent | null> {
    const row = (await this.pool.query<{ event: WebhookEvent }>('DELETE FROM webhook_events WHERE remote_id = $1 RETURNING event', [remoteId])).rows[0];
    return row ? row.event : null;
  }

  async forgetBefore(cutoff: number): Promise<number> {
    return (await this.pool.query('DELETE FROM webhook_events WHERE received_at < $1', [cutoff])).rowCount ?? 0;
  }
}
