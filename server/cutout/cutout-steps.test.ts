import { describe, expect, it } from 'vitest';
import { cutoutFromMask, type CutoutSteps } from './cutout-steps.ts';
import type { ColorPlanes } from './guided-filter.ts';
import type { PixelImage } from './refine-matte.ts';
import { ReusedBuffers } from './reused-buffers.ts';

/** A soft-edged disc over a horizontal gradient, the model's mask as a 2x-coarser copy of its alpha. */
function scene(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  const coarse = { width: width / 2, height: height / 2, data: new Float32Array((width / 2) * (height / 2)) };
  const radius = Math.min(width, height) * 0.3;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const d = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2);
      const a = Math.min(1, Math.max(0, (radius + 2 - d) / 4));
      const background = [40 + (180 * x) / width, 90, 200 - (150 * x) / width];
      const subject = [230, 180, 40];
      for (let c = 0; c < 3; c += 1) data[(y * width + x) * 3 + c] = Math.round(a * subject[c]! + (1 - a) * background[c]!);
      if (x % 2 === 0 && y % 2 === 0) coarse.data[(y / 2) * coarse.width + x / 2] = a;
    }
  }
  const photo: PixelImage = { width, height, channels: 3, data };
  const n = coarse.width * coarse.height;
  const working: ColorPlanes = { width: coarse.width, height: coarse.height, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  for (let y = 0; y < coarse.height; y += 1) {
    for (let x = 0; x < coarse.width; x += 1) {
      const p = (y * 2 * width + x * 2) * 3;
      const i = y * coarse.width + x;
      working.r[i] = data[p]! / 255;
      working.g[i] = data[p + 1]! / 255;
      working.b[i] = data[p + 2]! / 255;
    }
  }
  return { photo, working, mask: coarse };
}

const VARIANTS: CutoutSteps[] = [
  { refine: true, foreground: true, trim: true, margin: 3 },
  { refine: true, foreground: true, trim: false, margin: 0 },
  { refine: false, foreground: false, trim: true, margin: 0 },
];

describe('cutoutFromMask with buffers reused from removal to removal', () => {
  it('gives the same cut-out as fresh buffers, after a larger photo left them full of other pixels', () => {
    const large = scene(320, 240);
    const small = scene(200, 160);
    for (const steps of VARIANTS) {
      const fresh = cutoutFromMask(small.photo, small.working, small.mask, steps);
      const buffers = new ReusedBuffers();
      cutoutFromMask(large.photo, large.working, large.mask, steps, buffers);
      // Whatever a previous user leaves: garbage in every byte the next one may read.
      buffers.uint8('rgba', 320 * 240 * 4).fill(0xab);
      buffers.float32('alpha', 320 * 240).fill(0.37);
      const reused = cutoutFromMask(small.photo, small.working, small.mask, steps, buffers);
      expect(fresh.ok && reused.ok).toBe(true);
      if (!fresh.ok || !reused.ok) continue;
      expect(reused.cutout.crop).toEqual(fresh.cutout.crop);
      expect(reused.cutout.subject).toEqual(fresh.cutout.subject);
      expect(Buffer.from(reused.cutout.rgba).equals(Buffer.from(fresh.cutout.rgba)), JSON.stringify(steps)).toBe(true);
    }
  });
});

describe('ReusedBuffers', () => {
  it('hands out the same memory for the same name, grows it for a larger photo, and replaces one given away', () => {
    const buffers = new ReusedBuffers();
    const first = buffers.uint8('rgba', 1000);
    first[0] = 7;
    const smaller = buffers.uint8('rgba', 400);
    expect(smaller.buffer).toBe(first.buffer);
    expect(smaller[0]).toBe(7);
    const larger = buffers.uint8('rgba', 4000);
    expect(larger.buffer).not.toBe(first.buffer);
    expect(larger.length).toBe(4000);
    expect(buffers.float32('alpha', 10).buffer).not.toBe(larger.buffer);
    // Transferred to another thread, a buffer is detached: the next request gets a new one.
    structuredClone(larger.buffer, { transfer: [larger.buffer] });
    expect(buffers.uint8('rgba', 100).length).toBe(100);
    expect(buffers.heldBytes).toBe(100 + 40);
    buffers.release();
    expect(buffers.heldBytes).toBe(0);
  });
});
