import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { jobQueueContract } from '../contracts/job-queue.contract.ts';
import { describeWithRedis, startRedis, type TestRedis } from '../../testing/redis-server.ts';
import { Queue } from 'bullmq';
import { BullmqJobQueue } from './bullmq-job-queue.ts';

describeWithRedis('BullMQ job queue on a real Redis', () => {
  let redis: TestRedis;
  let namespaces = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  // Each test its own key prefix: a fresh, empty queue on the same Redis.
  jobQueueContract('BullMQ', async (retry) => new BullmqJobQueue({ redisUrl: redis.url, prefix: `test${(namespaces += 1)}`, retry }));
});

describeWithRedis('BullMQ job queue: crashes', () => {
  let redis: TestRedis;
  const queues: BullmqJobQueue[] = [];
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await Promise.all(queues.splice(0).map((queue) => queue.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** Short claims, so that a dead worker's step is taken over within seconds (30 s each in production). */
  const CRASH_SETTINGS = { lockDurationMs: 2_000, stalledIntervalMs: 500 };

  function open(prefix: string): BullmqJobQueue {
    const queue = new BullmqJobQueue({ redisUrl: redis.url, prefix, retry: { attempts: 3, backoffMs: 10 }, ...CRASH_SETTINGS });
    queues.push(queue);
    return queue;
  }

  /** Resolves with the first line of `child`'s stdout matching `pattern`; rejects if it exits first. */
  function line(child: ChildProcess, pattern: RegExp, output: { text: string }): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = output.text.split('\n').find((entry) => pattern.test(entry));
        if (found) {
          child.stdout!.off('data', check);
          resolve(found);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', () => reject(new Error(`the worker exited: ${output.text}`)));
      check();
    });
  }

  it('a worker killed mid-step (SIGKILL): another worker runs the step, never while the first still ran it', { timeout: 120_000 }, async () => {
    const producer = open('crash');
    await producer.enqueue('render', 'job-k');

    const output = { text: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/queue/bullmq/held-step-worker.ts'], {
      env: { ...process.env, REDIS_URL: redis.url, PREFIX: 'crash', LOCK_DURATION_MS: String(CRASH_SETTINGS.lockDurationMs), STALLED_INTERVAL_MS: String(CRASH_SETTINGS.stalledIntervalMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    await line(child, /^started job-k$/, output);

    // The second worker is up while the first holds the step: it must wait for the first to die.
    let firstDead = false;
    const runs: Array<{ jobId: string; firstDead: boolean }> = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    open('crash').process(
      'render',
      async ({ jobId }) => {
        runs.push({ jobId, firstDead });
        done();
      },
      { concurrency: 1 },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    firstDead = true;

    await finished;
    expect(runs).toEqual([{ jobId: 'job-k', firstDead: true }]);
  });

  it("Akool's lane has one limiter for all workers: over its limit, no worker starts a step until the window ends", { timeout: 120_000 }, async () => {
    const limits = { akool: { max: 2, durationMs: 60_000 } };
    const workers = [0, 1].map(() => {
      const queue = new BullmqJobQueue({ redisUrl: redis.url, prefix: 'limited', limits });
      queues.push(queue);
      return queue;
    });
    const ran: string[] = [];
    let twoRan!: () => void;
    const bothRan = new Promise<void>((resolve) => (twoRan = resolve));
    for (const queue of workers) {
      for (const kind of ['akool-submit', 'akool-poll'] as const) {
        queue.process(
          kind,
          async ({ jobId }) => {
            ran.push(`${kind} ${jobId}`);
            if (ran.length === 2) twoRan();
          },
          { concurrency: 4 },
        );
      }
    }
    await workers[0]!.enqueue('akool-submit', 'job-a');
    await workers[1]!.enqueue('akool-poll', 'job-b');
    await bothRan;
    await workers[0]!.enqueue('akool-poll', 'job-c');
    const lane = new Queue('akool', { connection: { url: redis.url }, prefix: 'limited' });
    try {
      // Submits and polls count together, whichever worker took them: the third waits for the window.
      expect(await lane.getRateLimitTtl(2)).toBeGreaterThan(0);
      expect(['waiting', 'delayed', 'prioritized']).toContain(await lane.getJobState('akool-poll.job-c'));
      expect(ran.sort()).toEqual(['akool-poll job-b', 'akool-submit job-a']);
    } finally {
      await lane.close();
    }
  });

  it('Redis restarted mid-run: steps enqueued after it still run; steps it held are lost with it (no persistence)', { timeout: 120_000 }, async () => {
    const queue = open('restart');
    const ran: string[] = [];
    const waiters = new Map<string, () => void>();
    const ranOnce = (jobId: string) => new Promise<void>((resolve) => waiters.set(jobId, resolve));
    queue.process(
      'render',
      async ({ jobId }) => {
        ran.push(jobId);
        waiters.get(jobId)?.();
      },
      { concurrency: 1 },
    );
    const before = ranOnce('job-before');
    await queue.enqueue('render', 'job-before');
    await before;
    await queue.enqueue('render', 'job-held', { delayMs: 600_000 });

    await redis.restart();

    const after = ranOnce('job-after');
    await queue.enqueue('render', 'job-after');
    await after;
    // Redis ran without persistence: the delayed step is gone, so the same id can be queued as new.
    const heldAgain = ranOnce('job-held');
    await queue.enqueue('render', 'job-held');
    await heldAgain;
    expect(ran).toEqual(['job-before', 'job-after', 'job-held']);
  });
});
