/** Small helpers shared by the benchmarks: timing statistics, tables, the example-3 fixtures. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutoutPng, photoJpeg } from '../server/render/photo-fixtures.ts';

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

export const ms = (v: number) => `${v.toFixed(0)} ms`;
export const secs = (v: number) => `${(v / 1000).toFixed(3)} s`;

/** Prints rows as an aligned text table (first row: the header). */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const [k, r] of cells.entries()) {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export function machine(): string {
  const c = cpus();
  return `${c.length} x ${c[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`;
}

/** Example 3 of the API page: the request and its sources (generated once, deterministic, kept in tmp). */
export const EXAMPLE3 = {
  canvas_size: '3840x3840',
  color_code: '#c9aafb',
  template_url: 'https://example.com/template.jpg',
  modify_template_size: '3828x3828',
  overlay_template_x: 2049,
  overlay_template_y: -6,
  origin_img: 'https://example.com/foreground.png',
  modify_origin_img_size: '3062x3828',
  overlay_origin_x: -72,
  overlay_origin_y: -84,
};

export async function example3Sources(): Promise<{ dir: string; template: string; foreground: string }> {
  const dir = join(tmpdir(), 'composer-bench-fixtures-v1');
  const template = join(dir, 'template-3000x3000.jpg');
  const foreground = join(dir, 'foreground-2400x3000.png');
  if (!existsSync(template) || !existsSync(foreground)) {
    await mkdir(dir, { recursive: true });
    await writeFile(template, await photoJpeg(3000, 3000, 1));
    await writeFile(foreground, await cutoutPng(2400, 3000, 2));
  }
  return { dir, template, foreground };
}

export { readFile };
