import { DEFAULT_RETRY, WorkInterrupted, type JobQueue, type ProcessOptions, type RetryPolicy, type WorkHandler, type WorkKind, type WorkState } from '../job-queue.ts';

interface Entry {
  kind: WorkKind;
  jobId: string;
  phase: 'delayed' | 'waiting' | 'running';
  /** Enqueued again while running: run once more after. */
  again: boolean;
  failures: number;
  state?: WorkState;
  timer?: NodeJS.Timeout;
}

interface Lane {
  handler: WorkHandler;
  options: ProcessOptions;
  running: number;
}

/**
 * The work queue of one process (the embedded mode): steps wait in memory and run here, at most `concurrency`
 * of a kind at a time, the rest in arrival order. Nothing outlives the process: what was waiting at a stop is
 * found unfinished in the job repository and enqueued again by the next start's resume.
 */
export class InProcessJobQueue implements JobQueue {
  /** Every step waiting, delayed or running, by kind and job id. */
  private readonly entries = new Map<string, Entry>();
  private readonly waiting = new Map<WorkKind, Entry[]>();
  private readonly lanes = new Map<WorkKind, Lane>();
  private readonly runs = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly retry: RetryPolicy = DEFAULT_RETRY) {}

  async enqueue(kind: WorkKind, jobId: string, options: { delayMs?: number; state?: WorkState } = {}): Promise<void> {
    if (this.closed) return;
    const key = `${kind} ${jobId}`;
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.phase === 'running') existing.again = true;
      return;
    }
    const entry: Entry = { kind, jobId, phase: 'waiting', again: false, failures: 0, ...(options.state ? { state: options.state } : {}) };
    this.entries.set(key, entry);
    this.schedule(entry, options.delayMs ?? 0);
  }

  async count(kind: WorkKind): Promise<number> {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.kind === kind) count += 1;
    return count;
  }

  process(kind: WorkKind, handler: WorkHandler, options: ProcessOptions): void {
    if (this.lanes.has(kind)) throw new Error(`${kind} work is already taken by a handler`);
    if (!(options.concurrency >= 1)) throw new Error('concurrency must be at least 1');
    this.lanes.set(kind, { handler, options, running: 0 });
    this.dispatch(kind);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    this.waiting.clear();
    await Promise.allSettled([...this.runs]);
    this.entries.clear();
  }

  private schedule(entry: Entry, delayMs: number): void {
    if (delayMs > 0) {
      entry.phase = 'delayed';
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        this.schedule(entry, 0);
      }, delayMs);
      return;
    }
    entry.phase = 'waiting';
    const line = this.waiting.get(entry.kind) ?? [];
    line.push(entry);
    this.waiting.set(entry.kind, line);
    this.dispatch(entry.kind);
  }

  private dispatch(kind: WorkKind): void {
    const lane = this.lanes.get(kind);
    const line = this.waiting.get(kind);
    while (!this.closed && lane && line?.length && lane.running < lane.options.concurrency) {
      const entry = line.shift()!;
      lane.running += 1;
      const run = this.run(lane, entry).finally(() => {
        this.runs.delete(run);
        lane.running -= 1;
        this.dispatch(kind);
      });
      this.runs.add(run);
    }
  }

  private async run(lane: Lane, entry: Entry): Promise<void> {
    entry.phase = 'running';
    entry.again = false;
    const key = `${entry.kind} ${entry.jobId}`;
    try {
      const outcome = await lane.handler({ jobId: entry.jobId, state: entry.state, failures: entry.failures });
      if (outcome && !this.closed) {
        entry.state = outcome.state;
        this.schedule(entry, outcome.againInMs);
        return;
      }
    } catch (error) {
      if (!(error instanceof WorkInterrupted) && !this.closed) {
        entry.failures += 1;
        if (entry.failures < this.retry.attempts) {
          this.schedule(entry, this.retry.backoffMs * 2 ** (entry.failures - 1));
          return;
        }
        lane.options.onGiveUp?.(entry.jobId, error);
      }
    }
    if (entry.again && !this.closed) {
      // Enqueued while it ran: once more, as a fresh step.
      Object.assign(entry, { failures: 0, state: undefined });
      this.schedule(entry, 0);
      return;
    }
    this.entries.delete(key);
  }
}
