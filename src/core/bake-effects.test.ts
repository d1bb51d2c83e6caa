import { describe, expect, it } from 'vitest';
import { bakeEffects, blur, boxRadii, type RgbaImage } from './bake-effects.ts';
import { defaultShadow, type LayerEffects } from './layer-effects.ts';

/** A small cut-out: transparent, with an opaque red box (x 10..29, y 10..39) standing on the bottom edge's row 39. */
function cutout(width = 40, height = 40): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 10; y < height; y += 1) {
    for (let x = 10; x < 30; x += 1) data.set([200 + (y % 2) * 50, 20, 20, 255], (y * width + x) * 4);
  }
  return { data, width, height };
}

const alphaAt = (image: RgbaImage, x: number, y: number) => image.data[(y * image.width + x) * 4 + 3]!;
const pixelAt = (image: RgbaImage, x: number, y: number) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)];

describe('bakeEffects', () => {
  it('keeps the subject exactly, at the padding offset', () => {
    const image = cutout();
    const effects: LayerEffects = { shadows: [{ ...defaultShadow('drop', image), angle: 45, distance: 6, blur: 3 }], reflection: { opacity: 0.5, height: 0.5, gap: 2 } };
    const baked = bakeEffects(image, effects, { subject: true });
    const { left, top } = baked.padding;
    for (let y = 10; y < 40; y += 1) {
      for (let x = 10; x < 30; x += 1) expect(pixelAt(baked, x + left, y + top)).toEqual(pixelAt(image, x, y));
    }
  });

  it('a drop shadow darkens only behind and below-right of the subject, softly', () => {
    const image = cutout();
    const baked = bakeEffects(image, { shadows: [{ ...defaultShadow('drop', image), angle: 45, distance: 6, blur: 3, opacity: 0.5, color: '#102030' }], reflection: null }, { subject: false });
    const { left, top } = baked.padding;
    expect(left).toBe(0);
    expect(top).toBe(0);
    // Above the subject's top and left of its left edge (beyond the blur's reach): nothing.
    for (let x = 0; x < baked.width; x += 1) for (let y = 0; y < 10 + 4 - 3; y += 1) expect(alphaAt(baked, x, y)).toBe(0);
    for (let y = 0; y < baked.height; y += 1) for (let x = 0; x < 10 + 4 - 3; x += 1) expect(alphaAt(baked, x, y)).toBe(0);
    // Inside the offset silhouette, far from its edges: the full opacity, in its colour.
    expect(pixelAt(baked, 24, 30)).toEqual([0x10, 0x20, 0x30, 128]);
    // At the offset silhouette's edge: partial (blurred).
    const edge = alphaAt(baked, 14, 30);
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(128);
  });

  it('a contact shadow sits at the base, flattened, darkest under the middle', () => {
    const image = cutout();
    const baked = bakeEffects(image, { shadows: [{ ...defaultShadow('contact', image), blur: 4, opacity: 1 }], reflection: null }, { subject: false });
    const { left, top } = baked.padding;
    expect(top).toBe(0);
    const base = 39 + top;
    // Nothing above the base band's blur.
    for (let y = 0; y < base - 6; y += 1) for (let x = 0; x < baked.width; x += 1) expect(alphaAt(baked, x, y)).toBe(0);
    // Darkest under the subject's centre, fading sideways past its edges and downwards.
    const centre = alphaAt(baked, 20 + left, base);
    expect(centre).toBeGreaterThan(80);
    expect(alphaAt(baked, 30 + left + 2, base)).toBeLessThan(centre);
    expect(alphaAt(baked, 20 + left, base + 4)).toBeLessThan(centre);
    // Flattened: much wider than tall.
    const rowsDark = [...Array(baked.height).keys()].filter((y) => alphaAt(baked, 20 + left, y) > centre / 2).length;
    const colsDark = [...Array(baked.width).keys()].filter((x) => alphaAt(baked, x, base) > centre / 2).length;
    expect(colsDark).toBeGreaterThan(3 * rowsDark);
  });

  it('a reflection mirrors the subject below the base after the gap, fading away', () => {
    const image = cutout();
    const baked = bakeEffects(image, { shadows: [], reflection: { opacity: 0.8, height: 0.5, gap: 3 } }, { subject: true });
    // Half of the subject's 30 rows, after the gap of 3.
    expect(baked.padding).toEqual({ left: 0, top: 0, right: 0, bottom: 18 });
    expect(baked.height).toBe(58);
    // The gap is empty.
    for (let y = 40; y < 43; y += 1) expect(alphaAt(baked, 20, y)).toBe(0);
    // Mirrored: the row right below the gap is the subject's last row (colour 250 on odd rows, 39 is odd).
    expect(pixelAt(baked, 20, 43).slice(0, 3)).toEqual(pixelAt(image, 20, 39).slice(0, 3));
    expect(pixelAt(baked, 20, 44).slice(0, 3)).toEqual(pixelAt(image, 20, 38).slice(0, 3));
    // Fading: alpha falls row by row.
    const alphas = [...Array(15).keys()].map((k) => alphaAt(baked, 20, 43 + k));
    expect(alphas[0]).toBeGreaterThan(180);
    for (let k = 1; k < 15; k += 1) expect(alphas[k]!).toBeLessThan(alphas[k - 1]!);
    // Only under the subject's columns.
    expect(alphaAt(baked, 5, 43)).toBe(0);
  });

  it('puts the base at the subject, not at the image edge, when the image has transparent margin below it', () => {
    // The same box with 20 transparent rows under it.
    const image = cutout(40, 60);
    for (let y = 40; y < 60; y += 1) for (let x = 0; x < 40; x += 1) image.data[(y * 40 + x) * 4 + 3] = 0;
    const contact = bakeEffects(image, { shadows: [{ ...defaultShadow('contact', image), blur: 2, opacity: 1 }], reflection: null }, { subject: false });
    // Darkest right at the base (row 39/40), nothing left at the image's bottom.
    expect(alphaAt(contact, 20 + contact.padding.left, 40)).toBeGreaterThan(60);
    expect(alphaAt(contact, 20 + contact.padding.left, 50)).toBe(0);
    expect(contact.padding.bottom).toBe(0);
    const reflection = bakeEffects(image, { shadows: [], reflection: { opacity: 1, height: 0.5, gap: 0 } }, { subject: false });
    expect(alphaAt(reflection, 20, 40)).toBeGreaterThan(200);
    expect(pixelAt(reflection, 20, 40).slice(0, 3)).toEqual(pixelAt(image, 20, 39).slice(0, 3));
    expect(reflection.height).toBe(60);
  });
});

describe('blur', () => {
  it('spreads exactly `spread` pixels and keeps the total', () => {
    expect(boxRadii(7)).toEqual([3, 2, 2]);
    const plane = new Float32Array(41 * 41);
    plane[20 * 41 + 20] = 1;
    blur(plane, 41, 41, 7);
    const sum = plane.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 5);
    expect(plane[20 * 41 + 27]).toBeGreaterThan(0);
    expect(plane[20 * 41 + 28]).toBe(0);
  });
});
