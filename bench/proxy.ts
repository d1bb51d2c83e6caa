/**
 * API benchmark: autocannon on GET /api/jobs/:id with 10,000 jobs stored, 50 connections, against the real
 * server (server/main.ts as `npm start` runs it, a child process on 127.0.0.1, LOG_LEVEL=info as by default,
 * or as set, with its output discarded) on a temporary DATA_DIR. Each request asks for a different stored job (round robin over
 * all 10,000), so SQLite and the JSON view do real work. Target: p99 < 10 ms.
 *
 *   npx tsx bench/proxy.ts            (BENCH_SECONDS=n, default 10; BENCH_JOBS=n, default 10000)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withAllocatorTuning } from '../scripts/allocator-tuning.mjs';
import { openDatabase, transaction } from '../server/storage/sqlite/database.ts';
import { newJobId } from '../server/storage/ids.ts';
import type { JobRecord } from '../server/domain/job.ts';
import { SqliteJobRepository } from '../server/storage/sqlite/sqlite-job-repository.ts';
import { EXAMPLE3, machine, table } from './lib.ts';

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; p99_9?: number; max: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const TARGET_P99_MS = 10;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const dataDir = await mkdtemp(join(tmpdir(), 'bench-proxy-'));
console.log(`bench/proxy: GET /api/jobs/:id, ${JOBS} jobs stored, ${CONNECTIONS} connections, ${SECONDS} s, server LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info'}; ${machine()}`);

// Store the jobs the way the server does (SqliteJobRepository on DATA_DIR/jobs.sqlite), in one
// transaction: its insert runs its statement before it returns its promise.
const db = openDatabase(dataDir);
const store = new SqliteJobRepository(db);
const ids: string[] = [];
const t0 = Date.now() - JOBS * 1000;
transaction(db, () => {
  for (let i = 0; i < JOBS; i += 1) {
    const id = newJobId(t0 + i * 1000);
    ids.push(id);
    const completed = i % 4 !== 0;
    const job: JobRecord = {
      id,
      status: completed ? 'completed' : 'failed',
      provider: 'local',
      request: EXAMPLE3,
      sources: { foreground: { kind: 'upload', id: `u${i}` }, template: { kind: 'sample', name: 'background.jpg' } },
      createdAt: t0 + i * 1000,
      updatedAt: t0 + i * 1000 + 800,
      error: completed ? null : { message: 'origin_img could not be fetched: refused' },
      result: completed ? { width: 3840, height: 3840, bytes: 19_000_000 } : null,
      remoteId: null,
    };
    void store.insert(job);
  }
});
db.close();

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: { ...withAllocatorTuning(process.env), HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, PROVIDER: 'local', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', BACKGROUND_REMOVAL_PRELOAD: 'false' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
try {
  let up = false;
  for (let i = 0; i < 300 && !up; i += 1) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) throw new Error(`server did not start: ${stderr}`);
  const probe = await fetch(`${base}/api/jobs/${ids[1]}`);
  if (probe.status !== 200) throw new Error(`GET /api/jobs/:id answered ${probe.status}`);

  let next = 0;
  const request = (req: Record<string, unknown>) => ({ ...req, method: 'GET', path: `/api/jobs/${ids[next++ % ids.length]}` });
  // A short warm-up so the JIT and SQLite's page cache are in the state of a server that has been running.
  await autocannon({ url: base, connections: CONNECTIONS, duration: 2, requests: [{ setupRequest: request }] });
  const r = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests: [{ setupRequest: request }] });
  console.log();
  table([
    ['metric', 'value'],
    ['requests/s (mean)', r.requests.average.toFixed(0)],
    ['requests total', String(r.requests.total)],
    ['latency p50', `${r.latency.p50} ms`],
    ['latency p90', `${r.latency.p90} ms`],
    ['latency p99', `${r.latency.p99} ms`],
    ['latency max', `${r.latency.max} ms`],
    ['non-2xx / errors / timeouts', `${r.non2xx} / ${r.errors} / ${r.timeouts}`],
  ]);
  console.log(`\nTarget: p99 < ${TARGET_P99_MS} ms -> ${r.latency.p99} ms ${r.latency.p99 < TARGET_P99_MS ? 'MET' : 'MISSED'}`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await rm(dataDir, { recursive: true, force: true });
}
