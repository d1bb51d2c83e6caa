import type { WebhookEvent } from '../domain/webhook-event.ts';

/**
 * Webhooks that arrived before the job they report on knew the provider's id: Akool may call back before its
 * answer to our submit reaches us, and with several replicas the callback and the answer may reach different
 * ones. The event is kept here until whoever records the id takes it.
 *
 * Implementations: SQLite (server/storage/sqlite/sqlite-webhook-event-repository.ts), PostgreSQL
 * (server/storage/postgres/postgres-webhook-event-repository.ts). Another must pass
 * server/storage/contracts/webhook-event-repository.contract.ts.
 */
export interface WebhookEventRepository {
  /** Keeps an event for its `remoteId`; a later one for the same id replaces it (the provider's latest word). */
  keep(event: WebhookEvent, now?: number): Promise<void>;
  /** Removes and answers the event kept for `remoteId`, or null: callers taking at once, only one gets it. */
  take(remoteId: string): Promise<WebhookEvent | null>;
  /** Forgets the events received before `cutoff` (their job is not ours, or was given up); answers how many. */
  forgetBefore(cutoff: number): Promise<number>;
}
