/**
 * Wakes whoever waits for a key to change (a job id, a batch id): the app's long polls. It carries no data:
 * the row in the repository stays the truth, and a woken waiter reads it again, so a feed that wakes too often
 * costs a read and one that loses a wake-up costs at most the waiter's timeout.
 *
 * Implementations: in-process (server/storage/in-process/in-process-change-feed.ts), for one server process;
 * PostgreSQL LISTEN/NOTIFY (server/storage/postgres/postgres-change-feed.ts), across processes. Another that spans
 * processes (e.g. Redis pub/sub) must pass server/storage/contracts/change-feed.contract.ts.
 */
export interface ChangeFeed {
  /** Says that `key` changed: every waiter on it wakes. Never throws; a feed that cannot deliver logs it. */
  publish(key: string): void;
  /** Resolves at the key's next change, after `timeoutMs`, when `signal` aborts, or at `releaseAll`; never rejects. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Answers every waiter now: a closing server must not hold connections for a long poll. */
  releaseAll(): void;
  /** How many waits are pending in this process (for tests and health). */
  readonly waiting: number;
}
