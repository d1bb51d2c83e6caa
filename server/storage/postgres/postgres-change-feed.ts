import pg from 'pg';
import type { ChangeFeed } from '../change-feed.ts';
import { InProcessChangeFeed } from '../in-process/in-process-change-feed.ts';
import { CONNECT_TIMEOUT_MS, createPool } from './database.ts';

export interface PostgresChangeFeedOptions {
  /** DATABASE_URL: the listening connection is opened from it. */
  url: string;
  /** The channel (e.g. JOB_CHANGES_CHANNEL, where PostgresJobRepository notifies); one feed per channel. */
  channel: string;
  /** Publishes go through it (the repositories' pool); without it the feed opens a small one of its own. */
  pool?: pg.Pool;
  /** Told when the listening connection drops (it reconnects) or a publish fails. */
  log?: (message: string, error: unknown) => void;
}

/** The channel for batches' changes (BatchService publishes a batch's id); jobs' is JOB_CHANGES_CHANNEL. */
export const BATCH_CHANGES_CHANNEL = 'batch_changes';

/** The listening connection's name in pg_stat_activity. */
export const LISTENER_NAME = 'background-composer change feed';

const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5000;

/**
 * A change feed shared by every replica through PostgreSQL's LISTEN/NOTIFY: one dedicated connection per feed
 * LISTENs on the channel and wakes this process's waiters on each notification, whose payload is the key; a
 * publish is `pg_notify(channel, key)`. A job's own changes need no publish: PostgresJobRepository notifies in
 * the statement that changes the row, so the wake-up is sent when, and only if, the change commits.
 *
 * One publisher's publishes are sent one after the other, so they reach every listener in the order made.
 * When the listening connection drops, it reconnects (backing off up to 5 s) and then wakes every waiter, since
 * notifications sent meanwhile are lost: woken waiters read the rows again, which are the truth.
 */
export class PostgresChangeFeed implements ChangeFeed {
  private readonly waiters = new InProcessChangeFeed();
  private readonly pool: pg.Pool;
  private readonly ownPool: boolean;
  private listener: pg.Client | null = null;
  /** Settles when the feed listens (again); pending while a dropped connection is being replaced. */
  private listening!: Promise<void>;
  private settleListening!: { resolve: () => void; reject: (error: unknown) => void };
  private up = false;
  private publishing: Promise<unknown> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  /** Until the first LISTEN succeeded, a failure is open()'s to report, not to retry. */
  private everListened = false;
  private closed = false;

  private constructor(private readonly options: PostgresChangeFeedOptions) {
    this.ownPool = !options.pool;
    this.pool = options.pool ?? createPool(options.url, { max: 1 });
    this.awaitListening();
  }

  private awaitListening(): void {
    this.listening = new Promise((resolve, reject) => (this.settleListening = { resolve, reject }));
    this.listening.catch(() => {}); // only open() and ready()'s callers need hear of a failure
  }

  /** Opens the feed and resolves once it listens; rejects when the first connection fails. */
  static async open(options: PostgresChangeFeedOptions): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(options);
    feed.connect();
    try {
      await feed.listening;
    } catch (error) {
      await feed.close();
      throw new Error(`the change feed could not LISTEN on "${options.channel}": ${(error as Error).message}`, { cause: error });
    }
    return feed;
  }

  /** Resolves once the feed listens (at once, unless a dropped connection is being replaced); for tests and health. */
  ready(): Promise<void> {
    return this.listening;
  }

  publish(key: string): void {
    this.publishing = this.publishing
      .then(() => this.pool.query('SELECT pg_notify($1, $2)', [this.options.channel, key]))
      .catch((error: unknown) => this.options.log?.(`could not publish a change of ${key}`, error));
  }

  /** Resolves once every publish made so far has been sent (they are sent in order). */
  flush(): Promise<void> {
    return this.publishing.then(() => {});
  }

  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(key, timeoutMs, signal);
  }

  releaseAll(): void {
    this.waiters.releaseAll();
  }

  get waiting(): number {
    return this.waiters.waiting;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (!this.up) this.settleListening.reject(new Error('the change feed is closed'));
    this.waiters.releaseAll();
    await this.listener?.end().catch(() => {});
    await this.publishing;
    if (this.ownPool) await this.pool.end();
  }

  private connect(): void {
    const reconnecting = this.attempts > 0;
    const client = new pg.Client({ connectionString: this.options.url, application_name: LISTENER_NAME, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.listener = client;
    let dropped = false;
    const drop = (error: unknown) => {
      if (dropped) return;
      dropped = true;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      // Only a reconnect's failure is retried; open() reports the first one.
      if (!this.everListened) return this.settleListening.reject(error);
      if (this.closed) return;
      if (this.up) {
        this.up = false;
        this.awaitListening();
      }
      this.options.log?.('the change feed lost its connection; reconnecting', error);
      const delay = Math.min(RECONNECT_FIRST_MS * 2 ** this.attempts, RECONNECT_MAX_MS);
      this.attempts += 1;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (!this.closed) this.connect();
      }, delay);
    };
    client.on('error', drop);
    client.on('end', () => drop(new Error('the connection ended')));
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && message.payload !== undefined) this.waiters.publish(message.payload);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`))
      .then(() => {
        if (this.closed) return;
        this.attempts = 0;
        this.everListened = true;
        this.up = true;
        this.settleListening.resolve();
        // Changes published while we were not listening were not heard: every waiter reads its row again.
        if (reconnecting) this.waiters.releaseAll();
      }, drop);
  }
}
