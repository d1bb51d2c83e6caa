import { describe, expect, it } from 'vitest';
import { doubtWarning } from './cutout-doubt.ts';
import { measureSubject } from './subject-box.ts';

describe("the matte's half-transparent share (measureSubject) and doubtWarning", () => {
  it('counts half-transparent pixels per mostly opaque one: a clean disc is its edge, a hazy matte is more doubt than subject', () => {
    const size = 200;
    const disc = new Float32Array(size * size);
    const haze = new Float32Array(size * size);
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const d = Math.hypot(x - 100, y - 100);
        disc[y * size + x] = Math.min(1, Math.max(0, 60.5 - d));
        // The model's answer to a photo it cannot read: patches of 0.6 in a field of 0.3.
        haze[y * size + x] = (Math.floor(x / 20) + Math.floor(y / 20)) % 3 === 0 ? 0.6 : 0.3;
      }
    }
    const clean = measureSubject(disc, size, size).halfTransparent;
    expect(clean).toBeGreaterThan(0);
    expect(clean).toBeLessThan(0.1);
    expect(doubtWarning(clean)).toBeNull();
    const hazy = measureSubject(haze, size, size).halfTransparent;
    expect(hazy).toBeGreaterThan(2);
    expect(doubtWarning(hazy)).toMatch(/^the model was unsure what the subject of this photo is: much of the cut-out is half-transparent \(\d+ half-transparent pixels for every 100 mostly opaque ones\)/);
    expect(doubtWarning(null)).toBeNull();
    // An answer from a worker on an older version has no measure: no warning, and no "NaN".
    expect(doubtWarning(undefined)).toBeNull();
    expect(doubtWarning(Number.NaN)).toBeNull();
  });
});
