import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeFeed } from '../change-feed.ts';

/**
 * Two ends of one feed: `waiter` is the replica holding a long poll, `publisher` the one whose write changed
 * the row. For a one-process feed both are the same object; for a shared one, two connections to it.
 */
export interface ChangeFeedPair {
  waiter: ChangeFeed;
  publisher: ChangeFeed;
  /**
   * For a shared feed: resolves once every publish made so far has reached the waiter (e.g. deliveredByMarker).
   * Absent for a one-process feed, which delivers within publish().
   */
  delivered?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `delivered` for a feed whose publishes from one publisher arrive in the order made: publishes a fresh key and
 * waits until the waiter hears it, so that every earlier publish has been heard too.
 */
export function deliveredByMarker(waiter: ChangeFeed, publisher: ChangeFeed): () => Promise<void> {
  let count = 0;
  return async () => {
    const marker = `delivered-${(count += 1)}`;
    const heard = waiter.wait(marker, LONG);
    publisher.publish(marker);
    await heard;
  };
}

/** Whether `promise` has settled once everything already queued has run (a publish is delivered by then). */
async function settled(promise: Promise<unknown>, after: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await after;
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

const LONG = 60_000; // a waiter that is not woken holds the test to its timeout and fails it

/** What every change feed must do; `open` makes a fresh, empty feed for each test. */
export function changeFeedContract(name: string, open: () => Promise<ChangeFeedPair>): void {
  describe(`ChangeFeed contract: ${name}`, () => {
    let pair: ChangeFeedPair;
    beforeEach(async () => {
      pair = await open();
    });
    afterEach(async () => {
      pair.waiter.releaseAll();
      await pair.close();
    });

    it('a publish wakes every waiter on that key, and a waiter on another key sleeps on', async () => {
      const first = pair.waiter.wait('job-a', LONG);
      const second = pair.waiter.wait('job-a', LONG);
      const other = pair.waiter.wait('job-b', LONG);
      expect(pair.waiter.waiting).toBe(3);
      pair.publisher.publish('job-a');
      await Promise.all([first, second]);
      expect(await settled(other, Promise.resolve())).toBe(false);
      pair.publisher.publish('job-b');
      await other;
      expect(pair.waiter.waiting).toBe(0);
    });

    it('a wake is not kept for later: a wait begun after a publish waits for the next one', async () => {
      pair.publisher.publish('job-a');
      await pair.delivered?.();
      const later = pair.waiter.wait('job-a', LONG);
      const marker = pair.waiter.wait('job-m', LONG);
      pair.publisher.publish('job-m');
      expect(await settled(later, marker)).toBe(false);
      pair.publisher.publish('job-a');
      await later;
    });

    it('an abort ends the wait at once, also a signal aborted before the wait began', async () => {
      const controller = new AbortController();
      const waiting = pair.waiter.wait('job-a', LONG, controller.signal);
      controller.abort();
      await waiting;
      expect(pair.waiter.waiting).toBe(0);
      await pair.waiter.wait('job-a', LONG, AbortSignal.abort());
      expect(pair.waiter.waiting).toBe(0);
    });

    it('a wait ends by itself after its timeout', async () => {
      await pair.waiter.wait('job-a', 1);
      expect(pair.waiter.waiting).toBe(0);
    });

    it('releaseAll answers every waiter (a closing server)', async () => {
      const waits = [pair.waiter.wait('job-a', LONG), pair.waiter.wait('job-b', LONG)];
      pair.waiter.releaseAll();
      await Promise.all(waits);
      expect(pair.waiter.waiting).toBe(0);
    });

    it('a publish nobody waits for changes nothing', async () => {
      pair.publisher.publish('nobody');
      await pair.delivered?.();
      const waiting = pair.waiter.wait('nobody', LONG);
      const marker = pair.waiter.wait('job-m', LONG);
      pair.publisher.publish('job-m');
      expect(await settled(waiting, marker)).toBe(false);
      pair.publisher.publish('nobody');
      await waiting;
    });
  });
}
