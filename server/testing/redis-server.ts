// A throwaway Redis for tests that need the real engine (queues, pub/sub, shared limits): started on a free
// loopback port in a temp dir of its own, stopped (and the dir removed) by `stop()`. Tests may also stop and
// start it again mid-run (`restart()`), as a Redis restarted under a running server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithEngine } from './describe-with-engine.ts';
import { freePort } from './free-port.ts';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  port: number;
  /**
   * Stops Redis the hard way (SIGKILL: no save, like a crash) and starts it again on the same port, empty;
   * `whileDown` runs in between, against a Redis that is not there.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Why the engine cannot run here, or null when it can. Tests skip on a reason unless CI is set (CI must have it). */
export function redisMissing(): string | null {
  if (!existsSync(REDIS_SERVER)) return `${REDIS_SERVER} is not installed (apt-get install redis-server)`;
  return null;
}

/** A describe block that needs Redis: skipped saying why where it is missing, failed so under CI. */
export function describeWithRedis(name: string, body: () => void): void {
  describeWithEngine('Redis', redisMissing(), name, body);
}

/** Resolves once Redis answers PING with PONG; rejects with its log once it exits or `ms` pass. */
async function untilReady(port: number, child: ChildProcess, log: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited at start:\n${log()}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1_000, () => socket.destroy());
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        resolve(data.toString().startsWith('+PONG'));
        socket.destroy();
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within ${ms} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startRedis(): Promise<TestRedis> {
  const missing = redisMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'test-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  let log = '';
  const launch = async (): Promise<void> => {
    log = '';
    // No persistence: a restart is a crash that loses everything not yet acknowledged, the hardest case.
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4_000)));
    child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4_000)));
    await untilReady(port, child, () => log);
  };
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  // A test run that dies must not leave Redis behind.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async (whileDown) => {
      await kill();
      try {
        await whileDown?.();
      } finally {
        await launch();
      }
    },
    stop: async () => {
      process.off('exit', killOnExit);
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The redis-server version, for reports (e.g. "7.0.15"). */
export function redisVersion(): string | null {
  const out = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  return /v=(\S+)/.exec(out.stdout ?? '')?.[1] ?? null;
}
