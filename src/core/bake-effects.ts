import { normalizeHexColor } from './color.ts';
import type { Rect } from './geometry.ts';
import { visibleBox } from './visible-box.ts';
import {
  bakedSize,
  contactHalfHeight,
  effectPadding,
  reflectionRows,
  shadowOffset,
  type EffectPadding,
  type LayerEffects,
  type ShadowEffect,
} from './layer-effects.ts';

/** An RGBA image, not premultiplied, rows top to bottom. */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export interface BakedEffects extends RgbaImage {
  data: Uint8Array;
  /** Where the source image sits inside: its top-left corner is (left, top). */
  padding: EffectPadding;
}

/**
 * Bakes a layer's effects around an RGBA image: shadows under everything, the reflection over them, and (with
 * `subject`, the server's bake) the image itself on top. The editor bakes without the subject on its preview
 * bitmap and draws the subject as its own node, so a drag never repaints the effects. The same code makes both,
 * so what the editor shows is what the server bakes.
 */
export function bakeEffects(image: RgbaImage, effects: LayerEffects, options: { subject: boolean }): BakedEffects {
  const size = { width: image.width, height: image.height };
  const subject = alphaBox(image);
  const padding = effectPadding(effects, size, subject);
  const out = bakedSize(size, padding);
  const data = new Uint8Array(out.width * out.height * 4);
  const baked = { data, width: out.width, height: out.height, padding };
  // Drop shadows fall further away than contact shadows, which sit right at the base: drawn first.
  const shadows = [...effects.shadows].sort((a, b) => (a.type === b.type ? 0 : a.type === 'drop' ? -1 : 1));
  for (const shadow of shadows) drawShadow(baked, image, subject, shadow);
  if (effects.reflection) drawReflection(baked, image, subject, effects.reflection);
  if (options.subject) {
    for (let y = 0; y < image.height; y += 1) {
      for (let x = 0; x < image.width; x += 1) {
        const from = (y * image.width + x) * 4;
        blend(data, ((y + padding.top) * out.width + x + padding.left) * 4, image.data[from]!, image.data[from + 1]!, image.data[from + 2]!, image.data[from + 3]! / 255);
      }
    }
  }
  return baked;
}

/** Alpha from which a pixel is the subject's, not a soft fringe or a shadow already in the image. */
export const SOLID_ALPHA = 64;

/** The box of the image's solid pixels (alpha >= 1/4); the whole image when there is none. */
export function alphaBox(image: RgbaImage): Rect {
  return visibleBox(image.data, image.width, image.height, SOLID_ALPHA) ?? { x: 0, y: 0, width: image.width, height: image.height };
}

/** Straight-alpha "source over" of one colour onto one pixel of `data`. */
function blend(data: Uint8Array, at: number, r: number, g: number, b: number, alpha: number): void {
  if (alpha <= 0) return;
  const below = data[at + 3]! / 255;
  const outAlpha = alpha + below * (1 - alpha);
  const keep = (below * (1 - alpha)) / outAlpha;
  const take = alpha / outAlpha;
  data[at] = Math.round(r * take + data[at]! * keep);
  data[at + 1] = Math.round(g * take + data[at + 1]! * keep);
  data[at + 2] = Math.round(b * take + data[at + 2]! * keep);
  data[at + 3] = Math.round(outAlpha * 255);
}

/** The shadow's shape (0..1 per pixel of the baked image), blurred, in its colour at its opacity. */
function drawShadow(baked: BakedEffects, image: RgbaImage, subject: Rect, shadow: ShadowEffect): void {
  const { width, height, padding } = baked;
  const mask = new Float32Array(width * height);
  const { dx, dy } = shadowOffset(shadow);
  const left = padding.left + dx;
  if (shadow.type === 'drop') {
    for (let y = 0; y < image.height; y += 1) {
      const row = (y + padding.top + dy) * width + left;
      for (let x = 0; x < image.width; x += 1) mask[row + x] = image.data[(y * image.width + x) * 4 + 3]! / 255;
    }
  } else {
    // The footprint: how much of each column the subject's lowest tenth covers, laid flat as a thin band
    // around the base line; the blur rounds it into a soft, flattened ellipse.
    const base = subject.y + subject.height;
    const rows = Math.max(1, Math.round(subject.height * 0.1));
    const footprint = new Float32Array(image.width);
    for (let y = base - rows; y < base; y += 1) {
      for (let x = 0; x < image.width; x += 1) footprint[x]! += image.data[(y * image.width + x) * 4 + 3]! / 255 / rows;
    }
    const half = contactHalfHeight(image);
    for (let y = base - half; y < base + half; y += 1) {
      const row = (y + padding.top + dy) * width + left;
      for (let x = 0; x < image.width; x += 1) mask[row + x] = footprint[x]!;
    }
  }
  blur(mask, width, height, shadow.blur);
  const [r, g, b] = rgbOf(shadow.color);
  for (let i = 0; i < mask.length; i += 1) {
    const alpha = mask[i]! * shadow.opacity;
    if (alpha > 0.5 / 255) blend(baked.data, i * 4, r, g, b, alpha);
  }
}

/** The subject's lowest rows mirrored below its base after `gap`, fading linearly to nothing. */
function drawReflection(baked: BakedEffects, image: RgbaImage, subject: Rect, reflection: LayerEffects['reflection'] & object): void {
  const { width, padding } = baked;
  const base = subject.y + subject.height;
  const rows = Math.min(reflectionRows(reflection, subject), base);
  for (let k = 0; k < rows; k += 1) {
    const fade = reflection.opacity * (1 - (k + 0.5) / rows);
    const from = (base - 1 - k) * image.width * 4;
    const to = ((padding.top + base + reflection.gap + k) * width + padding.left) * 4;
    for (let x = 0; x < image.width; x += 1) {
      const p = from + x * 4;
      blend(baked.data, to + x * 4, image.data[p]!, image.data[p + 1]!, image.data[p + 2]!, (image.data[p + 3]! / 255) * fade);
    }
  }
}

/** The three box radii a blur of `spread` pixels is made of (they add up to it, so it reaches exactly that far). */
export function boxRadii(spread: number): [number, number, number] {
  const base = Math.floor(spread / 3);
  const rest = spread - base * 3;
  return [base + (rest > 0 ? 1 : 0), base + (rest > 1 ? 1 : 0), base];
}

/** "#rrggbb" (or "#rgb") as [r, g, b]; black for anything else. */
function rgbOf(color: string): [number, number, number] {
  const hex = normalizeHexColor(color) ?? '#000000';
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

/** Three box blurs in each direction (close to a Gaussian), zero outside, in place. */
export function blur(plane: Float32Array, width: number, height: number, spread: number): void {
  if (spread <= 0) return;
  const line = new Float32Array(Math.max(width, height));
  for (const radius of boxRadii(spread)) {
    if (radius === 0) continue;
    for (let y = 0; y < height; y += 1) boxLine(plane, y * width, 1, width, radius, line);
    for (let x = 0; x < width; x += 1) boxLine(plane, x, width, height, radius, line);
  }
}

/** A running-sum box blur of one row or column (`count` values `step` apart from `start`). */
function boxLine(plane: Float32Array, start: number, step: number, count: number, radius: number, line: Float32Array): void {
  for (let i = 0; i < count; i += 1) line[i] = plane[start + i * step]!;
  const norm = 1 / (2 * radius + 1);
  let sum = 0;
  for (let i = 0; i < Math.min(radius, count); i += 1) sum += line[i]!;
  for (let i = 0; i < count; i += 1) {
    if (i + radius < count) sum += line[i + radius]!;
    if (i - radius - 1 >= 0) sum -= line[i - radius - 1]!;
    plane[start + i * step] = Math.max(0, sum * norm);
  }
}
