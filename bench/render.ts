/**
 * Render benchmark: example 3 of the API page (canvas 3840x3840, colour, a 3000x3000 photo-like JPEG template
 * resized to 3828x3828 at (2049,-6), a 2400x3000 RGBA PNG foreground resized to 3062x3828 at (-72,-84)),
 * whole process (read the source files, decode, resize, compose, encode PNG, write the file), three ways in
 * the same run, interleaved: ours (cold: no cache), ImageMagick 6 (/usr/bin/convert, Catrom), and sharp used
 * naively (naive-sharp.ts: the renderer as it was before), each in a process of its own. Then ours
 * with the cache warm (a repeated job), the fidelity of each against ImageMagick, and a table of PNG
 * settings (size against time) on the same composition.
 *
 *   npx tsx bench/render.ts            (BENCH_RUNS=n to change the number of runs, default 7)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { psnrRgba } from '../server/render/photo-fixtures.ts';
import { closeRenderWorkers, PNG_SETTINGS, renderCache, renderComposition, type PngSettings } from '../server/render/render-composition.ts';
import { EXAMPLE3, example3Sources, machine, ms, stats, table } from './lib.ts';
import { startHelper, startProgramRunner } from './process-launcher.ts';
import { RENDERING_TUNABLES } from '../scripts/allocator-tuning.mjs';

// First, while this process is small: ImageMagick and naive sharp run in helper processes of their own (see
// process-launcher.ts for why); ours runs in this one.
const programs = startProgramRunner();
const naive = startHelper(['--import', 'tsx', fileURLToPath(new URL('./naive-sharp.ts', import.meta.url))]);
const CONVERT = '/usr/bin/convert';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_MEDIAN_MS = 500;
const TARGET_RATIO = 7;

const src = await example3Sources();
const out = await mkdtemp(join(tmpdir(), 'bench-render-'));
const request = EXAMPLE3;

async function ours(file: string, useCache: boolean): Promise<void> {
  const [foreground, template] = await Promise.all([readFile(src.foreground), readFile(src.template)]);
  const { png } = await renderComposition(request, { foreground, template }, useCache ? {} : { cache: null });
  await writeFile(file, png);
}

/**
 * ImageMagick with its default PNG settings (zlib 7, adaptive filter), or with the nearest to ours (`-quality 13`:
 * zlib 1, Average).
 * Resolves with its wall time (spawn to exit) in ms.
 */
async function imagemagick(file: string, ourPngSettings = false): Promise<number> {
  return programs.run(CONVERT, [
    ...(ourPngSettings ? ['-quality', '13'] : []),
    '-size', request.canvas_size, `xc:${request.color_code}`,
    '(', src.template, '-filter', 'Catrom', '-resize', `${request.modify_template_size}!`, ')',
    '-geometry', '+2049-6', '-composite',
    '(', src.foreground, '-filter', 'Catrom', '-resize', `${request.modify_origin_img_size}!`, ')',
    '-geometry', '-72-84', '-composite',
    `PNG32:${file}`, // 8-bit RGBA like ours (a 16-bit canvas would otherwise write 16-bit PNG, twice the bytes)
  ]);
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

console.log(`bench/render: example 3, whole process to PNG; ${machine()}`);
console.log(
  process.env.GLIBC_TUNABLES?.includes(RENDERING_TUNABLES)
    ? 'allocator: tuned as npm start runs the server (scripts/allocator-tuning.mjs)'
    : 'allocator: glibc defaults (npm run bench:render runs it tuned, as npm start runs the server)',
);
if (!existsSync(CONVERT)) console.log(`(${CONVERT} is missing: ImageMagick columns are skipped; apt-get install imagemagick)`);

// Warm-up: starts the workers and lets the JIT see the hot loops once (a server has done this long before).
await ours(join(out, 'warm.png'), false);

const t: Record<'ours' | 'im' | 'im12' | 'naive' | 'cached', number[]> = { ours: [], im: [], im12: [], naive: [], cached: [] };
for (let i = 0; i < RUNS; i += 1) {
  t.ours.push(await timed(() => ours(join(out, 'ours.png'), false)));
  if (existsSync(CONVERT)) {
    t.im.push(await imagemagick(join(out, 'im.png')));
    t.im12.push(await imagemagick(join(out, 'im12.png'), true));
  }
  t.naive.push(await naive.request({ file: join(out, 'naive.png') }));
}
renderCache.clear();
await ours(join(out, 'cached.png'), true); // fills the cache
for (let i = 0; i < RUNS; i += 1) t.cached.push(await timed(() => ours(join(out, 'cached.png'), true)));

const s = { ours: stats(t.ours), im: t.im.length ? stats(t.im) : null, im12: t.im12.length ? stats(t.im12) : null, naive: stats(t.naive), cached: stats(t.cached) };
const rows: Array<Array<string>> = [['way', 'median', 'min', 'max', 'runs', 'median vs ours']];
const row = (name: string, st: ReturnType<typeof stats>) =>
  rows.push([name, ms(st.median), ms(st.min), ms(st.max), String(st.n), `${(st.median / s.ours.median).toFixed(2)}x`]);
row('ours (cold, no cache)', s.ours);
row('ours (repeated job, cache warm)', s.cached);
if (s.im) row('ImageMagick 6 -filter Catrom (its PNG defaults)', s.im);
if (s.im12) row('ImageMagick 6 -filter Catrom, -quality 13 (zlib 1, Average)', s.im12);
row('sharp naive (resize+extract+composite, PNG 6)', s.naive);
console.log();
table(rows);
console.log(`ours, each run in order: ${t.ours.map((v) => v.toFixed(0)).join(', ')} ms`);
if (process.env.BENCH_ONLY_TIMES) process.exit(0);

// Fidelity of each against ImageMagick.
if (s.im) {
  const raw = (f: string) => sharp(join(out, f)).ensureAlpha().raw().toBuffer();
  const [im, o, n] = await Promise.all([raw('im.png'), raw('ours.png'), raw('naive.png')]);
  console.log(`\nPSNR against ImageMagick (RGBA, premultiplied): ours ${psnrRgba(im, o).toFixed(2)} dB, naive sharp ${psnrRgba(im, n).toFixed(2)} dB`);
}
const size = async (f: string) => ((await readFile(join(out, f))).length / 1e6).toFixed(1);
console.log(`PNG sizes: ours ${await size('ours.png')} MB, ImageMagick ${s.im ? await size('im.png') : '-'} MB (with -quality 13: ${s.im ? await size('im12.png') : '-'} MB), naive ${await size('naive.png')} MB`);

console.log(`\nTarget: median <= ${TARGET_MEDIAN_MS} ms -> ${ms(s.ours.median)} ${s.ours.median <= TARGET_MEDIAN_MS ? 'MET' : `MISSED by ${ms(s.ours.median - TARGET_MEDIAN_MS)}`}`);
if (s.im) {
  const ratio = s.im.median / s.ours.median;
  console.log(`Target: >= ${TARGET_RATIO}x faster than ImageMagick -> ${ratio.toFixed(2)}x ${ratio >= TARGET_RATIO ? 'MET' : 'MISSED'}`);
  const ratio12 = s.im12!.median / s.ours.median;
  console.log(`  (against ImageMagick with our PNG settings: ${ratio12.toFixed(2)}x ${ratio12 >= TARGET_RATIO ? 'MET' : 'MISSED'})`);
}
console.log(`Naive sharp / ours: ${(s.naive.median / s.ours.median).toFixed(2)}x`);

// PNG settings: the same composition with the sources cached, so the time is what the strips do.
console.log('\nPNG settings on the example-3 canvas (sources and the template layer cached: time = foreground resampled in the strips + compose + filter + deflate + assemble; median of 3)');
const settings: PngSettings[] = [];
for (const filter of ['none', 'sub', 'up', 'average', 'paeth', 'adaptive'] as const) {
  settings.push(filter === PNG_SETTINGS.scanline.filter ? PNG_SETTINGS.scanline : { ...PNG_SETTINGS.scanline, filter });
}
for (const level of [1, 3, 6]) {
  for (const filter of ['none', 'sub', 'up', 'average', 'paeth', 'adaptive'] as const) settings.push({ encoder: 'zlib', level, filter, strategy: 0 });
}
settings.push({ encoder: 'zlib', level: 1, filter: 'up', strategy: 2 }, { encoder: 'zlib', level: 1, filter: 'up', strategy: 3 });
settings.push({ encoder: 'zlib', level: 1, filter: 'average', strategy: 2 }, PNG_SETTINGS.zlib);
const strategyName = ['default', 'filtered', 'huffman-only', 'rle'];
const pngRows: string[][] = [['encoder', 'zlib level', 'filter', 'strategy', 'time', 'size']];
const [foreground, template] = await Promise.all([readFile(src.foreground), readFile(src.template)]);
const medians = new Map<PngSettings, { ms: number; bytes: number }>();
for (const png of settings) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 3; i += 1) {
    const t0 = performance.now();
    bytes = (await renderComposition(request, { foreground, template }, { png })).png.length;
    times.push(performance.now() - t0);
  }
  medians.set(png, { ms: stats(times).median, bytes });
  const label = png === PNG_SETTINGS.zlib ? 'strips on workers (node zlib): PNG_ENCODER=zlib' : png === PNG_SETTINGS.scanline ? 'strips on workers (scanline encoder): the default' : png.encoder === 'zlib' ? 'strips on workers (node zlib)' : 'strips on workers (scanline encoder)';
  pngRows.push([label, png.encoder === 'scanline' ? '-' : String(png.level), png.filter, png.encoder === 'scanline' ? 'runs' : (strategyName[png.strategy] ?? String(png.strategy)), ms(stats(times).median), `${(bytes / 1e6).toFixed(1)} MB`]);
}
// libvips/libpng for comparison: it encodes the composed canvas on one thread (decoded here from our PNG, so
// its time is the encoding alone; ours above includes composing).
const canvasPixels = await sharp((await renderComposition(request, { foreground, template })).png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
for (const level of [1, 6, 9]) {
  for (const adaptiveFiltering of [false, true]) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i += 1) {
      const t0 = performance.now();
      bytes = (await sharp(canvasPixels.data, { raw: canvasPixels.info }).removeAlpha().png({ compressionLevel: level, adaptiveFiltering }).toBuffer()).length;
      times.push(performance.now() - t0);
    }
    pngRows.push(['libvips/libpng (zlib-ng), 1 thread, encoding only', String(level), adaptiveFiltering ? 'adaptive' : 'none', 'default', ms(stats(times).median), `${(bytes / 1e6).toFixed(1)} MB`]);
  }
}
table(pngRows);
const scanline = medians.get(PNG_SETTINGS.scanline)!;
const viaZlib = medians.get(PNG_SETTINGS.zlib)!;
console.log(
  `PNG_ENCODER=zlib against the default: ${ms(viaZlib.ms - scanline.ms)} more per job (${ms(viaZlib.ms)} vs ${ms(scanline.ms)}), ` +
    `file ${((Math.abs(viaZlib.bytes - scanline.bytes) / scanline.bytes) * 100).toFixed(1)} % ${viaZlib.bytes < scanline.bytes ? 'smaller' : 'larger'} in size`,
);

await closeRenderWorkers();
programs.close();
naive.close();
await rm(out, { recursive: true, force: true });
