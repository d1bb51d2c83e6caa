/**
 * Runs other programs (ImageMagick) for a benchmark from a small helper process, started before the
 * benchmark's own memory grows. Spawning a program from a process forks that process: every page it has
 * written becomes copy-on-write, so its next write to each page faults, which here costs ~4 ms per MB. Spawned
 * from the benchmark itself, each ImageMagick run would charge the next render of ours ~0.7 s for memory it
 * had already touched; a server never spawns anything between jobs.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const HELPER = `
const { execFile } = require('node:child_process');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, file, args } = JSON.parse(line);
  const started = performance.now();
  execFile(file, args, { maxBuffer: 1 << 26 }, (error) => {
    process.stdout.write(JSON.stringify({ id, ms: performance.now() - started, error: error ? String(error.message) : null }) + '\\n');
  });
});
`;

export interface Launcher {
  /** Runs `file` with `args` to its end; resolves with its wall time in ms, timed in the helper. */
  run(file: string, args: readonly string[]): Promise<number>;
  close(): void;
}

export function startLauncher(): Launcher {
  const helper = spawn(process.execPath, ['-e', HELPER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, { resolve: (ms: number) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  createInterface({ input: helper.stdout }).on('line', (line) => {
    const { id, ms, error } = JSON.parse(line) as { id: number; ms: number; error: string | null };
    const pending = waiting.get(id);
    waiting.delete(id);
    if (error) pending?.reject(new Error(error));
    else pending?.resolve(ms);
  });
  return {
    run(file, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        helper.stdin.write(`${JSON.stringify({ id, file, args })}\n`);
      });
    },
    close() {
      helper.stdin.end();
    },
  };
}
