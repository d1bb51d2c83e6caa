import { describe, expect, it } from 'vitest';
import type { ColorPlanes } from './guided-filter.ts';
import { refineMatte, type PixelImage } from './refine-matte.ts';
import { settleFlatRegions } from './settle-flat-regions.ts';

type Rgb = [number, number, number];

/** A working-size photo and the model's mask over it, painted pixel by pixel. */
function paint(width: number, height: number, at: (x: number, y: number) => { colour: Rgb; mask: number }) {
  const photo: ColorPlanes = { width, height, r: new Float32Array(width * height), g: new Float32Array(width * height), b: new Float32Array(width * height) };
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      const { colour, mask: m } = at(x, y);
      photo.r[i] = colour[0] / 255;
      photo.g[i] = colour[1] / 255;
      photo.b[i] = colour[2] / 255;
      mask[i] = m;
    }
  }
  return { photo, mask };
}

/** The same photo as 8-bit RGB at full size (equal to the working size here), for refineMatte. */
function fullSize(photo: ColorPlanes): PixelImage {
  const data = new Uint8Array(photo.width * photo.height * 3);
  for (let i = 0; i < photo.width * photo.height; i += 1) {
    data[i * 3] = Math.round(photo.r[i]! * 255);
    data[i * 3 + 1] = Math.round(photo.g[i]! * 255);
    data[i * 3 + 2] = Math.round(photo.b[i]! * 255);
  }
  return { width: photo.width, height: photo.height, channels: 3, data };
}

const SIZE = 120;
const SKIN: Rgb = [217, 163, 132];
const SHIRT: Rgb = [51, 80, 122];
const HAIR: Rgb = [74, 45, 28];
/** The model's blotches over a surface it doubts, around `vote`. */
const blotch = (vote: number, x: number, y: number) => vote + 0.25 * Math.sin(x / 7) * Math.cos(y / 5);

/**
 * A portrait's lower half: a face (the model is sure), a plain shirt under it cut by the frame (the model's blotches), a
 * strand of hair one pixel wide (the model's 0.45), a flat panel in the backdrop the model half-suspects
 * (0.15-0.45), over a studio backdrop with a slow gradient.
 */
function portrait({ shirtVote = 0.55, panelVote = 0.3 } = {}) {
  return paint(SIZE, SIZE, (x, y) => {
    const backdrop: Rgb = [225 - y / 8, 228 - y / 8, 232 - y / 8];
    if (y >= 78 && x >= 25 && x < 95) return { colour: SHIRT, mask: blotch(shirtVote, x, y) };
    if (Math.hypot(x - 60, y - 50) < 30) return { colour: SKIN, mask: 1 };
    if (y === 20 && x >= 80 && x < 115) return { colour: HAIR, mask: 0.45 };
    if (x < 18 && y >= 30 && y < 70) return { colour: [150, 190, 150], mask: panelVote + 0.15 * Math.sin(y / 4) };
    return { colour: backdrop, mask: 0.01 };
  });
}

function values(plane: Float32Array, x0: number, x1: number, y0: number, y1: number): number[] {
  const out: number[] = [];
  for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) out.push(plane[y * SIZE + x]!);
  return out;
}

describe('settleFlatRegions', () => {
  it('makes a plain shirt the model doubts opaque after refinement, where the mask alone gives half-transparent patches', () => {
    const { photo, mask } = portrait();
    const full = fullSize(photo);
    const options = { radius: 2, eps: 1e-4 };
    // Inside the shirt, 8 px from its edges: more than the flatness test's window (2) and the guided filter's reach (2 radii).
    const inside = (alpha: Float32Array) => values(alpha, 33, 87, 86, 120);
    const patchy = refineMatte(full, photo, mask, options);
    expect(Math.min(...inside(patchy))).toBeLessThan(0.5);
    const settled = refineMatte(full, photo, settleFlatRegions(mask, photo), options);
    expect(Math.min(...inside(settled))).toBeGreaterThan(0.98);
    // The backdrop beside the shirt stays clear.
    expect(Math.max(...values(settled, 2, 20, 95, 120))).toBeLessThan(0.02);
  });

  it('leaves fine structure and what the model is sure of as they were, and clears a flat area it mostly rejects', () => {
    const { photo, mask } = portrait();
    const settled = settleFlatRegions(mask, photo);
    // The strand is not flat: the guided filter will place it from the photo.
    for (const value of values(settled, 82, 113, 20, 21)) expect(value).toBeCloseTo(0.45, 5);
    // The face as the model said; the backdrop's floor of 0.01 cleared.
    for (const value of values(settled, 55, 65, 45, 55)) expect(value).toBe(1);
    for (const value of values(settled, 100, 118, 50, 70)) expect(value).toBe(0);
    // The panel's vote is 0.3: it is background, its inside settled to 0.
    expect(Math.max(...values(settled, 3, 14, 34, 66))).toBeLessThan(0.02);
  });

  it('joins a surface the model half-believes to the subject when it touches it, not when it stands apart', () => {
    // The same doubt over both: a vote of 0.42, under the half.
    const { photo, mask } = portrait({ shirtVote: 0.42, panelVote: 0.42 });
    const refined = refineMatte(fullSize(photo), photo, settleFlatRegions(mask, photo), { radius: 2, eps: 1e-4 });
    expect(Math.min(...values(refined, 33, 87, 86, 120))).toBeGreaterThan(0.98);
    expect(Math.max(...values(refined, 0, 11, 37, 63))).toBe(0);
  });

  it("leaves a thin strip along the model's soft edge as it was: too small a surface to vote", () => {
    // A sure disc over a flat backdrop; right of it the model's edge leaves a strip 2 px wide and 25 px long at
    // 0.45 (its contour), set apart from the backdrop's 0 by more than the mask step.
    const { photo, mask } = paint(400, 300, (x, y) => {
      if (Math.hypot(x - 200, y - 150) < 60) return { colour: SKIN, mask: 1 };
      if (x >= 262 && x < 264 && y >= 138 && y < 163) return { colour: [230, 230, 230], mask: 0.45 };
      return { colour: [230, 230, 230], mask: 0 };
    });
    const settled = settleFlatRegions(mask, photo);
    for (let y = 140; y < 161; y += 1) expect(settled[y * 400 + 263]).toBeCloseTo(0.45, 5);
  });

  it('keeps a white product and a white backdrop apart, where only the mask tells them apart', () => {
    // A product two levels lighter than the backdrop, with a soft patch inside it that fades in from the
    // model's sure 1; the backdrop is larger, so a vote over both together would clear the patch.
    const { photo, mask } = paint(SIZE, SIZE, (x, y) => {
      const inProduct = x >= 40 && x < 80 && y >= 40 && y < 80;
      if (!inProduct) return { colour: [245, 245, 245], mask: 0 };
      const fromPatch = Math.max(0, Math.hypot(x - 60, y - 60) - 6);
      return { colour: [247, 247, 247], mask: Math.min(1, 0.6 + fromPatch * 0.03) };
    });
    const settled = settleFlatRegions(mask, photo);
    expect(Math.min(...values(settled, 55, 65, 55, 65))).toBe(1);
    expect(Math.max(...values(settled, 0, 30, 0, 30))).toBe(0);
  });
});
