// The JavaScript a first visit downloads before the editor can start: the scripts and modulepreloads that
// index.html names, gzipped as a server would send them. Target: <= 200 KB gzip.
// Run: npx tsx bench/bundle.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const TARGET_GZIP_BYTES = 200 * 1024;
const outDir = mkdtempSync(join(tmpdir(), 'bundle-bench-'));
execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--logLevel', 'error'], { stdio: 'inherit' });

const html = readFileSync(join(outDir, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
const gzipOf = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

let total = 0;
console.log('initial JavaScript (named by index.html):');
for (const file of initial) {
  const gzip = gzipOf(file);
  total += gzip;
  console.log(`  ${file}  ${kb(statSync(join(outDir, file)).size)} raw, ${kb(gzip)} gzip`);
}
const lazy = readdirSync(join(outDir, 'assets')).filter((name) => name.endsWith('.js') && !initial.includes(`assets/${name}`));
console.log(`loaded on demand: ${lazy.map((name) => `${name} (${kb(gzipOf(`assets/${name}`))} gzip)`).join(', ') || 'none'}`);
console.log(`initial JavaScript gzip: ${kb(total)} (target <= ${kb(TARGET_GZIP_BYTES)}): ${total <= TARGET_GZIP_BYTES ? 'OK' : 'OVER'}`);
