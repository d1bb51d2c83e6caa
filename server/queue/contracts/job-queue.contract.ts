import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobQueue, QueuedWork, RetryPolicy, WorkOutcome } from '../job-queue.ts';

/** A fresh, empty queue (its own namespace on a shared engine) with the given retry policy. */
export type OpenJobQueue = (retry: RetryPolicy) => Promise<JobQueue>;

const RETRY: RetryPolicy = { attempts: 3, backoffMs: 10 };
/** Generous: an engine on a busy machine may be slow; a test waits on events, never on time. */
const TIMEOUT = 60_000;

/** Records every run of a handler, and lets a test wait for the n-th run of a job id. */
class Runs {
  readonly log: QueuedWork[] = [];
  running = 0;
  mostAtOnce = 0;
  private readonly waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  count(jobId: string): number {
    return this.log.filter((work) => work.jobId === jobId).length;
  }

  order(): string[] {
    return this.log.map((work) => work.jobId);
  }

  /** A handler that records each run, holds it until `hold` (if given) resolves, then answers `outcome`. */
  handler(outcome: (work: QueuedWork) => WorkOutcome | Promise<WorkOutcome> = () => undefined, hold?: (work: QueuedWork) => Promise<void> | undefined) {
    return async (work: QueuedWork): Promise<WorkOutcome> => {
      this.running += 1;
      this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
      this.log.push(work);
      this.notify();
      try {
        await hold?.(work);
        return await outcome(work);
      } finally {
        this.running -= 1;
        this.notify();
      }
    };
  }

  /** Resolves once `test` holds (checked after every run starts and ends). */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

/** A promise and its resolve, to hold a handler mid-run. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** What every work queue must do; `open` makes a fresh, empty queue for each test. */
export function jobQueueContract(name: string, open: OpenJobQueue): void {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue;
    let runs: Runs;
    beforeEach(async () => {
      queue = await open(RETRY);
      runs = new Runs();
    });
    afterEach(async () => {
      await queue.close();
    });

    it('a step is run once, with its job id', { timeout: TIMEOUT }, async () => {
      queue.process('render', runs.handler(), { concurrency: 1 });
      await queue.enqueue('render', 'job-a');
      await queue.enqueue('render', 'job-marker');
      await runs.until(() => runs.count('job-marker') === 1 && runs.running === 0);
      expect(runs.order()).toEqual(['job-a', 'job-marker']);
      expect(runs.log[0]).toMatchObject({ jobId: 'job-a', failures: 0 });
    });

    it('enqueued twice while waiting, a step runs once; kinds are apart', { timeout: TIMEOUT }, async () => {
      await queue.enqueue('render', 'job-a');
      await queue.enqueue('render', 'job-a');
      await queue.enqueue('akool-submit', 'job-a');
      await queue.enqueue('render', 'job-marker');
      const submits = new Runs();
      queue.process('render', runs.handler(), { concurrency: 1 });
      queue.process('akool-submit', submits.handler(), { concurrency: 1 });
      await runs.until(() => runs.count('job-marker') === 1 && runs.running === 0);
      await submits.until(() => submits.count('job-a') === 1);
      expect(runs.order()).toEqual(['job-a', 'job-marker']);
    });

    it('enqueued while it runs, a step runs once more after it, never twice at once', { timeout: TIMEOUT }, async () => {
      const first = gate();
      queue.process('render', runs.handler(undefined, (work) => (runs.count(work.jobId) === 1 ? first.opened : undefined)), { concurrency: 4 });
      await queue.enqueue('render', 'job-a');
      await runs.until(() => runs.count('job-a') === 1);
      await queue.enqueue('render', 'job-a');
      await queue.enqueue('render', 'job-a');
      first.open();
      await runs.until(() => runs.count('job-a') === 2 && runs.running === 0);
      await queue.enqueue('render', 'job-marker');
      await runs.until(() => runs.count('job-marker') === 1 && runs.running === 0);
      expect(runs.count('job-a')).toBe(2);
      expect(runs.mostAtOnce).toBe(1);
    });

    it('runs at most `concurrency` steps of a kind at once', { timeout: TIMEOUT }, async () => {
      const held = gate();
      queue.process('render', runs.handler(undefined, () => held.opened), { concurrency: 2 });
      for (const id of ['job-a', 'job-b', 'job-c']) await queue.enqueue('render', id);
      await runs.until(() => runs.running === 2);
      expect(runs.log.length).toBe(2);
      held.open();
      await runs.until(() => runs.log.length === 3 && runs.running === 0);
      expect(runs.mostAtOnce).toBe(2);
    });

    it('a failing step is retried, and reported once its attempts are spent', { timeout: TIMEOUT }, async () => {
      const reported: Array<{ jobId: string; error: unknown }> = [];
      const gaveUp = gate();
      queue.process(
        'render',
        runs.handler((work) => {
          if (work.jobId === 'job-flaky' && work.failures >= 1) return;
          throw new Error(`broken ${work.jobId}`);
        }),
        {
          concurrency: 1,
          onGiveUp: (jobId, error) => {
            reported.push({ jobId, error });
            gaveUp.open();
          },
        },
      );
      await queue.enqueue('render', 'job-flaky');
      await queue.enqueue('render', 'job-broken');
      await gaveUp.opened;
      await runs.until(() => runs.count('job-flaky') === 2);
      expect(runs.log.filter((work) => work.jobId === 'job-broken').map((work) => work.failures)).toEqual([0, 1, 2]);
      expect(reported.map((report) => [report.jobId, (report.error as Error).message])).toEqual([['job-broken', 'broken job-broken']]);
    });

    it('a delayed step runs after its delay, after steps enqueued later without one', { timeout: TIMEOUT }, async () => {
      queue.process('akool-poll', runs.handler(), { concurrency: 1 });
      await queue.enqueue('akool-poll', 'job-warm-up');
      await runs.until(() => runs.count('job-warm-up') === 1 && runs.running === 0);
      await queue.enqueue('akool-poll', 'job-late', { delayMs: 1_500 });
      await queue.enqueue('akool-poll', 'job-late'); // already delayed: changes nothing
      await queue.enqueue('akool-poll', 'job-now');
      await runs.until(() => runs.count('job-late') === 1 && runs.running === 0);
      expect(runs.order()).toEqual(['job-warm-up', 'job-now', 'job-late']);
    });

    it('a step asking to run again runs again later with the state it handed on', { timeout: TIMEOUT }, async () => {
      queue.process(
        'akool-poll',
        runs.handler((work) => {
          const polls = Number(work.state?.polls ?? 0) + 1;
          return polls < 3 ? { againInMs: 50, state: { polls } } : undefined;
        }),
        { concurrency: 2 },
      );
      await queue.enqueue('akool-poll', 'job-a');
      await runs.until(() => runs.count('job-a') === 3 && runs.running === 0);
      // While a poll waits to run again, it is pending: a second enqueue adds nothing.
      await queue.enqueue('akool-poll', 'job-marker');
      await runs.until(() => runs.count('job-marker') === 1 && runs.running === 0);
      expect(runs.log.filter((work) => work.jobId === 'job-a').map((work) => work.state?.polls ?? 0)).toEqual([0, 1, 2]);
      expect(runs.mostAtOnce).toBe(1);
    });

    it('close waits for the steps running here and takes no more work', { timeout: TIMEOUT }, async () => {
      const held = gate();
      queue.process('render', runs.handler(undefined, (work) => (work.jobId === 'job-a' ? held.opened : undefined)), { concurrency: 1 });
      await queue.enqueue('render', 'job-a');
      await runs.until(() => runs.count('job-a') === 1);
      await queue.enqueue('render', 'job-b');
      let closed = false;
      const closing = queue.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(closed, 'close waits for the running step').toBe(false);
      held.open();
      await closing;
      // job-b was waiting behind job-a: a closed queue does not start it (a shared queue keeps it for others).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(runs.order()).toEqual(['job-a']);
    });

    it('the first run gets the state the step was enqueued with; a step already pending keeps its own', { timeout: TIMEOUT }, async () => {
      await queue.enqueue('remove-background', 'job-a', { state: { photo: 'a.png', margin: 4 } });
      await queue.enqueue('remove-background', 'job-a', { state: { photo: 'other.png' } });
      await queue.enqueue('remove-background', 'job-marker');
      queue.process('remove-background', runs.handler(), { concurrency: 1 });
      await runs.until(() => runs.count('job-marker') === 1 && runs.running === 0);
      expect(runs.log.map((work) => [work.jobId, work.state ?? null])).toEqual([
        ['job-a', { photo: 'a.png', margin: 4 }],
        ['job-marker', null],
      ]);
    });

    it('counts the steps of a kind waiting, delayed or running, and not those done or of other kinds', { timeout: TIMEOUT }, async () => {
      const held = gate();
      expect(await queue.count('remove-background')).toBe(0);
      queue.process('remove-background', runs.handler(undefined, (work) => (work.jobId === 'job-a' ? held.opened : undefined)), { concurrency: 1 });
      await queue.enqueue('remove-background', 'job-a');
      await runs.until(() => runs.count('job-a') === 1);
      await queue.enqueue('remove-background', 'job-b');
      await queue.enqueue('remove-background', 'job-c', { delayMs: 60_000 });
      await queue.enqueue('render', 'job-d');
      // job-a running, job-b waiting behind it, job-c delayed; the render is another kind.
      expect(await queue.count('remove-background')).toBe(3);
      expect(await queue.count('render')).toBe(1);
      held.open();
      await runs.until(() => runs.count('job-b') === 1 && runs.running === 0);
      await expect.poll(() => queue.count('remove-background')).toBe(1);
    });
  });
}
