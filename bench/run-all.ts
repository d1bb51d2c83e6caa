/**
 * Runs every benchmark, one after another, each in its own process (so one's workers, browser or server
 * cannot disturb the next), and prints their figures. `npx tsx bench/run-all.ts`; BENCH_ONLY=render,proxy
 * runs a subset. A benchmark that fails is reported and the others still run; the exit code says if any failed.
 */
import { spawnSync } from 'node:child_process';
import { withAllocatorTuning } from '../scripts/allocator-tuning.mjs';

const ALL = ['render', 'proxy', 'journey', 'editor', 'bundle'];
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const names = only?.length ? ALL.filter((n) => only.includes(n)) : ALL;
const failed: string[] = [];
for (const name of names) {
  console.log(`\n===== bench/${name}.ts =====`);
  const started = Date.now();
  // bench/render renders in its own process, so it runs as the server does (the others start a server).
  const env = name === 'render' ? withAllocatorTuning(process.env) : process.env;
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit', env });
  console.log(`(bench/${name}.ts took ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${result.status ?? result.signal})`);
  if (result.status !== 0) failed.push(name);
}
if (failed.length) {
  console.log(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
