// A scaled deployment for tests and benchmarks: PostgreSQL, Redis and Swift (S3) on loopback ports of their own,
// and api and worker processes of the real server (`server/main.ts`, as `npm start` runs it) sharing them, each with
// a DATA_DIR of its own. A test may kill and start processes; `stop()` ends the processes, then the engines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { postgresMissing, startPostgresServer, type PostgresServer } from './postgres-server.ts';
import { redisMissing, startRedis, type TestRedis } from './redis-server.ts';
import { startSwiftServer, swiftMissing, type SwiftServer } from './swift-server.ts';

/** Why the engines cannot run here (every missing one named), or null. */
export function scaledEnginesMissing(): string | null {
  const missing = [postgresMissing(), redisMissing(), swiftMissing()].filter(Boolean);
  return missing.length ? missing.join('; ') : null;
}

export interface ScaledEngines {
  postgres: PostgresServer;
  redis: TestRedis;
  swift: SwiftServer;
  stop(): Promise<void>;
}

/** Starts the three engines at once; when one fails, stops those that started. */
export async function startScaledEngines(): Promise<ScaledEngines> {
  const started = await Promise.allSettled([startPostgresServer(), startRedis(), startSwiftServer()]);
  const stopAll = async () => {
    await Promise.all(started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : undefined)));
  };
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [postgres, redis, swift] = started.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as [PostgresServer, TestRedis, SwiftServer];
  return { postgres, redis, swift, stop: stopAll };
}

export type ProcessRole = 'api' | 'worker';

export interface ClusterProcess {
  name: string;
  role: ProcessRole;
  /** http://127.0.0.1:<port> of an api process; '' for a worker. */
  base: string;
  child: ChildProcess;
  /** Everything it wrote so far. */
  output(): string;
  running(): boolean;
  /** Kills it (SIGKILL unless told) and waits for its exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ScaledCluster {
  /** The environment every process of this deployment shares (DATABASE_URL, REDIS_URL, S3_*, and the caller's). */
  env: Record<string, string>;
  apis: ClusterProcess[];
  workers: ClusterProcess[];
  /** Starts one more process of the deployment (a restarted replica, another worker), waiting until it is up. */
  start(role: ProcessRole, name?: string, port?: number): Promise<ClusterProcess>;
  /** Every process's name and last lines, for a failing assertion's message. */
  logs(lines?: number): string;
  /** Stops the processes (SIGTERM, then SIGKILL after 10 s) and removes their DATA_DIRs; the engines stay. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  engines: ScaledEngines;
  apis: number;
  workers: number;
  /** On top of the engines' variables, for every process (PROVIDER, APP_DIR, Akool's settings...). */
  env?: Record<string, string>;
  /** The Redis database number (0-15): two deployments on one Redis keep their queues apart. */
  redisDb?: number;
  /** A fresh PostgreSQL database is made for the deployment; this names it (default: a numbered one). */
  databaseName?: string;
  /** How soon a killed worker's step goes to another (QUEUE_CLAIM_MS); short in tests. */
  claimMs?: number;
  /** Ports for the api processes, in order (e.g. to name one in PUBLIC_BASE_URL before it starts); free ones otherwise. */
  apiPorts?: number[];
  /**
   * Files in one DATA_DIR shared by every process instead of S3 (what CONFIGURATION.md allows on one machine, with
   * a warning): to tell apart what S3 and what the queue and PostgreSQL cost.
   */
  sharedFiles?: boolean;
  /** How long to wait for a process to come up (tsx start on a loaded machine). */
  startTimeoutMs?: number;
}

/** The engines' variables for a deployment: what an operator sets on every process. */
export function engineEnv(engines: ScaledEngines, databaseUrl: string, redisDb = 0): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: `${engines.redis.url}/${redisDb}`,
    S3_BUCKET: engines.swift.bucket,
    S3_ENDPOINT: engines.swift.endpoint,
    S3_REGION: engines.swift.region,
    S3_ACCESS_KEY_ID: engines.swift.accessKeyId,
    S3_SECRET_ACCESS_KEY: engines.swift.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
}

const WORKER_UP = 'worker: not listening for HTTP';

/** Starts a deployment of `apis` api and `workers` worker processes on the engines; all of them are up on return. */
export async function startScaledCluster(options: ClusterOptions): Promise<ScaledCluster> {
  // Each process (and engine) holds an exit listener that kills it if the run dies: more than Node's default 10.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 64));
  const databaseUrl = await options.engines.postgres.createDatabase(options.databaseName);
  const engineVars = engineEnv(options.engines, databaseUrl, options.redisDb);
  const shared = options.sharedFiles ? mkdtempSync(join(tmpdir(), 'scaled-shared-')) : null;
  if (shared) for (const name of Object.keys(engineVars)) if (name.startsWith('S3_')) delete engineVars[name];
  const env: Record<string, string> = {
    ...engineVars,
    QUEUE_CLAIM_MS: String(options.claimMs ?? 3_000),
    BACKGROUND_REMOVAL_PRELOAD: 'false',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const processes: ClusterProcess[] = [];
  const dataDirs: string[] = shared ? [shared] : [];
  let counter = 0;
  const cluster: ScaledCluster = {
    env,
    apis: [],
    workers: [],
    start: async (role, name, port?: number) => {
      counter += 1;
      const dataDir = shared ?? mkdtempSync(join(tmpdir(), `scaled-${role}-`));
      if (!shared) dataDirs.push(dataDir);
      port = role === 'api' ? (port ?? (await freePort())) : 0;
      const started = spawnProcess({ name: name ?? `${role}-${counter}`, role, env: { ...env, ROLE: role, DATA_DIR: dataDir, ...(port ? { PORT: String(port) } : {}) }, port });
      processes.push(started.process);
      await started.up(options.startTimeoutMs ?? 120_000);
      return started.process;
    },
    logs: (lines = 20) => processes.map((p) => `--- ${p.name} (${p.running() ? 'running' : 'exited'}):\n${p.output().trimEnd().split('\n').slice(-lines).join('\n')}`).join('\n'),
    stop: async () => {
      await Promise.all(processes.map(async (p) => {
        if (!p.running()) return;
        const exited = new Promise((resolve) => p.child.once('exit', resolve));
        p.child.kill('SIGTERM');
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }));
      for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const starting: Array<Promise<ClusterProcess>> = [];
    for (let i = 0; i < options.apis; i += 1) starting.push(cluster.start('api', `api-${String.fromCharCode(65 + i)}`, options.apiPorts?.[i]));
    for (let i = 0; i < options.workers; i += 1) starting.push(cluster.start('worker', `worker-${i + 1}`));
    const all = await Promise.all(starting);
    cluster.apis.push(...all.filter((p) => p.role === 'api'));
    cluster.workers.push(...all.filter((p) => p.role === 'worker'));
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

function spawnProcess(options: { name: string; role: ProcessRole; env: Record<string, string>; port: number }): { process: ClusterProcess; up(timeoutMs: number): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // A run that dies (or a test timing out before it holds the handle) must not leave servers behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const base = options.port ? `http://127.0.0.1:${options.port}` : '';
  const handle: ClusterProcess = {
    name: options.name,
    role: options.role,
    base,
    child,
    output: () => output,
    running,
    kill: async (signal = 'SIGKILL') => {
      if (!running()) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
  const up = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!running()) throw new Error(`${options.name} exited at start:\n${output}`);
      if (options.role === 'worker' ? output.includes(WORKER_UP) : await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${options.name} did not come up within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { process: handle, up };
}
