import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_RETRY, WORK_KINDS, WorkInterrupted, type JobQueue, type ProcessOptions, type RetryPolicy, type WorkHandler, type WorkKind, type WorkState } from '../job-queue.ts';

/**
 * The Redis queues the kinds of work go into. Akool's two steps share one, so that one BullMQ rate limiter
 * (which counts the steps started on a queue by all workers) caps our calls to Akool across replicas.
 * Background removals have their own, so that their depth is one count. Batch items have their own: a lane's
 * worker runs as many steps at once as its kinds' concurrencies add up to, whatever their kind, so in the
 * render lane preparations could take renders' places past RENDER_CONCURRENCY.
 */
export type WorkLane = 'render' | 'akool' | 'removal' | 'batch';
export const laneOf = (kind: WorkKind): WorkLane => (kind === 'render' ? 'render' : kind === 'remove-background' ? 'removal' : kind === 'batch-item' ? 'batch' : 'akool');

/** Every state of a step not yet over. */
const PENDING_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

export interface BullmqJobQueueOptions {
  /** redis://host:port (the queue opens its own connections, with maxRetriesPerRequest null: it waits out a
   * Redis restart instead of failing every call made meanwhile). */
  redisUrl: string;
  /** Namespaces the Redis keys (several apps, or tests, on one Redis). */
  prefix?: string;
  retry?: RetryPolicy;
  /**
   * How long a worker's claim on a running step lasts without renewal (renewed at half of it while the
   * worker lives). A worker killed mid-step stops renewing: after this, the next stalled check hands the step
   * to another worker. 30 s by default.
   */
  lockDurationMs?: number;
  /** How often each worker looks for steps whose claim expired. 30 s by default. */
  stalledIntervalMs?: number;
  /** Times a step may be found stalled (its worker died) before it is failed for good. */
  maxStalledCount?: number;
  /** Steps started per `durationMs` on a lane, over all workers (e.g. Akool's calls). */
  limits?: Partial<Record<WorkLane, { max: number; durationMs: number }>>;
  /** Told of connection trouble (Redis restarting, unreachable); BullMQ and ioredis keep retrying meanwhile. */
  onError?: (error: Error) => void;
}

interface StepData {
  jobId: string;
  state?: WorkState;
}

interface LaneWorker {
  worker: Worker<StepData>;
  handlers: Map<WorkKind, { handler: WorkHandler; options: ProcessOptions }>;
}

/**
 * The work queue on Redis with BullMQ, shared by every replica. A step is a BullMQ job named after its kind
 * whose id is `<kind>.<our job id>`: BullMQ adds no job under an id it holds, so a step is queued once however
 * many replicas ask, and one worker at a time holds it (its lock). A step that asks to run again is moved
 * back to delayed under the same id (one poll per Akool job across replicas). Done and given-up steps are
 * removed, so a later enqueue of the same id is a new step.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly connection: Redis;
  private readonly queues = new Map<WorkLane, Queue<StepData>>();
  private readonly workers = new Map<WorkLane, LaneWorker>();
  private readonly retry: RetryPolicy;
  private closing: Promise<void> | null = null;
  /** Handlers running in this process: close() waits for them itself (see there). */
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: BullmqJobQueueOptions) {
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', this.reportError);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  private readonly reportError = (error: Error): void => this.options.onError?.(error);

  private get prefix(): string {
    return this.options.prefix ?? 'bgc';
  }

  private queue(lane: WorkLane): Queue<StepData> {
    let queue = this.queues.get(lane);
    if (!queue) {
      queue = new Queue<StepData>(lane, { connection: this.connection, prefix: this.prefix });
      queue.on('error', this.reportError);
      this.queues.set(lane, queue);
    }
    return queue;
  }

  /** Set while a step runs and is enqueued again: whoever sees the step end first enqueues it once more. */
  private againKey(stepId: string, lane: WorkLane): string {
    return `${this.prefix}:${lane}:again:${stepId}`;
  }

  private add(kind: WorkKind, jobId: string, delayMs = 0, state?: WorkState): Promise<unknown> {
    return this.queue(laneOf(kind)).add(
      kind,
      { jobId, ...(state ? { state } : {}) },
      {
        jobId: stepId(kind, jobId),
        delay: delayMs > 0 ? delayMs : undefined,
        attempts: this.retry.attempts,
        backoff: { type: 'exponential', delay: this.retry.backoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  async enqueue(kind: WorkKind, jobId: string, options: { delayMs?: number; state?: WorkState } = {}): Promise<void> {
    const lane = laneOf(kind);
    const id = stepId(kind, jobId);
    const queue = this.queue(lane);
    if ((await queue.getJobState(id)) !== 'active') {
      // Waiting or delayed: BullMQ keeps the one it has. Unknown: a new step.
      await this.add(kind, jobId, options.delayMs, options.state);
      return;
    }
    await this.connection.set(this.againKey(id, lane), '1');
    // It may have ended between the two reads, after its worker looked for the mark: then it is ours to add.
    if ((await queue.getJobState(id)) === 'unknown' && (await this.connection.getdel(this.againKey(id, lane)))) await this.add(kind, jobId);
  }

  async count(kind: WorkKind): Promise<number> {
    const lane = laneOf(kind);
    const queue = this.queue(lane);
    // A lane of one kind is counted by Redis alone; a shared one lists its steps to tell the kinds apart.
    if (WORK_KINDS.filter((other) => laneOf(other) === lane).length === 1) {
      const counts = await queue.getJobCounts(...PENDING_STATES);
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    }
    return (await queue.getJobs([...PENDING_STATES])).filter((job) => job.name === kind).length;
  }

  process(kind: WorkKind, handler: WorkHandler, options: ProcessOptions): void {
    if (this.closing) throw new Error('the queue is closed');
    const lane = laneOf(kind);
    const existing = this.workers.get(lane);
    if (existing?.handlers.has(kind)) throw new Error(`${kind} work is already taken by a handler`);
    if (existing) {
      existing.handlers.set(kind, { handler, options });
      existing.worker.concurrency = [...existing.handlers.values()].reduce((sum, entry) => sum + entry.options.concurrency, 0);
      return;
    }
    const handlers = new Map([[kind, { handler, options }]]);
    const limit = this.options.limits?.[lane];
    const worker = new Worker<StepData>(lane, (job, token) => this.runStep(handlers, job, token), {
      connection: this.connection,
      prefix: this.prefix,
      concurrency: options.concurrency,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.stalledIntervalMs ?? 30_000,
      maxStalledCount: this.options.maxStalledCount ?? 2,
      ...(limit ? { limiter: { max: limit.max, duration: limit.durationMs } } : {}),
    });
    // A lost connection is reported here and retried by BullMQ; without a listener Node would throw it.
    worker.on('error', this.reportError);
    worker.on('completed', (job) => void this.ended(lane, job));
    worker.on('failed', (job, error) => {
      if (!job?.finishedOn) return; // retried later
      handlers.get(job.name as WorkKind)?.options.onGiveUp?.(job.data.jobId, error);
      void this.ended(lane, job);
    });
    this.workers.set(lane, { worker, handlers });
  }

  private async runStep(handlers: LaneWorker['handlers'], job: Job<StepData>, token: string | undefined): Promise<void> {
    const entry = handlers.get(job.name as WorkKind);
    const again = async (delayMs: number): Promise<never> => {
      await job.moveToDelayed(Date.now() + delayMs, token);
      throw new DelayedError();
    };
    // A kind this process does not take (yet): left for a worker that does.
    if (!entry) return again(1_000);
    let outcome;
    const run = entry.handler({ jobId: job.data.jobId, state: job.data.state, failures: job.attemptsMade });
    this.running.add(run);
    try {
      outcome = await run;
    } catch (error) {
      if (error instanceof WorkInterrupted) return again(0);
      throw error;
    } finally {
      this.running.delete(run);
    }
    if (outcome) {
      await job.updateData({ jobId: job.data.jobId, ...(outcome.state ? { state: outcome.state } : {}) });
      return again(outcome.againInMs);
    }
  }

  /** A step is over (done or given up): when it was enqueued while it ran, it is added once more. */
  private async ended(lane: WorkLane, job: Job<StepData>): Promise<void> {
    try {
      if (await this.connection.getdel(this.againKey(job.id!, lane))) await this.add(job.name as WorkKind, job.data.jobId);
    } catch {
      // Redis gone: the job is unfinished in the repository and a resume enqueues it again.
    }
  }

  /**
   * Stops taking steps, waits for the handlers running here, then closes BullMQ's workers and queues. That last
   * part is bounded: a worker whose blocking connection is still reconnecting (just after a Redis restart) never
   * finishes its close (BullMQ issue #4656), which would hold a stopping process for ever. Past the bound its
   * connections are dropped; nothing of ours is running any more by then.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const workers = [...this.workers.values()].map(({ worker }) => worker);
      for (const worker of workers) void worker.pause(true).catch(() => undefined); // no new steps
      await Promise.allSettled([...this.running]);
      const closed = Promise.allSettled([...workers.map((worker) => worker.close()), ...[...this.queues.values()].map((queue) => queue.close())]);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_BOUND_MS)));
      if ((await Promise.race([closed, late])) === 'late') {
        this.reportError(new Error(`BullMQ did not close within ${CLOSE_BOUND_MS / 1000} s (a connection still reconnecting): its connections are dropped`));
        for (const worker of workers) void worker.disconnect().catch(() => undefined);
        for (const queue of this.queues.values()) void queue.disconnect().catch(() => undefined);
      }
      clearTimeout(timer);
      this.connection.disconnect();
    })();
    return this.closing;
  }
}

/** How long BullMQ's own close may take once no handler of ours runs. */
const CLOSE_BOUND_MS = 5_000;

function stepId(kind: WorkKind, jobId: string): string {
  return `${kind}.${jobId}`;
}
