/**
 * User journey benchmark: in Chromium, with example 3 laid out in the editor (3840x3840 canvas, colour, the
 * 3000x3000 JPEG template and the 2400x3000 RGBA PNG foreground picked with the layer cards' file inputs),
 * the time from the click on Submit to the rendered result visible (the job card shows "Completed" and the
 * result's screen preview, loaded and decoded; clocked in the page); then, apart, from the click on "View
 * result" to the full-size PNG decoded in the viewer. Local provider; the server is the real one
 * (server/main.ts) serving the test build. The app uploads each file when it is placed, so the bench waits for
 * the layer cards to say "uploaded" before it clicks, as a user arranging the layers would. Target: < 1.5 s.
 *
 *   npx tsx bench/journey.ts            (BENCH_RUNS=n, default 3; builds dist-test when missing or older
 *                                        than src/app; BENCH_BUILD=1 forces the build)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { withAllocatorTuning } from '../scripts/allocator-tuning.mjs';
import { findBrowser } from '../scripts/find-browser.mjs';
import { previewGeometry } from '../server/render/render-composition.ts';
import { RESULT_PREVIEW_SIDE } from '../server/results/result-images.ts';
import { EXAMPLE3, example3Sources, machine, ms, stats, table } from './lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_MS = 1500;
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Where the benches' test build lives; a separate folder keeps parallel runs from overwriting each other. */
export const BENCH_APP_DIR = process.env.BENCH_APP_DIR ?? 'dist-test';

/** Builds the test build (window.__editor) into BENCH_APP_DIR when it is missing or older than the app's sources. */
export function ensureTestBuild(): void {
  const index = `${BENCH_APP_DIR}/index.html`;
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newestMtime('src'), statSync('index.html').mtimeMs);
  if (process.env.BENCH_BUILD === '1' || stale) {
    console.log(`building the test app: npx vite build --mode test --outDir ${BENCH_APP_DIR}`);
    execFileSync('npx', ['vite', 'build', '--mode', 'test', '--outDir', BENCH_APP_DIR, '--logLevel', 'warn'], { stdio: 'inherit' });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The real server on 127.0.0.1 serving dist-test, local provider, on a temporary DATA_DIR. */
export async function startServer(): Promise<{ base: string; stop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-journey-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...withAllocatorTuning(process.env), HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, APP_DIR: BENCH_APP_DIR, PROVIDER: 'local', LOG_LEVEL: 'warn', BACKGROUND_REMOVAL_PRELOAD: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return { base, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`server did not start: ${stderr}`);
}

/** Opens the editor empty (the first-start samples refused) and waits for the stage and the test handle. */
export async function openEditor(page: Page, base: string): Promise<void> {
  await page.route('**/samples/**', (route) => route.abort());
  await page.goto(base);
  await page.getByTestId('canvas-stage').waitFor();
  await page.waitForFunction(() => Boolean((window as unknown as { __editor?: unknown }).__editor));
}

async function fill(page: Page, testId: string, value: string | number): Promise<void> {
  const field = page.getByTestId(testId);
  await field.fill(String(value));
  await field.press('Enter');
}

async function main(): Promise<void> {
  console.log(`bench/journey: submit -> result visible, local provider, example 3 (3840x3840); ${machine()}`);
  ensureTestBuild();
  const src = await example3Sources();
  const [templateBytes, foregroundBytes] = await Promise.all([readFile(src.template), readFile(src.foreground)]);
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: findBrowser().path ?? undefined, args: CHROMIUM_ARGS });
  const rows: string[][] = [['run', 'submit -> Completed shown', 'submit -> result visible', 'View result -> full-size PNG decoded']];
  const visible: number[] = [];
  const fullSize: number[] = [];
  const previewWidth = previewGeometry({ width: 3840, height: 3840 }, RESULT_PREVIEW_SIDE).width;
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await openEditor(page, server.base);
      await page.getByTestId('template-file').setInputFiles({ name: 'template.jpg', mimeType: 'image/jpeg', buffer: templateBytes });
      await page.getByTestId('foreground-file').setInputFiles({ name: 'foreground.png', mimeType: 'image/png', buffer: foregroundBytes });
      await page.waitForFunction(() => {
        const doc = (window as unknown as { __editor: { document(): { foreground?: { source: { url: string } } | null; template?: { source: { url: string } } | null } } }).__editor.document();
        return Boolean(doc.foreground?.source.url.startsWith('blob:') && doc.template?.source.url.startsWith('blob:'));
      });
      await page.getByTestId('keep-aspect-ratio').uncheck(); // example 3's sizes are not exactly proportional
      await fill(page, 'canvas-width', 3840);
      await fill(page, 'canvas-height', 3840);
      await fill(page, 'color-hex', EXAMPLE3.color_code);
      for (const [kind, x, y, w, h] of [
        ['template', 2049, -6, 3828, 3828],
        ['foreground', -72, -84, 3062, 3828],
      ] as const) {
        await fill(page, `${kind}-width`, w);
        await fill(page, `${kind}-height`, h);
        await fill(page, `${kind}-x`, x);
        await fill(page, `${kind}-y`, y);
      }
      const body = await page.evaluate(() => (window as unknown as { __editor: { request(): Record<string, unknown> | null } }).__editor.request());
      const expected = ['canvas_size', 'color_code', 'modify_template_size', 'overlay_template_x', 'overlay_template_y', 'modify_origin_img_size', 'overlay_origin_x', 'overlay_origin_y'] as const;
      const off = expected.filter((k) => String(body?.[k]).toLowerCase() !== String(EXAMPLE3[k]).toLowerCase());
      if (off.length) throw new Error(`the layout is not example 3 (${off.join(', ')}): ${JSON.stringify(body)}`);

      // Wait until the editor shows both pictures (not placeholders) and has settled, as a user would.
      await page.waitForFunction(`(() => {
        const stage = window.Konva && window.Konva.stages[0];
        const kinds = ['layer-foreground', 'layer-template'].map((id) => stage && stage.findOne('#' + id));
        return kinds.every((n) => n && n.getClassName() === 'Image');
      })()`, undefined, { timeout: 60_000 });
      // The uploads start when the files are placed (the layer cards say "uploaded"), as they would while a
      // user arranges the layers.
      for (const kind of ['foreground', 'template']) {
        await page.locator(`[data-testid="${kind}-upload-status"][data-state="uploaded"]`).waitFor({ timeout: 60_000 });
      }
      await page.waitForTimeout(1000);
      // The timed part, clocked in the page (no Playwright round trips): from the click event on Submit to
      // "Completed" shown, and to the result image in the job card loaded and decoded.
      await page.evaluate(`(() => {
        const j = (window.__journey = {});
        document.querySelector('[data-testid="submit"]').addEventListener('click', () => { j.clicked = performance.now(); }, { capture: true, once: true });
        new MutationObserver(() => {
          if (j.completed === undefined && document.querySelector('[data-testid="job-status"]')?.textContent === 'Completed') j.completed = performance.now();
          const img = document.querySelector('[data-testid="job-result-image"]');
          if (!img || j.watching) return;
          j.watching = true;
          const decoded = () => img.decode().then(() => { j.visible = performance.now(); j.width = img.naturalWidth; }, (e) => { j.failed = String(e); });
          if (img.complete) decoded(); else img.addEventListener('load', decoded, { once: true });
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      })()`);
      await page.getByTestId('submit').click();
      await page.waitForFunction(
        () => {
          const j = (window as unknown as { __journey: { visible?: number; failed?: string } }).__journey;
          return j.visible !== undefined || j.failed !== undefined;
        },
        undefined,
        { timeout: 60_000 },
      );
      const journey = (await page.evaluate('window.__journey')) as { clicked: number; completed: number; visible: number; width: number; failed?: string };
      if (journey.failed || journey.width !== previewWidth) throw new Error(`the result did not show: ${journey.failed ?? `${journey.width} px wide`}`);
      const { clicked: t0, completed: tCompleted, visible: tVisible } = journey;
      // Then the full-size result: the viewer shows the preview at once and the 3840-pixel PNG when decoded.
      await page.evaluate(`(() => {
        const v = (window.__viewer = {});
        document.querySelector('[data-testid="view-result"]').addEventListener('click', () => { v.clicked = performance.now(); }, { capture: true, once: true });
      })()`);
      await page.getByTestId('view-result').click();
      const full = await page.getByTestId('result-image').evaluate(async (image: HTMLImageElement) => {
        if (!image.complete) await new Promise((resolve) => image.addEventListener('load', resolve, { once: true }));
        await image.decode();
        const clicked = (window as unknown as { __viewer: { clicked: number } }).__viewer.clicked;
        return { ms: performance.now() - clicked, width: image.naturalWidth };
      });
      if (full.width !== 3840) throw new Error(`the full-size result is ${full.width} px wide`);
      fullSize.push(full.ms);
      rows.push([String(run), ms(tCompleted - t0), ms(tVisible - t0), ms(full.ms)]);
      if (run === RUNS) {
        // Where the time went, by the page's own Resource Timing (same clock as the click).
        const entries = (await page.evaluate(
          `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/') && e.startTime >= ${t0}).map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd, method: e.initiatorType }))`,
        )) as Array<{ name: string; start: number; end: number }>;
        const lines = entries.map((e) => `${new URL(e.name).pathname.replace(/[0-9a-f]{24}/, ':id')}: ${(e.start - t0).toFixed(0)} -> ${(e.end - t0).toFixed(0)} ms`);
        console.log(`API requests of the last run, ms after the click:\n  ${lines.join('\n  ')}`);
      }
      visible.push(tVisible - t0);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log();
  table(rows);
  const s = stats(visible);
  console.log(`\nsubmit -> result visible (the job card's ${previewWidth}-px preview): median ${ms(s.median)}, min ${ms(s.min)}, max ${ms(s.max)} (${s.n} runs)`);
  console.log(`View result -> full-size PNG decoded: median ${ms(stats(fullSize).median)}`);
  console.log(`Target: < ${TARGET_MS} ms -> ${ms(s.median)} ${s.median < TARGET_MS ? 'MET' : `MISSED by ${ms(s.median - TARGET_MS)}`}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
