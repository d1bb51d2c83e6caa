import type { ChangeFeed } from '../change-feed.ts';

/**
 * The change feed of one server process: wakes requests that wait for a job or batch to change (the app's
 * long poll) as soon as it is published, so a finished render reaches the browser at once instead of at the
 * next poll.
 */
export class InProcessChangeFeed implements ChangeFeed {
  private readonly waiters = new Map<string, Set<() => void>>();

  publish(key: string): void {
    const waiting = this.waiters.get(key);
    if (!waiting) return;
    this.waiters.delete(key);
    for (const wake of waiting) wake();
  }

  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let waiting = this.waiters.get(key);
      if (!waiting) this.waiters.set(key, (waiting = new Set()));
      const wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        const set = this.waiters.get(key);
        set?.delete(wake);
        if (set?.size === 0) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      signal?.addEventListener('abort', wake, { once: true });
      waiting.add(wake);
    });
  }

  releaseAll(): void {
    for (const key of [...this.waiters.keys()]) this.publish(key);
  }

  get waiting(): number {
    let count = 0;
    for (const set of this.waiters.values()) count += set.size;
    return count;
  }
}
