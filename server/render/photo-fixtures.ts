/**
 * Deterministic photo-like test images for the renderer's fidelity test and the render benchmark: smooth
 * gradients (sky, vignette), mid-frequency waves, sharp-edged shapes, and seeded noise (film grain). The
 * foreground is RGBA with a soft alpha: a feathered ellipse with a half-transparent "glass" band inside.
 * Nothing is random between runs; only the encoders' versions can change the bytes.
 */
import sharp from 'sharp';
import { seededRandom } from '../../src/core/seeded-random.ts';


const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Raw RGB (channels 3) or RGBA (channels 4) pixels of a photo-like scene. */
export function photoPixels(width: number, height: number, channels: 3 | 4, seed: number): Buffer {
  const rand = seededRandom(seed);
  const out = Buffer.alloc(width * height * channels);
  // A few hard-edged discs and bars, placed by the seed, in relative coordinates.
  const discs = Array.from({ length: 7 }, () => ({
    cx: rand(), cy: rand(), r: 0.03 + rand() * 0.12, c: [rand() * 255, rand() * 255, rand() * 255] as const,
  }));
  const bars = Array.from({ length: 5 }, () => ({
    x0: rand(), y0: rand(), w: 0.02 + rand() * 0.2, h: 0.01 + rand() * 0.05, c: [rand() * 255, rand() * 255, rand() * 255] as const,
  }));
  const ph = [rand() * 6, rand() * 6, rand() * 6];
  const aspect = height / width;
  for (let y = 0; y < height; y += 1) {
    const v = y / height;
    for (let x = 0; x < width; x += 1) {
      const u = x / width;
      const vig = 1 - 0.5 * ((u - 0.5) ** 2 + (v - 0.5) ** 2);
      let r = (60 + 150 * v + 30 * Math.sin(u * 9 + ph[0]!)) * vig;
      let g = (90 + 100 * u + 25 * Math.sin((u + v) * 13 + ph[1]!)) * vig;
      let b = (200 - 120 * v + 20 * Math.cos(v * 17 + ph[2]!)) * vig;
      for (const d of discs) {
        const dx = u - d.cx;
        const dy = (v - d.cy) * aspect;
        if (dx * dx + dy * dy < d.r * d.r) {
          r = 0.35 * r + 0.65 * d.c[0];
          g = 0.35 * g + 0.65 * d.c[1];
          b = 0.35 * b + 0.65 * d.c[2];
        }
      }
      for (const s of bars) {
        if (u >= s.x0 && u < s.x0 + s.w && v >= s.y0 && v < s.y0 + s.h) {
          r = s.c[0];
          g = s.c[1];
          b = s.c[2];
        }
      }
      // Fine texture: a 1-pixel checker ripple in a few places plus grain, the hardest case for a resampler.
      const ripple = (x + y) % 2 === 0 && u > 0.6 && u < 0.7 ? 18 : 0;
      const grain = (rand() - 0.5) * 16;
      const i = (y * width + x) * channels;
      out[i] = clamp8(r + grain + ripple);
      out[i + 1] = clamp8(g + grain * 0.8 + ripple);
      out[i + 2] = clamp8(b + grain * 1.2 + ripple);
      if (channels === 4) out[i + 3] = 255;
    }
  }
  return out;
}

/** A feathered ellipse with a half-transparent band and a hole: soft alpha everywhere it matters. */
export function cutoutPixels(width: number, height: number, seed: number): Buffer {
  const out = photoPixels(width, height, 4, seed);
  const feather = Math.max(2, Math.round(Math.min(width, height) * 0.01));
  const cx = width / 2;
  const cy = height / 2;
  const rx = width * 0.46;
  const ry = height * 0.47;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const nx = (x + 0.5 - cx) / rx;
      const ny = (y + 0.5 - cy) / ry;
      // Distance to the ellipse edge in pixels, roughly.
      const d = (1 - Math.sqrt(nx * nx + ny * ny)) * Math.min(rx, ry);
      let a = Math.min(1, Math.max(0, d / feather));
      if (ny > 0.25 && ny < 0.45) a *= 0.5; // a glass band
      const hx = nx + 0.3;
      const hy = ny + 0.3;
      if (hx * hx + hy * hy < 0.02) a = 0; // a hole
      out[(y * width + x) * 4 + 3] = Math.round(a * 255);
    }
  }
  return out;
}

/** A photo-like JPEG (quality 92, 4:2:0, as cameras write them). */
export function photoJpeg(width: number, height: number, seed = 1): Promise<Buffer> {
  return sharp(photoPixels(width, height, 3, seed), { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

/** A cut-out RGBA PNG with soft alpha. */
export function cutoutPng(width: number, height: number, seed = 2): Promise<Buffer> {
  return sharp(cutoutPixels(width, height, seed), { raw: { width, height, channels: 4 } }).png({ compressionLevel: 1 }).toBuffer();
}

/**
 * PSNR in dB of two RGBA rasters of the same size, compared premultiplied: each colour channel is multiplied
 * by its alpha before the difference, and alpha is compared as a fourth channel. A fully transparent pixel
 * then counts as equal whatever colour it carries (PNG writers may store anything there), and a colour error
 * weighs as much as it shows. Infinity when identical.
 */
export function psnrRgba(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length % 4 !== 0) throw new Error('psnr: rasters differ in size');
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) {
    const aa = a[i + 3]! / 255;
    const ba = b[i + 3]! / 255;
    for (let c = 0; c < 3; c += 1) {
      const d = a[i + c]! * aa - b[i + c]! * ba;
      sum += d * d;
    }
    const d = a[i + 3]! - b[i + 3]!;
    sum += d * d;
  }
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
