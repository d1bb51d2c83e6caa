import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { BackgroundChangeRequest } from '../../src/core/index.ts';
import { psnrRgba } from './photo-fixtures.ts';
import { bufferPool, PNG_SETTINGS, previewGeometry, renderComposition } from './render-composition.ts';

/** A solid image; `alpha` 0..1. */
function solid(width: number, height: number, hex: string, alpha = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { ...rgb(hex), alpha } } }).png().toBuffer();
}

function rgb(hex: string) {
  return { r: parseInt(hex.slice(1, 3), 16), g: parseInt(hex.slice(3, 5), 16), b: parseInt(hex.slice(5, 7), 16) };
}

/** The RGBA value at (x, y); an RGB PNG reads as alpha 255. */
async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return (x: number, y: number) => {
    const i = (y * info.width + x) * 4;
    return [data[i], data[i + 1], data[i + 2], data[i + 3]];
  };
}

/** Whether the PNG stores an alpha channel at all. */
async function hasAlpha(png: Buffer): Promise<boolean | undefined> {
  return (await sharp(png).metadata()).hasAlpha;
}

const RED = [255, 0, 0, 255];
const BLUE = [0, 0, 255, 255];
const LILAC = [0xc9, 0xaa, 0xfb, 255];
const CLEAR = [0, 0, 0, 0];

describe('renderComposition', () => {
  it('colour only: the colour where the foreground is not, the foreground where it is', async () => {
    const request: BackgroundChangeRequest = {
      color_code: '#c9aafb',
      canvas_size: '40x30',
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '10x8',
      overlay_origin_x: 5,
      overlay_origin_y: 6,
    };
    const out = await renderComposition(request, { foreground: await solid(3, 3, '#ff0000'), template: null });
    const meta = await sharp(out.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 40, 30]);
    expect(meta.hasAlpha).toBe(false); // a colour makes every pixel opaque: no alpha channel to carry
    const at = await pixels(out.png);
    expect(at(0, 0)).toEqual(LILAC);
    expect(at(4, 6)).toEqual(LILAC); // just left of the foreground
    expect(at(5, 6)).toEqual(RED); // its top-left corner
    expect(at(14, 13)).toEqual(RED); // its bottom-right corner: 10x8 from (5,6)
    expect(at(15, 13)).toEqual(LILAC);
    expect(at(14, 14)).toEqual(LILAC);
    expect(at(39, 29)).toEqual(LILAC);
  });

  it('template only: template pixels at its size and offset, transparent elsewhere, foreground on top', async () => {
    const request: BackgroundChangeRequest = {
      canvas_size: '40x40',
      template_url: 'https://example.com/bg.png',
      modify_template_size: '20x10',
      overlay_template_x: 10,
      overlay_template_y: 4,
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '4x4',
      overlay_origin_x: 12,
      overlay_origin_y: 6,
    };
    const out = await renderComposition(request, {
      foreground: await solid(2, 2, '#ff0000'),
      template: await solid(5, 5, '#0000ff'),
    });
    expect(await hasAlpha(out.png)).toBe(true); // the canvas outside the template stays transparent
    const at = await pixels(out.png);
    expect(at(9, 4)).toEqual(CLEAR);
    expect(at(10, 4)).toEqual(BLUE);
    expect(at(29, 13)).toEqual(BLUE);
    expect(at(30, 13)).toEqual(CLEAR);
    expect(at(29, 14)).toEqual(CLEAR);
    expect(at(12, 6)).toEqual(RED);
    expect(at(15, 9)).toEqual(RED);
    expect(at(16, 9)).toEqual(BLUE);
  });

  it('template and colour with negative offsets and overflow: both layers clipped to the canvas', async () => {
    const request: BackgroundChangeRequest = {
      color_code: '#aafbe3',
      canvas_size: '40x40',
      template_url: 'https://example.com/bg.png',
      modify_template_size: '39x39',
      overlay_template_x: 21, // overflows right and bottom
      overlay_template_y: -1,
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '10x10',
      overlay_origin_x: -4, // 6 columns visible
      overlay_origin_y: -3, // 7 rows visible
    };
    const out = await renderComposition(request, {
      foreground: await solid(4, 4, '#ff0000'),
      template: await solid(4, 4, '#0000ff'),
    });
    expect([out.width, out.height]).toEqual([40, 40]);
    const at = await pixels(out.png);
    const MINT = [0xaa, 0xfb, 0xe3, 255];
    expect(at(0, 0)).toEqual(RED);
    expect(at(5, 6)).toEqual(RED);
    expect(at(6, 0)).toEqual(MINT);
    expect(at(0, 7)).toEqual(MINT);
    expect(at(20, 0)).toEqual(MINT);
    expect(at(21, 0)).toEqual(BLUE);
    expect(at(39, 37)).toEqual(BLUE); // template rows -1..37
    expect(at(39, 38)).toEqual(MINT);
  });

  it('an opaque template over the whole canvas, without a colour: opaque, no alpha channel', async () => {
    const request: BackgroundChangeRequest = {
      canvas_size: '20x10',
      template_url: 'https://example.com/bg.jpg',
      modify_template_size: '20x10',
      overlay_template_x: 0,
      overlay_template_y: 0,
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '6x6',
      overlay_origin_x: 2,
      overlay_origin_y: 2,
    };
    const template = await sharp({ create: { width: 10, height: 5, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const out = await renderComposition(request, { foreground: await solid(3, 3, '#ff0000', 0.5), template });
    expect(await hasAlpha(out.png)).toBe(false);
    const at = await pixels(out.png);
    expect(at(0, 0)).toEqual(BLUE);
    const [r, g, b, a] = at(4, 4);
    expect([Math.abs(r! - 128) <= 2, g, Math.abs(b! - 127) <= 2, a]).toEqual([true, 0, true, 255]);
  });

  it('a template that leaves part of the canvas uncovered, without a colour: that part is transparent', async () => {
    const request: BackgroundChangeRequest = {
      canvas_size: '20x10',
      template_url: 'https://example.com/bg.jpg',
      modify_template_size: '20x10',
      overlay_template_x: 1, // column 0 is not covered
      overlay_template_y: 0,
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '2x2',
      overlay_origin_x: 5,
      overlay_origin_y: 5,
    };
    const template = await sharp({ create: { width: 10, height: 5, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const out = await renderComposition(request, { foreground: await solid(2, 2, '#ff0000'), template });
    expect(await hasAlpha(out.png)).toBe(true);
    const at = await pixels(out.png);
    expect(at(0, 3)).toEqual(CLEAR);
    expect(at(1, 3)).toEqual(BLUE);
  });

  it('a half-transparent foreground over a colour blends with it', async () => {
    const request: BackgroundChangeRequest = {
      color_code: '#0000ff',
      canvas_size: '8x8',
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '8x8',
      overlay_origin_x: 0,
      overlay_origin_y: 0,
    };
    const out = await renderComposition(request, { foreground: await solid(8, 8, '#ff0000', 0.5), template: null });
    const [r, g, b, a] = (await pixels(out.png))(3, 3);
    expect(a).toBe(255);
    expect(g).toBe(0);
    expect(Math.abs(r! - 128)).toBeLessThanOrEqual(2);
    expect(Math.abs(b! - 127)).toBeLessThanOrEqual(2);
  });

  it('neither colour nor template: a transparent PNG with only the foreground', async () => {
    const request: BackgroundChangeRequest = {
      canvas_size: '30x20',
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '10x10',
      overlay_origin_x: 25,
      overlay_origin_y: 15,
    };
    const out = await renderComposition(request, { foreground: await solid(10, 10, '#ff0000'), template: null });
    const meta = await sharp(out.png).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([30, 20, true]);
    const at = await pixels(out.png);
    expect(at(0, 0)).toEqual(CLEAR);
    expect(at(24, 15)).toEqual(CLEAR);
    expect(at(25, 15)).toEqual(RED);
    expect(at(29, 19)).toEqual(RED);
  });

  it('applies the EXIF orientation of a source, as the browser shows it', async () => {
    // 16x8 stored: left half red, right half blue; orientation 6 (turn 90 clockwise) shows it 8x16, red on top.
    const raw = Buffer.alloc(16 * 8 * 3);
    for (let i = 0; i < 16 * 8; i += 1) raw[i * 3 + (i % 16 < 8 ? 0 : 2)] = 255;
    const stored = await sharp(raw, { raw: { width: 16, height: 8, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
      .toBuffer();
    const request: BackgroundChangeRequest = {
      canvas_size: '10x20',
      origin_img: 'https://example.com/fg.jpg',
      modify_origin_img_size: '10x20',
      overlay_origin_x: 0,
      overlay_origin_y: 0,
    };
    const at = await pixels((await renderComposition(request, { foreground: stored, template: null })).png);
    expect(at(5, 1)![0]).toBeGreaterThan(200);
    expect(at(5, 18)![2]).toBeGreaterThan(200);
  });

  it('reused memory carries nothing over: a job after a busier one renders as it does on fresh memory', async () => {
    // The first job fills the pool with opaque, coloured pixels; the second, transparent almost everywhere,
    // is rendered on those buffers, then again after the pool has let them go.
    const busy: BackgroundChangeRequest = {
      canvas_size: '64x48',
      color_code: '#336699',
      template_url: 'https://example.com/bg.jpg',
      modify_template_size: '64x48',
      overlay_template_x: 0,
      overlay_template_y: 0,
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '60x44',
      overlay_origin_x: 2,
      overlay_origin_y: 2,
    };
    const sparse: BackgroundChangeRequest = {
      canvas_size: '60x44',
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '50x40',
      overlay_origin_x: 30,
      overlay_origin_y: 20,
    };
    const template = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#ffcc00' } }).jpeg().toBuffer();
    const opaque = await solid(30, 22, '#00ff00');
    const soft = await solid(25, 20, '#ff0000', 0.5);
    await renderComposition(busy, { foreground: opaque, template }, { cache: null });
    expect(bufferPool.idleBytes).toBeGreaterThan(0);
    const onReused = await renderComposition(sparse, { foreground: soft, template: null }, { cache: null });
    bufferPool.drain();
    const onFresh = await renderComposition(sparse, { foreground: soft, template: null }, { cache: null });
    expect(onReused.png.equals(onFresh.png)).toBe(true);
    const at = await pixels(onReused.png);
    expect(at(10, 10)).toEqual(CLEAR);
    expect(at(40, 30)![3]).toBe(128);
  });

  it('a failed render hands back its memory only when its tasks are done: the next job renders as on fresh memory', async () => {
    const request: BackgroundChangeRequest = {
      canvas_size: '900x700',
      template_url: 'https://example.com/bg.jpg',
      modify_template_size: '1200x900',
      overlay_template_x: -100,
      overlay_template_y: -100,
      origin_img: 'https://example.com/fg.png',
      modify_origin_img_size: '400x300',
      overlay_origin_x: 200,
      overlay_origin_y: 200,
    };
    const template = await sharp({ create: { width: 600, height: 450, channels: 3, background: '#3366cc' } }).jpeg().toBuffer();
    const broken = Buffer.concat([(await solid(40, 30, '#ff0000')).subarray(0, 60), Buffer.alloc(200, 7)]);
    await expect(renderComposition(request, { foreground: broken, template }, { cache: null })).rejects.toThrow();
    const foreground = await solid(40, 30, '#ff0000', 0.5);
    const onReused = await renderComposition(request, { foreground, template }, { cache: null });
    bufferPool.drain();
    const onFresh = await renderComposition(request, { foreground, template }, { cache: null });
    expect(onReused.png.equals(onFresh.png)).toBe(true);
  });

  it('previewGeometry: the smallest whole block factor that fits the side', () => {
    expect(previewGeometry({ width: 3840, height: 3840 }, 1280)).toEqual({ k: 3, width: 1280, height: 1280 });
    expect(previewGeometry({ width: 3840, height: 2160 }, 1000)).toEqual({ k: 4, width: 960, height: 540 });
    expect(previewGeometry({ width: 1001, height: 10 }, 1000)).toEqual({ k: 2, width: 501, height: 5 });
    expect(previewGeometry({ width: 800, height: 600 }, 1280)).toEqual({ k: 1, width: 800, height: 600 });
  });

  for (const [name, colorCode] of [['over a colour (RGB)', '#2050d0'], ['on a transparent canvas (RGBA)', undefined]] as const) {
    it(`the preview is the block average of the result, ${name}`, async () => {
      const request: BackgroundChangeRequest = {
        canvas_size: '301x200', // 301 = 3 * 100 + 1: the last block column is one pixel wide
        ...(colorCode ? { color_code: colorCode } : {}),
        origin_img: 'https://example.com/fg.png',
        modify_origin_img_size: '150x120',
        overlay_origin_x: 100,
        overlay_origin_y: 41,
      };
      // Smooth colour ramps under an alpha ramp (soft edges), and a hard-edged opaque bar.
      const fg = Buffer.alloc(30 * 24 * 4);
      for (let y = 0; y < 24; y += 1) {
        for (let x = 0; x < 30; x += 1) {
          const bar = x >= 12 && x < 16;
          fg.set(bar ? [250, 250, 40, 255] : [x * 8, y * 10, 200, Math.min(255, (x + y) * 12)], (y * 30 + x) * 4);
        }
      }
      const foreground = await sharp(fg, { raw: { width: 30, height: 24, channels: 4 } }).png().toBuffer();
      const out = await renderComposition(request, { foreground, template: null }, { previewSide: 101, cache: null });
      expect(out.preview).toMatchObject({ width: 101, height: 67 }); // k = 3
      const shown = await sharp(out.preview!.webp).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([shown.info.width, shown.info.height]).toEqual([101, 67]);
      // The expected preview, from the full-size result: colour weighted by alpha, block by block.
      const full = await sharp(out.png).ensureAlpha().raw().toBuffer();
      const expected = Buffer.alloc(101 * 67 * 4);
      for (let by = 0; by < 67; by += 1) {
        for (let bx = 0; bx < 101; bx += 1) {
          const sum = [0, 0, 0, 0];
          let n = 0;
          for (let y = by * 3; y < Math.min(by * 3 + 3, 200); y += 1) {
            for (let x = bx * 3; x < Math.min(bx * 3 + 3, 301); x += 1) {
              const i = (y * 301 + x) * 4;
              const a = full[i + 3]!;
              for (let c = 0; c < 3; c += 1) sum[c]! += full[i + c]! * a;
              sum[3]! += a;
              n += 1;
            }
          }
          const o = (by * 101 + bx) * 4;
          for (let c = 0; c < 3; c += 1) expected[o + c] = sum[3] ? Math.round(sum[c]! / sum[3]!) : 0;
          expected[o + 3] = Math.round(sum[3]! / n);
        }
      }
      // Lossy WebP of the same picture (exactly equal when encoded losslessly; preview-box.test.ts checks the sums).
      expect(psnrRgba(expected, shown.data)).toBeGreaterThan(30);
    });
  }
});

describe('renderComposition with either PNG encoder (PNG_ENCODER)', () => {
  // A canvas of several strips with noise, flat areas and soft alpha, RGB and RGBA.
  const noisy = async (width: number, height: number, channels: 3 | 4, seed: number) => {
    const data = Buffer.alloc(width * height * channels);
    let s = seed;
    for (let i = 0; i < data.length; i += 1) {
      s = (s * 1103515245 + 12345) >>> 0;
      const flat = Math.floor(i / channels / width) % 64 < 20; // bands of flat rows, where runs form
      data[i] = flat ? 90 : s >>> 24;
    }
    return sharp(data, { raw: { width, height, channels } }).png().toBuffer();
  };

  for (const colorCode of ['#336699', null]) {
    it(`gives the same pixels with zlib (level 1, RLE) as with the scanline encoder, ${colorCode ? 'RGB' : 'RGBA'}`, async () => {
      const request: BackgroundChangeRequest = {
        canvas_size: '700x520',
        ...(colorCode ? { color_code: colorCode } : {}),
        template_url: 'https://example.com/bg.jpg',
        modify_template_size: '650x400',
        overlay_template_x: -20,
        overlay_template_y: 60,
        origin_img: 'https://example.com/fg.png',
        modify_origin_img_size: '300x330',
        overlay_origin_x: 380,
        overlay_origin_y: -10,
      };
      const images = { foreground: await noisy(200, 220, 4, 7), template: await noisy(325, 200, 3, 9) };
      const scanline = await renderComposition(request, images, { png: PNG_SETTINGS.scanline, cache: null });
      const viaZlib = await renderComposition(request, images, { png: PNG_SETTINGS.zlib, cache: null });
      expect(viaZlib.png.equals(scanline.png)).toBe(false); // really another encoder
      expect(await hasAlpha(viaZlib.png)).toBe(colorCode === null);
      const [a, b] = await Promise.all([sharp(scanline.png).raw().toBuffer(), sharp(viaZlib.png).raw().toBuffer()]);
      expect(a.length).toBe(700 * 520 * (colorCode ? 3 : 4));
      expect(b.equals(a)).toBe(true);
    });
  }
});
