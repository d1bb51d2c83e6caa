/**
 * Wakes requests that wait for a job to change (the app's long poll) as soon as the store updates or deletes
 * it, so a finished render reaches the browser at once instead of at the next poll.
 */
export class JobChanges {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Called by the job store after every update or delete of the job. */
  notify(id: string): void {
    const waiting = this.waiters.get(id);
    if (!waiting) return;
    this.waiters.delete(id);
    for (const wake of waiting) wake();
  }

  /** Resolves at the job's next change, after `timeoutMs`, when `signal` aborts, or when the server closes. */
  next(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let waiting = this.waiters.get(id);
      if (!waiting) this.waiters.set(id, (waiting = new Set()));
      const wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        const set = this.waiters.get(id);
        set?.delete(wake);
        if (set?.size === 0) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      signal?.addEventListener('abort', wake, { once: true });
      waiting.add(wake);
    });
  }

  /** Answers every waiting request now: a closing server must not hold connections for a long poll. */
  releaseAll(): void {
    for (const id of [...this.waiters.keys()]) this.notify(id);
  }

  /** How many requests are waiting (for tests and health). */
  get waiting(): number {
    let count = 0;
    for (const set of this.waiters.values()) count += set.size;
    return count;
  }
}
