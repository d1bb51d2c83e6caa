import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundChangeRequest } from '../../src/core/index.ts';
import { cutoutPng, photoJpeg, psnrRgba } from './photo-fixtures.ts';
import { renderComposition } from './render-composition.ts';

/**
 * The local render against an independent reference: ImageMagick 6 (Debian's, at /usr/bin/convert; a
 * stand-in may sit earlier on PATH), Catmull-Rom resize to the exact size, composed at the offsets. PSNR is
 * taken over RGBA premultiplied by alpha (see psnrRgba): transparent pixels compare equal whatever colour
 * they store, and colour errors weigh as much as they show.
 */
const CONVERT = '/usr/bin/convert';
const haveConvert = existsSync(CONVERT);
const run = promisify(execFile);
const MIN_PSNR = 45;

const geometry = (x: number, y: number) => `${x >= 0 ? '+' : ''}${x}${y >= 0 ? '+' : ''}${y}`;

let dir = '';
let template: Buffer;
let foreground: Buffer;

async function reference(request: BackgroundChangeRequest): Promise<Buffer> {
  const args = ['-size', request.canvas_size, request.color_code ? `xc:${request.color_code}` : 'xc:none'];
  if (request.template_url) {
    args.push('(', join(dir, 'template.jpg'), '-filter', 'Catrom', '-resize', `${request.modify_template_size}!`, ')');
    args.push('-geometry', geometry(request.overlay_template_x ?? 0, request.overlay_template_y ?? 0), '-composite');
  }
  args.push('(', join(dir, 'foreground.png'), '-filter', 'Catrom', '-resize', `${request.modify_origin_img_size}!`, ')');
  args.push('-geometry', geometry(request.overlay_origin_x, request.overlay_origin_y), '-composite');
  const out = join(dir, 'reference.png');
  await run(CONVERT, [...args, `PNG32:${out}`]);
  return sharp(out).ensureAlpha().raw().toBuffer();
}

async function ours(request: BackgroundChangeRequest): Promise<Buffer> {
  const { png } = await renderComposition(request, { foreground, template: request.template_url ? template : null }, { cache: null });
  return sharp(png).ensureAlpha().raw().toBuffer();
}

const base = { canvas_size: '768x768', origin_img: 'https://example.com/fg.png' };
const cases: Array<[string, BackgroundChangeRequest]> = [
  [
    'template and colour (example 3 at 1/5: both layers enlarged, negative offsets, overflow right)',
    {
      ...base,
      color_code: '#c9aafb',
      template_url: 'https://example.com/bg.jpg',
      modify_template_size: '766x766',
      overlay_template_x: 409,
      overlay_template_y: -6,
      modify_origin_img_size: '612x766',
      overlay_origin_x: -14,
      overlay_origin_y: -17,
    },
  ],
  [
    'colour only (foreground shrunk, overflowing right and top)',
    { ...base, color_code: '#1f6f4a', modify_origin_img_size: '300x380', overlay_origin_x: 600, overlay_origin_y: -40 },
  ],
  [
    'template only (template stretched and overflowing left and bottom, transparent elsewhere)',
    {
      ...base,
      template_url: 'https://example.com/bg.jpg',
      modify_template_size: '900x500',
      overlay_template_x: -100,
      overlay_template_y: 300,
      modify_origin_img_size: '500x640',
      overlay_origin_x: 150,
      overlay_origin_y: -30,
    },
  ],
  [
    'neither (transparent canvas, soft-alpha foreground overflowing right and bottom)',
    { ...base, modify_origin_img_size: '700x820', overlay_origin_x: 200, overlay_origin_y: 100 },
  ],
];

describe.skipIf(!haveConvert)('renderComposition matches ImageMagick (Catrom) at >= 45 dB', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'render-fidelity-'));
    template = await photoJpeg(600, 480, 11);
    foreground = await cutoutPng(400, 500, 12);
    await writeFile(join(dir, 'template.jpg'), template);
    await writeFile(join(dir, 'foreground.png'), foreground);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(cases)('%s', async (_name, request) => {
    const [a, b] = await Promise.all([reference(request), ours(request)]);
    const psnr = psnrRgba(a, b);
    console.log(`${_name}: ${psnr.toFixed(2)} dB`);
    expect(psnr).toBeGreaterThanOrEqual(MIN_PSNR);
  });
});

describe.skipIf(haveConvert)('renderComposition against ImageMagick', () => {
  it.skip(`skipped: ${CONVERT} is missing (apt-get install imagemagick; .ci/run does it)`, () => {});
});
