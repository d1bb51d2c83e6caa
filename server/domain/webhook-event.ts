/** What a provider's webhook reported about a job, by the provider's id of it (Akool: 2 processing, 3 completed
 * with `url`, 4 failed). */
export interface WebhookEvent {
  remoteId: string;
  status: number;
  url: string | null;
}
