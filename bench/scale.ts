/**
 * Scaled mode against the embedded mode: what the queue (BullMQ on Redis), PostgreSQL, S3 (Swift) and the
 * Redis change feed add to one small local job, from submit to the client seeing it completed through the long
 * poll (median; target: under 50 ms more than embedded), and the throughput of a batch of jobs with 1 and then
 * 2 worker processes. Everything is real and on this machine: the engines started on loopback ports of their own
 * (server/testing/scaled-cluster.ts), one api process, workers of the real server (server/main.ts).
 *
 *   npx tsx bench/scale.ts      (BENCH_RUNS=n latency samples per mode, default 30; BENCH_BATCH=n jobs per
 *                                 throughput batch, default 24)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startChildServer } from '../server/testing/child-server.ts';
import { freePort } from '../server/testing/free-port.ts';
import { startScaledCluster, startScaledEngines } from '../server/testing/scaled-cluster.ts';
import { makeAppDir } from '../server/testing/test-server.ts';
import { machine, ms, stats, table } from './lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BATCH = Number(process.env.BENCH_BATCH ?? 24);
const TARGET_MS = 50;

interface Job {
  id: string;
  status: string;
  updatedAt: string;
}

/** A small job: a 300x200 colour canvas with the 40x30 sample foreground (a few ms of rendering). */
const small = (base: string, x: number) => ({ color_code: '#20a060', canvas_size: '300x200', origin_img: `${base}/samples/foreground.png`, modify_origin_img_size: '40x30', overlay_origin_x: x, overlay_origin_y: 20 });
/** A throughput job: 1600x1600 with the sample background and foreground scaled up (~100 ms of rendering here). */
const medium = (base: string, x: number) => ({
  color_code: '#336699',
  canvas_size: '1600x1600',
  template_url: `${base}/samples/background.jpg`,
  modify_template_size: '1600x1600',
  overlay_template_x: 0,
  overlay_template_y: 0,
  origin_img: `${base}/samples/foreground.png`,
  modify_origin_img_size: '1200x900',
  overlay_origin_x: x,
  overlay_origin_y: 300,
});

async function submit(base: string, body: object): Promise<Job> {
  const response = await fetch(`${base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 202) throw new Error(`submit: ${response.status} ${await response.text()}`);
  return (await response.json()) as Job;
}

async function untilCompleted(base: string, job: Job): Promise<void> {
  while (job.status === 'queued' || job.status === 'processing') {
    const query = new URLSearchParams({ since: job.updatedAt, status: job.status, wait: '25' });
    job = (await (await fetch(`${base}/api/jobs/${job.id}/changes?${query}`)).json()) as Job;
  }
  if (job.status !== 'completed') throw new Error(`job ${job.id} ${job.status}`);
}

/** Submit to completed as the client sees it, in ms. */
async function latency(base: string, x: number): Promise<number> {
  const started = performance.now();
  await untilCompleted(base, await submit(base, small(base, x)));
  return performance.now() - started;
}

/** Jobs per minute of a batch submitted at once and followed to the end. */
async function throughput(base: string): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: BATCH }, async (_, i) => untilCompleted(base, await submit(base, medium(base, i * 10)))));
  return (BATCH / (performance.now() - started)) * 60_000;
}

console.log(`bench/scale: ${machine()}`);
const appDir = await makeAppDir();
const embeddedDir = mkdtempSync(join(tmpdir(), 'bench-scale-embedded-'));
const port = await freePort();
const engines = await startScaledEngines();
const embedded = await startChildServer({ PORT: String(port), DATA_DIR: embeddedDir, APP_DIR: appDir, RATE_LIMIT_JOBS: '100000' }, `http://127.0.0.1:${port}`);
// Rate limits off the way (the bench is one client); one render per core in each worker, as by default. A second
// deployment keeps its files in a shared DATA_DIR instead of S3, to tell the queue's share from S3's.
const env = { APP_DIR: appDir, RATE_LIMIT_JOBS: '100000' };
const cluster = await startScaledCluster({ engines, apis: 1, workers: 1, databaseName: 'bench_scale', redisDb: 0, env });
const filesCluster = await startScaledCluster({ engines, apis: 1, workers: 1, databaseName: 'bench_files', redisDb: 1, env, sharedFiles: true });
try {
  const scaled = cluster.apis[0]!.base;
  const modes = [
    { name: 'embedded (SQLite, files, in-process)', base: embedded.base, samples: [] as number[] },
    { name: 'api + worker: PostgreSQL, Redis, shared files', base: filesCluster.apis[0]!.base, samples: [] as number[] },
    { name: 'api + worker: PostgreSQL, Redis, S3 (Swift)', base: scaled, samples: [] as number[] },
  ];
  for (let i = 0; i < 5; i += 1) for (const mode of modes) await latency(mode.base, i); // warm-up
  // One job at a time, the modes in turn, so that each sees the same machine.
  for (let i = 0; i < RUNS; i += 1) for (const mode of modes) mode.samples.push(await latency(mode.base, 10 + i));
  const embeddedMedian = stats(modes[0]!.samples).median;
  console.log(`\nsubmit -> completed as the client sees it (long poll), small local job, ${RUNS} runs each:`);
  table([
    ['mode', 'median', 'min', 'max', 'added (median)'],
    ...modes.map((mode) => {
      const s = stats(mode.samples);
      return [mode.name, ms(s.median), ms(s.min), ms(s.max), ms(s.median - embeddedMedian)];
    }),
  ]);
  const added = stats(modes[2]!.samples).median - embeddedMedian;
  console.log(`target: under ${TARGET_MS} ms added at the median: ${added < TARGET_MS ? 'met' : 'NOT met'}`);
  // What one S3 PUT of a result-sized object costs on this Swift: a job stores its result once.
  const s3 = new S3Client({ endpoint: engines.swift.endpoint, region: engines.swift.region, forcePathStyle: true, credentials: { accessKeyId: engines.swift.accessKeyId, secretAccessKey: engines.swift.secretAccessKey } });
  const puts: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: engines.swift.bucket, Key: `bench/${i}`, Body: Buffer.alloc(1600, i) }));
    puts.push(performance.now() - started);
  }
  s3.destroy();
  const put = stats(puts);
  console.log(`one S3 PUT of 1.6 KB to this Swift: median ${ms(put.median)} (min ${ms(put.min)}, max ${ms(put.max)})`);

  const rows: Array<Array<string>> = [['setup', 'jobs/min', `batch of ${BATCH} 1600x1600 jobs`]];
  rows.push(['embedded (one process)', (await throughput(embedded.base)).toFixed(0), '']);
  rows.push(['scaled, 1 worker', (await throughput(scaled)).toFixed(0), '']);
  cluster.workers.push(await cluster.start('worker', 'worker-2'));
  rows.push(['scaled, 2 workers', (await throughput(scaled)).toFixed(0), '']);
  console.log(`\nthroughput (RENDER_CONCURRENCY = cores in each process):`);
  table(rows.map((row) => row.slice(0, 2)));
} finally {
  await cluster.stop();
  await filesCluster.stop();
  await embedded.kill('SIGTERM');
  await engines.stop();
  rmSync(embeddedDir, { recursive: true, force: true });
}
