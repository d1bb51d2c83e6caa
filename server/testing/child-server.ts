// A real server process (`server/main.ts` through tsx, as `npm start` runs it) for tests that kill it, read its
// output, or check where it listens.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  process: ChildProcess;
  base: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the server with `env` on top of this process's environment and waits for /api/health, for as long
 * as it runs: starting tsx takes seconds on a loaded machine, and the calling test's timeout bounds the wait. */
export async function startChildServer(env: Record<string, string>, base: string, options: { clearEnv?: string[] } = {}): Promise<ChildServer> {
  // No test of a child server removes a background: it must not load the ~2 GB model in the background.
  const merged: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'info', BACKGROUND_REMOVAL_PRELOAD: 'false', ...env };
  for (const name of options.clearEnv ?? []) if (!(name in env)) delete merged[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test that times out while waiting never gets the handle: the server must not outlive the test run.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const handle: ChildServer = {
    process: child,
    base,
    output: () => output,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited: ${output}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return handle;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the server with `env` until it exits on its own (a configuration error), returning its output. */
export function runChildUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, BACKGROUND_REMOVAL_PRELOAD: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
