/**
 * Runs the other renderers of a benchmark (ImageMagick, naive sharp) in helper processes started before the
 * benchmark's own memory grows, so that each way is measured in a process of its own, as a server would run it:
 * - spawning a program from a process forks it: every page it has written becomes copy-on-write, so its next
 *   write to each page faults, which here costs ~4 ms per MB; spawned from the benchmark itself, each
 *   ImageMagick run would charge the next render of ours ~0.7 s for memory it had already touched;
 * - a renderer run in the same process leaves hundreds of MB of garbage and freed memory behind, which the next
 *   render of another pays for (collection, fresh pages).
 * A helper speaks JSON lines: `{ id, ...request }` in, `{ id, ms, error }` out, `ms` timed in the helper.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Helper {
  /** Sends a request; resolves with the time the helper took for it, in ms. */
  request(message: Record<string, unknown>): Promise<number>;
  close(): void;
}

/** A Node.js process started with `nodeArgs` that answers requests as above. */
export function startHelper(nodeArgs: readonly string[]): Helper {
  const helper = spawn(process.execPath, [...nodeArgs], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, { resolve: (ms: number) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  createInterface({ input: helper.stdout }).on('line', (line) => {
    let answer: { id: number; ms: number; error: string | null };
    try {
      answer = JSON.parse(line) as typeof answer;
    } catch {
      return; // not an answer: something the helper printed
    }
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.error) pending?.reject(new Error(answer.error));
    else pending?.resolve(answer.ms);
  });
  // A helper that dies fails what it was asked, instead of leaving the benchmark waiting for ever.
  const fail = (reason: string) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the helper ${reason}`));
    waiting.clear();
  };
  helper.on('exit', (code, signal) => fail(`exited (${signal ?? code})`));
  helper.on('error', (error) => fail(`failed: ${error.message}`));
  return {
    request(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        helper.stdin.write(`${JSON.stringify({ ...message, id })}\n`);
      });
    },
    close() {
      helper.stdin.end();
    },
  };
}

const PROGRAM_RUNNER = `
const { execFile } = require('node:child_process');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, file, args } = JSON.parse(line);
  const started = performance.now();
  execFile(file, args, { maxBuffer: 1 << 26 }, (error) => {
    process.stdout.write(JSON.stringify({ id, ms: performance.now() - started, error: error ? String(error.message) : null }) + '\\n');
  });
});
`;

export interface ProgramRunner {
  /** Runs `file` with `args` to its end; resolves with its wall time (spawn to exit) in ms. */
  run(file: string, args: readonly string[]): Promise<number>;
  close(): void;
}

export function startProgramRunner(): ProgramRunner {
  const helper = startHelper(['-e', PROGRAM_RUNNER]);
  return { run: (file, args) => helper.request({ file, args }), close: () => helper.close() };
}
