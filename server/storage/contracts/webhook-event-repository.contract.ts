import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../domain/webhook-event.ts';
import type { WebhookEventRepository } from '../webhook-event-repository.ts';

export interface OpenedWebhookEventRepository {
  events: WebhookEventRepository;
  close(): Promise<void>;
}

/** What every store of early webhooks must do; `open` makes a fresh, empty one for each test. */
export function webhookEventRepositoryContract(name: string, open: () => Promise<OpenedWebhookEventRepository>): void {
  describe(`WebhookEventRepository contract: ${name}`, () => {
    let opened: OpenedWebhookEventRepository;
    let events: WebhookEventRepository;
    beforeEach(async () => {
      opened = await open();
      events = opened.events;
    });
    afterEach(() => opened.close());

    it('gives an event back once, by the provider\'s id, and nothing for an id it never got', async () => {
      const done: WebhookEvent = { remoteId: '65f0c0ffee0000000000000a', status: 3, url: 'https://cdn.example/result.png' };
      const failed: WebhookEvent = { remoteId: '65f0c0ffee0000000000000b', status: 4, url: null };
      await events.keep(done, 1000);
      await events.keep(failed, 1000);
      expect(await events.take(done.remoteId)).toEqual(done);
      expect(await events.take(done.remoteId)).toBeNull();
      expect(await events.take(failed.remoteId)).toEqual(failed);
      expect(await events.take('65f0c0ffee0000000000000c')).toBeNull();
    });

    it('a later event for the same id replaces the earlier one', async () => {
      await events.keep({ remoteId: 'r', status: 2, url: null }, 1000);
      await events.keep({ remoteId: 'r', status: 3, url: 'https://cdn.example/r.png' }, 2000);
      expect(await events.take('r')).toEqual({ remoteId: 'r', status: 3, url: 'https://cdn.example/r.png' });
    });

    it('replicas taking the same event at once: one gets it', async () => {
      await events.keep({ remoteId: 'r', status: 3, url: 'https://cdn.example/r.png' }, 1000);
      const taken = await Promise.all(Array.from({ length: 5 }, () => events.take('r')));
      expect(taken.filter((event) => event !== null)).toEqual([{ remoteId: 'r', status: 3, url: 'https://cdn.example/r.png' }]);
    });

    it('forgets the events received before the cutoff, and keeps the others', async () => {
      await events.keep({ remoteId: 'old', status: 4, url: null }, 1000);
      await events.keep({ remoteId: 'edge', status: 4, url: null }, 2000);
      await events.keep({ remoteId: 'new', status: 4, url: null }, 3000);
      expect(await events.forgetBefore(2000)).toBe(1);
      expect(await events.take('old')).toBeNull();
      expect(await events.take('edge')).not.toBeNull();
      expect(await events.take('new')).not.toBeNull();
      expect(await events.forgetBefore(10_000)).toBe(0);
    });
  });
}
