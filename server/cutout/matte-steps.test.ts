import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/seeded-random.ts';
import { boxMean } from './box-filter.ts';
import { backdropEvidence, CLEAR_ALPHA, estimateForeground, estimateTrust, fringeMatte } from './estimate-foreground.ts';
import { guidedCoefficients, type ColorPlanes } from './guided-filter.ts';
import { refineMatte, uncertainBox, upsampleMask, type PixelImage } from './refine-matte.ts';
import { measureSubject, trimBox } from './subject-box.ts';

function naiveBoxMean(input: Float32Array, width: number, height: number, radius: number): Float32Array {
  const out = new Float32Array(input.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let sum = 0;
      let count = 0;
      for (let v = Math.max(0, y - radius); v <= Math.min(height - 1, y + radius); v += 1) {
        for (let u = Math.max(0, x - radius); u <= Math.min(width - 1, x + radius); u += 1) {
          sum += input[v * width + u]!;
          count += 1;
        }
      }
      out[y * width + x] = sum / count;
    }
  }
  return out;
}

/** A disc of subject colour `fg` over `bg`, with a soft edge 2*soft px wide; returns the photo and its true alpha. */
function discScene(size: number, fg: number[], bg: number[], soft: number): { photo: PixelImage; truth: Float32Array } {
  const data = new Uint8Array(size * size * 3);
  const truth = new Float32Array(size * size);
  const c = size / 2;
  const radius = size * 0.3;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      const a = Math.min(1, Math.max(0, (radius + soft - d) / (2 * soft)));
      truth[y * size + x] = a;
      for (let k = 0; k < 3; k += 1) data[(y * size + x) * 3 + k] = Math.round(a * fg[k]! + (1 - a) * bg[k]!);
    }
  }
  return { photo: { width: size, height: size, channels: 3, data }, truth };
}

/** Area-averages a photo down by an integer factor into float planes, as sharp's resize would for the pipeline. */
function shrink(photo: PixelImage, factor: number): ColorPlanes {
  const width = photo.width / factor;
  const height = photo.height / factor;
  const planes = { width, height, r: new Float32Array(width * height), g: new Float32Array(width * height), b: new Float32Array(width * height) };
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const sums = [0, 0, 0];
      for (let v = 0; v < factor; v += 1) {
        for (let u = 0; u < factor; u += 1) {
          const p = ((y * factor + v) * photo.width + x * factor + u) * photo.channels;
          for (let k = 0; k < 3; k += 1) sums[k]! += photo.data[p + k]!;
        }
      }
      const i = y * width + x;
      planes.r[i] = sums[0]! / factor / factor / 255;
      planes.g[i] = sums[1]! / factor / factor / 255;
      planes.b[i] = sums[2]! / factor / factor / 255;
    }
  }
  return planes;
}

const iou = (alpha: Float32Array, truth: Float32Array) => {
  let both = 0;
  let either = 0;
  for (let i = 0; i < truth.length; i += 1) {
    const a = alpha[i]! > 0.5;
    const t = truth[i]! > 0.5;
    if (a && t) both += 1;
    if (a || t) either += 1;
  }
  return both / either;
};

const edgeError = (alpha: Float32Array, truth: Float32Array) => {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < truth.length; i += 1) {
    if (truth[i]! > 0 && truth[i]! < 1) {
      sum += Math.abs(alpha[i]! - truth[i]!);
      count += 1;
    }
  }
  return sum / count;
};

describe('boxMean', () => {
  it('equals the plain window mean, windows clipped at the borders, for any radius', () => {
    const random = seededRandom(7);
    const input = Float32Array.from({ length: 17 * 13 }, () => random());
    for (const radius of [0, 1, 3, 8, 20]) {
      const fast = boxMean(input, 17, 13, radius);
      const plain = naiveBoxMean(input, 17, 13, radius);
      for (let i = 0; i < input.length; i += 1) expect(fast[i]).toBeCloseTo(plain[i]!, 5);
    }
  });

  it('also on a wide, short image, and in place (out is its input)', () => {
    const random = seededRandom(8);
    const input = Float32Array.from({ length: 64 * 9 }, () => random());
    for (const radius of [2, 4, 5]) {
      const plain = naiveBoxMean(input, 64, 9, radius);
      const inPlace = boxMean(input.slice(), 64, 9, radius);
      const copy = input.slice();
      boxMean(copy, 64, 9, radius, copy);
      for (let i = 0; i < input.length; i += 1) {
        expect(inPlace[i]).toBeCloseTo(plain[i]!, 5);
        expect(copy[i]).toBeCloseTo(plain[i]!, 5);
      }
    }
  });
});

describe('refineMatte', () => {
  it('puts a coarse, blurred mask back on the photo edge: better than the mask stretched to full size', () => {
    const size = 256;
    const { photo, truth } = discScene(size, [200, 40, 30], [40, 60, 200], 1.5);
    // What a 64-px model gives: the truth at a quarter of the size, blurred, and its edge moved out by ~1 px.
    const factor = 4;
    const small = size / factor;
    const coarse = new Float32Array(small * small);
    for (let y = 0; y < small; y += 1) {
      for (let x = 0; x < small; x += 1) {
        let sum = 0;
        for (let v = 0; v < factor; v += 1) for (let u = 0; u < factor; u += 1) sum += truth[(y * factor + v) * size + x * factor + u]!;
        coarse[y * small + x] = sum / factor / factor;
      }
    }
    const blurred = boxMean(boxMean(coarse, small, small, 1), small, small, 1).map((a) => Math.min(1, a * 1.15));
    const raw = upsampleMask(blurred, small, small, size, size);
    const refined = refineMatte(photo, shrink(photo, factor), blurred, { radius: 2, eps: 1e-3 });
    expect(iou(refined, truth)).toBeGreaterThan(iou(raw, truth));
    expect(iou(refined, truth)).toBeGreaterThan(0.97);
    expect(edgeError(refined, truth)).toBeLessThan(edgeError(raw, truth) * 0.7);
  });

  it('keeps what is certain: far from the edge the mask stays 0 or 1', () => {
    const size = 128;
    const { photo, truth } = discScene(size, [250, 250, 250], [0, 0, 0], 1);
    const half = size / 2;
    const mask = new Float32Array(half * half);
    for (let y = 0; y < half; y += 1) for (let x = 0; x < half; x += 1) mask[y * half + x] = truth[2 * y * size + 2 * x]!;
    const refined = refineMatte(photo, shrink(photo, 2), mask, { radius: 2, eps: 1e-3 });
    expect(refined[0]).toBe(0);
    expect(refined[(size / 2) * size + size / 2]).toBe(1);
  });
});

describe('refineMatte fits its coefficients on the box around the edge only', () => {
  it('gives what the filter fitted on the whole photo gives, where the edge is a small part of it', () => {
    // A 240x180 photo whose subject, a soft-edged disc on a textured backdrop, sits in one corner; at 1:1 the
    // matte at an uncertain pixel is the guided filter's own output there.
    const width = 240;
    const height = 180;
    const random = seededRandom(5);
    const data = new Uint8Array(width * height * 3);
    const mask = new Float32Array(width * height);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = y * width + x;
        const a = Math.min(1, Math.max(0, (22 - Math.hypot(x - 50, y - 45)) / 3 + 0.5));
        // The model's mask: the disc a little blurred and shifted, as a coarse mask would be.
        mask[i] = Math.min(1, Math.max(0, (23 - Math.hypot(x - 51, y - 45)) / 6 + 0.5));
        const back = [120 + 60 * Math.sin(x / 9) + random() * 20, 140 + 50 * Math.cos(y / 7), 90 + random() * 30];
        const front = [200, 70 + y / 4, 40];
        for (let c = 0; c < 3; c += 1) data[i * 3 + c] = Math.round(Math.min(255, Math.max(0, a * front[c]! + (1 - a) * back[c]!)));
      }
    }
    const photo = { width, height, channels: 3, data };
    const working = shrink(photo, 1);
    const options = { radius: 3, eps: 1e-4 };
    const refined = refineMatte(photo, working, mask, options);
    const whole = guidedCoefficients(working, mask, options.radius, options.eps);
    let compared = 0;
    for (let i = 0; i < refined.length; i += 1) {
      const a = refined[i]!;
      if (a === 0 || a === 1) continue;
      const expected = whole.ar[i]! * working.r[i]! + whole.ag[i]! * working.g[i]! + whole.ab[i]! * working.b[i]! + whole.b[i]!;
      expect(a).toBeCloseTo(Math.min(1, Math.max(0, expected)), 5);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(300);
    // The box the coefficients were fitted on: the disc's edge band and its margins, not the photo.
    const certain = Int8Array.from(refined, (a) => (a === 0 ? 0 : a === 1 ? 1 : -1));
    const box = uncertainBox(certain, width, height, 1 + 2 * options.radius);
    expect(box.width * box.height).toBeLessThan((width * height) / 3);
  });
});

describe('estimateForeground', () => {
  it('removes the old background from the edge colours (no halo)', () => {
    const size = 96;
    const fg = [30, 200, 60];
    const { photo, truth } = discScene(size, fg, [230, 20, 220], 4);
    const rgba = estimateForeground(photo, truth);
    let before = 0;
    let after = 0;
    let count = 0;
    for (let i = 0; i < truth.length; i += 1) {
      const a = truth[i]!;
      if (a <= 0.1 || a >= 0.9) continue;
      for (let k = 0; k < 3; k += 1) {
        before += Math.abs(photo.data[i * 3 + k]! - fg[k]!);
        after += Math.abs(rgba[i * 4 + k]! - fg[k]!);
      }
      count += 1;
    }
    expect(count).toBeGreaterThan(100);
    // The photo's own edge pixels are far from the subject's colour; the estimate is close to it.
    expect(before / count / 3).toBeGreaterThan(40);
    expect(after / count / 3).toBeLessThan(12);
  });

  it('keeps the photo colour of a soft patch inside the subject, where no clear background is near', () => {
    // An opaque disc whose matte is 0.6 in a patch at its centre (as the model leaves on glossy products),
    // over a backdrop unlike the subject: blur-fusion alone would take the backdrop out of the patch.
    const { photo, truth } = discScene(160, [200, 60, 40], [30, 200, 230], 1);
    const alpha = Float32Array.from(truth);
    for (let y = 70; y < 90; y += 1) for (let x = 70; x < 90; x += 1) alpha[y * 160 + x] = 0.6;
    const rgba = estimateForeground(photo, alpha, [40, 4]);
    const centre = (80 * 160 + 80) * 4;
    expect([...rgba.subarray(centre, centre + 4)]).toEqual([200, 60, 40, Math.round(0.6 * 255)]);
  });

  it("clears a faint fringe the matte leaves outside the subject, where the photo is the backdrop's colour", () => {
    // The model's matte often spills a little alpha into a plain backdrop around the subject: over a new
    // background that shows as a ring of the subject's colour (or of the old backdrop's, without the estimate).
    const size = 128;
    const { photo, truth } = discScene(size, [40, 60, 200], [235, 230, 220], 1);
    const matte = Float32Array.from(truth);
    const ring: number[] = [];
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const d = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2);
        if (d > size * 0.3 + 3 && d < size * 0.3 + 8) {
          matte[y * size + x] = 0.3;
          ring.push(y * size + x);
        }
      }
    }
    const rgba = estimateForeground(photo, matte, [30, 6]);
    expect(Math.max(...ring.map((i) => rgba[i * 4 + 3]!))).toBeLessThanOrEqual(Math.round(0.06 * 255));
    // The subject's own soft edge keeps the matte's alpha.
    for (let i = 0; i < truth.length; i += 1) {
      if (truth[i]! > 0 && truth[i]! < 1) expect(Math.abs(rgba[i * 4 + 3]! - truth[i]! * 255)).toBeLessThanOrEqual(2);
    }
  });

  it('clears the backdrop seen between close strands, where no clear pixel is near, but not a light highlight inside the subject', () => {
    const size = 200;
    const backdrop = [230, 230, 225];
    const data = new Uint8Array(size * size * 3);
    const matte = new Float32Array(size * size);
    const gaps: number[] = [];
    const highlight: number[] = [];
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const i = y * size + x;
        let colour = backdrop;
        // Left: strands 2 px wide and 2 px apart, which the matte holds at 0.7, and the gaps between them
        // at 0.3 (the model's blur over a mass of hair).
        if (x >= 20 && x < 70 && y >= 40 && y < 160) {
          const strand = (x - 20) % 4 < 2;
          colour = strand ? [60, 40, 25] : backdrop;
          matte[i] = strand ? 0.7 : 0.3;
          if (!strand && x >= 30 && x < 60 && y >= 50 && y < 150) gaps.push(i);
        }
        // Right: a dark cap, opaque, with a highlight of the backdrop's colour that the matte left at 0.3.
        if (Math.hypot(x - 140, y - 100) < 40) {
          const light = x >= 138 && x < 143 && y >= 80 && y < 120;
          colour = light ? backdrop : [30, 30, 35];
          matte[i] = light ? 0.3 : 1;
          if (light) highlight.push(i);
        }
        for (let c = 0; c < 3; c += 1) data[i * 3 + c] = colour[c]!;
      }
    }
    const rgba = estimateForeground({ width: size, height: size, channels: 3, data }, matte, [40, 6]);
    // From 0.3 to about the rule's margin (0.05): the backdrop's mean there holds a little of the strands.
    expect(Math.max(...gaps.map((i) => rgba[i * 4 + 3]!))).toBeLessThanOrEqual(Math.round(0.08 * 255));
    for (const i of highlight) expect(rgba[i * 4 + 3]).toBe(Math.round(0.3 * 255));
  });

  it('keeps the photo exactly where the subject is opaque, and alpha as the matte says', () => {
    const { photo, truth } = discScene(64, [10, 120, 240], [255, 255, 0], 2);
    const rgba = estimateForeground(photo, truth);
    const centre = 32 * 64 + 32;
    expect([...rgba.subarray(centre * 4, centre * 4 + 4)]).toEqual([10, 120, 240, 255]);
    expect(rgba[3]).toBe(0);
  });
});

/**
 * Blur-fusion as the paper writes it: every mean at full resolution over the whole photo (slow, plain), with the
 * last pass's two rules, from the same functions: a fringe's α checked against its colour between the narrow
 * means where the backdrop is known (fringeMatte, backdropEvidence), and the estimate trusted by the share of
 * clear pixels in the window (estimateTrust).
 */
function plainBlurFusion(image: PixelImage, alpha: Float32Array, radii: readonly number[]): { fg: Float32Array[]; matte: Float32Array } {
  const { width, height, channels, data } = image;
  const n = width * height;
  const photo = [0, 1, 2].map((c) => Float32Array.from({ length: n }, (_, i) => data[i * channels + c]! / 255));
  const step = (fHat: number, bHat: number, value: number, a: number) => Math.min(1, Math.max(0, fHat + a * (value - a * fHat - (1 - a) * bHat)));
  let fg: Float32Array[] = photo;
  let bg: Float32Array[] = photo;
  let matte = alpha;
  radii.forEach((radius, pass) => {
    const meanA = boxMean(alpha, width, height, radius);
    const means = [0, 1, 2].map((c) => {
      const blurF = boxMean(fg[c]!.map((v, i) => v * alpha[i]!), width, height, radius);
      const blurB = boxMean(bg[c]!.map((v, i) => v * (1 - alpha[i]!)), width, height, radius);
      return { f: blurF.map((v, i) => v / (meanA[i]! + 1e-5)), b: blurB.map((v, i) => v / (1 - meanA[i]! + 1e-5)) };
    });
    if (pass === radii.length - 1) {
      const trust = boxMean(alpha.map((a) => (a <= CLEAR_ALPHA ? 1 : 0)), width, height, radius).map(estimateTrust);
      const wideBackdrop = boxMean(alpha, width, height, radii[0]!).map((a) => 1 - a);
      matte = alpha.map((a, i) => {
        let along = 0;
        let spread = 0;
        let away = 0;
        for (let c = 0; c < 3; c += 1) {
          along += (photo[c]![i]! - means[c]!.b[i]!) * (means[c]!.f[i]! - means[c]!.b[i]!);
          spread += (means[c]!.f[i]! - means[c]!.b[i]!) ** 2;
          away += (photo[c]![i]! - means[c]!.b[i]!) ** 2;
        }
        const across = spread > 0 ? Math.max(0, away - (along * along) / spread) : Infinity;
        return fringeMatte(a, along, spread, backdropEvidence(trust[i]!, across, wideBackdrop[i]!, meanA[i]!));
      });
      fg = means.map(({ f, b }, c) => photo[c]!.map((v, i) => v + trust[i]! * (step(f[i]!, b[i]!, v, matte[i]!) - v)));
    } else {
      fg = means.map(({ f, b }, c) => photo[c]!.map((v, i) => step(f[i]!, b[i]!, v, alpha[i]!)));
      bg = means.map(({ b }) => b);
    }
  });
  return { fg, matte };
}

describe('estimateForeground against the plain full-resolution blur-fusion', () => {
  it('gives the same edge colours and alpha within a few levels, on a photo whose backdrop varies', () => {
    const width = 600;
    const height = 420;
    const random = seededRandom(7);
    const data = new Uint8Array(width * height * 3);
    const alpha = new Float32Array(width * height);
    // A backdrop of smooth colour waves and some noise; a subject with a soft, wavy outline.
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = y * width + x;
        const radius = 150 + 20 * Math.sin(Math.atan2(y - 210, x - 300) * 7);
        const a = Math.min(1, Math.max(0, (radius - Math.hypot(x - 300, y - 210)) / 6 + 0.5));
        alpha[i] = a;
        const back = [128 + 100 * Math.sin(x / 37), 128 + 100 * Math.cos(y / 23), 128 + 90 * Math.sin((x + y) / 51)];
        const front = [40 + x / 9, 200 - y / 8, 90];
        for (let c = 0; c < 3; c += 1) data[i * 3 + c] = Math.round(Math.min(255, Math.max(0, a * front[c]! + (1 - a) * back[c]! + (random() - 0.5) * 6)));
      }
    }
    const image = { width, height, channels: 3, data };
    const radii = [60, 4] as const;
    const { fg: plain, matte } = plainBlurFusion(image, alpha, radii);
    const fast = estimateForeground(image, alpha, radii);
    let edge = 0;
    let total = 0;
    let worst = 0;
    let alphaTotal = 0;
    let alphaWorst = 0;
    for (let i = 0; i < alpha.length; i += 1) {
      const a = alpha[i]!;
      if (a >= 1) expect([...fast.subarray(i * 4, i * 4 + 3)]).toEqual([...data.subarray(i * 3, i * 3 + 3)]);
      if (a <= 0 || a >= 1) continue;
      edge += 1;
      const alphaDifference = Math.abs(fast[i * 4 + 3]! - Math.round(matte[i]! * 255));
      alphaTotal += alphaDifference;
      alphaWorst = Math.max(alphaWorst, alphaDifference);
      for (let c = 0; c < 3; c += 1) {
        // As composited (premultiplied by each one's alpha): where the fringe's alpha differs by a level, the
        // colour of a nearly clear pixel may differ more, and shows that much less.
        const difference = Math.abs((fast[i * 4 + c]! * fast[i * 4 + 3]!) / 255 - plain[c]![i]! * matte[i]! * 255);
        total += difference;
        worst = Math.max(worst, difference);
      }
    }
    expect(edge).toBeGreaterThan(3000);
    expect(total / edge / 3).toBeLessThan(1);
    // The fringe's alpha divides by the distance between the subject's and the backdrop's means, so the few
    // levels by which the fast means differ (the wide pass on a grid) move a faint pixel's alpha more: it agrees
    // on average to half a level, at worst to 16 of 255 (both: 9 levels as composited over black).
    expect(worst).toBeLessThanOrEqual(12);
    expect(alphaTotal / edge).toBeLessThan(0.5);
    expect(alphaWorst).toBeLessThanOrEqual(20);
  }, 60_000); // the plain form's full-size blurs are slow on a loaded machine
});

describe("measureSubject's box and trimBox", () => {
  it('finds the box of the visible subject, ignoring faint noise', () => {
    const alpha = new Float32Array(100 * 80);
    for (let y = 20; y < 50; y += 1) for (let x = 10; x < 40; x += 1) alpha[y * 100 + x] = 1;
    alpha[5] = 0.004; // matte noise
    expect(measureSubject(alpha, 100, 80).box).toEqual({ x: 10, y: 20, width: 30, height: 30 });
  });

  it('says there is no subject in an empty matte or a speck', () => {
    expect(measureSubject(new Float32Array(100 * 100), 100, 100).box).toBeNull();
    const speck = new Float32Array(100 * 100);
    for (let i = 0; i < 10; i += 1) speck[i] = 1;
    expect(measureSubject(speck, 100, 100).box).toBeNull();
  });

  it('grows the box by the margin and stops at the photo edge', () => {
    expect(trimBox({ x: 10, y: 20, width: 30, height: 30 }, 15, 100, 60)).toEqual({ x: 0, y: 5, width: 55, height: 55 });
  });
});
