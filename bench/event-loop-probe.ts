/**
 * The event loop of another, idle Node process, watched while something else runs: on these VMs heavy memory
 * traffic in one process delays every process (bench/cutout's removals stalled an idle process ~20-35 ms read
 * with a 5-ms timer, 16-22 ms with a 1-ms one, where CPU-only load at niceness 10 leaves it at ~10 ms), so a
 * stall figure means something only beside this one.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The watching timer's period, here and in bench/cutout: a stall is read as the longest gap between its ticks,
 * which holds up to one period in which the loop was free; a 5-ms timer read 1-3 ms more than this one.
 */
export const STALL_TIMER_MS = 1;

export interface EventLoopFigures {
  maxMs: number;
  p99Ms: number;
}

// Runs in the child: the timer's gaps until its stdin closes, then one line of JSON.
const PROBE = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: Number(process.argv[1]) });
h.enable();
process.stdin.resume();
process.stdin.on('end', () => {
  h.disable();
  process.stdout.write(JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 }));
  process.exit(0);
});
`;

export interface EventLoopProbe {
  /** Stops watching and reports what the other process's event loop met since it started. */
  stop(): Promise<EventLoopFigures>;
}

export async function startEventLoopProbe(): Promise<EventLoopProbe> {
  const child: ChildProcess = spawn(process.execPath, ['-e', PROBE, String(STALL_TIMER_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Started when Node has run the script: its first timer tick has passed.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    async stop() {
      child.stdin!.end();
      await exited;
      return JSON.parse(output) as EventLoopFigures;
    },
  };
}
