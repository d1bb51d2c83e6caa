// glibc's allocator told to keep freed memory, for the processes that render (see docs/PERFORMANCE.md,
// "Memory"): blocks under 128 MB come from the heap instead of mmap, and freed memory is not handed back, so
// a job's decoded images, input buffers and PNG reuse pages instead of faulting in fresh ones (~4 ms per MB
// here). glibc reads GLIBC_TUNABLES when a process starts, so it has to be in the environment it is started
// with:
//   node scripts/allocator-tuning.mjs <command> [args...]   runs the command so (npm start, bench:render)
//   withAllocatorTuning(env)                                 the environment for a process started from code
// Settings the environment already has come after ours, so they win. Other C libraries ignore the variable.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RENDERING_TUNABLES = 'glibc.malloc.mmap_threshold=134217728:glibc.malloc.trim_threshold=1073741824';

export function withAllocatorTuning(env) {
  const current = env.GLIBC_TUNABLES;
  return { ...env, GLIBC_TUNABLES: current ? `${RENDERING_TUNABLES}:${current}` : RENDERING_TUNABLES };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: node scripts/allocator-tuning.mjs <command> [args...]');
    process.exit(2);
  }
  const child = spawn(command, args, { stdio: 'inherit', env: withAllocatorTuning(process.env), shell: process.platform === 'win32' });
  // Ctrl-C reaches the whole process group; a signal sent to this process alone is passed on.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`${command}: ${error.message}`);
    process.exit(127);
  });
  // End as the command ended: with its exit code, or by the same signal.
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    for (const s of signals) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  });
}
