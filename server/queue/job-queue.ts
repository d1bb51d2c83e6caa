/**
 * The work queue: which of our jobs need a step run, of which kind, and when. Routes and services enqueue; a
 * process that works (ROLE all or worker) takes each kind of work with `process`. The job itself (its status,
 * its result) is in the JobRepository: the queue holds only "run step <kind> of job <id>", so a handler reads
 * the job and may find it finished, deleted or already past this step.
 */

/** A kind of work, each with its own handler and concurrency. */
export type WorkKind =
  /** A local render (with background removal when asked): LocalProvider. */
  | 'render'
  /** Sends an Akool job to Akool (retrying 1005 and network trouble until the job's deadline). */
  | 'akool-submit'
  /** Asks Akool once how a submitted job is doing; runs again (delayed) until the job is final. */
  | 'akool-poll'
  /** Prepares a foreground (POST /api/foregrounds) asked on an api replica: server/cutout/queued-removal.ts. */
  | 'remove-background'
  /** Prepares a batch item (its image fetched, cut out, placed) and submits it as the job of that id: BatchService. */
  | 'batch-item';

export const WORK_KINDS: readonly WorkKind[] = ['render', 'akool-submit', 'akool-poll', 'remove-background', 'batch-item'];

/** What a step carries from one run of it to the next (a poll's interval): plain JSON, kept by the queue. */
export type WorkState = Readonly<Record<string, number | string>>;

/** One run of a step, as the handler gets it. */
export interface QueuedWork {
  jobId: string;
  /** What the previous run of this step handed on (`again.state`), or the first run's `enqueue` state, if any. */
  state?: WorkState;
  /** Failed runs so far (0 on the first try). */
  failures: number;
}

/** A handler's answer: nothing when the step is done, or `{ againInMs }` to run it again later under the same
 * job id (a poll that found the job still processing). Throwing is a failure: retried with backoff, up to
 * the queue's attempts, then reported. */
export type WorkOutcome = void | { againInMs: number; state?: WorkState };

export type WorkHandler = (work: QueuedWork) => Promise<WorkOutcome>;

export interface ProcessOptions {
  /** Steps of this kind run at once by this process. */
  concurrency: number;
  /** Told when a step has failed its last attempt (the queue gives it up). */
  onGiveUp?: (jobId: string, error: unknown) => void;
}

/**
 * Thrown by a handler cut short because its process is stopping: not a failure. The step is left to another
 * worker (a shared queue) or to the next start's resume (the in-process queue).
 */
export class WorkInterrupted extends Error {
  constructor() {
    super('the process is stopping: the step is left for another worker');
  }
}

export interface JobQueue {
  /**
   * Asks for step `kind` of job `jobId`, at once or after `delayMs`. Idempotent per (kind, jobId): while one is
   * waiting or delayed, a second enqueue changes nothing; while one is running, it runs once more after it
   * ends (a restored job whose deleted run was still ending). Never two runs of one (kind, jobId) at once.
   * `state` is handed to the first run (what the step needs that no repository holds); a step already pending
   * keeps its own, and a run once more after a running one starts without.
   */
  enqueue(kind: WorkKind, jobId: string, options?: { delayMs?: number; state?: WorkState }): Promise<void>;
  /** Steps of `kind` waiting, delayed or running, in every process sharing the queue (a bounded line's depth). */
  count(kind: WorkKind): Promise<number>;
  /** Takes work of `kind` from now on. Once per kind and queue. */
  process(kind: WorkKind, handler: WorkHandler, options: ProcessOptions): void;
  /** Stops taking work and waits for the steps running here; what is still waiting stays (shared) or is dropped
   * (in-process: the jobs are unfinished in the repository and resume on the next start). */
  close(): Promise<void>;
}

/** How a queue retries a failed step: `attempts` runs in all, waiting backoffMs, 2x, 4x... between them. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 1_000 };
