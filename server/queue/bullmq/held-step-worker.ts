// A worker process for the crash test (bullmq-job-queue.test.ts): takes render steps from the queue at
// REDIS_URL under PREFIX, says "started <job id>" on stdout and holds the step until it is killed.
import { BullmqJobQueue } from './bullmq-job-queue.ts';

const queue = new BullmqJobQueue({
  redisUrl: process.env.REDIS_URL!,
  prefix: process.env.PREFIX!,
  lockDurationMs: Number(process.env.LOCK_DURATION_MS),
  stalledIntervalMs: Number(process.env.STALLED_INTERVAL_MS),
});
queue.process(
  'render',
  async ({ jobId }) => {
    process.stdout.write(`started ${jobId}\n`);
    await new Promise(() => {}); // until SIGKILL
  },
  { concurrency: 1 },
);
process.stdout.write('ready\n');
