import { describe, expect, it } from 'vitest';
import { adler32, FILTERS, filterRow, packRgb } from './png-rows.mjs';

/** Adler-32 as RFC 1950 defines it, a byte at a time. */
function adler32Reference(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const v of bytes) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

describe('png-rows', () => {
  it('adler32 equals the byte-at-a-time definition, for any length and for all-0xff bytes', () => {
    for (const length of [0, 1, 3, 4, 63, 64, 65, 1000, 5552, 100_003]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7919 + (i >> 5)) & 255);
      expect(adler32(bytes)).toBe(adler32Reference(bytes));
    }
    const saturated = new Uint8Array(70_001).fill(255); // the largest sums the 16-bit lanes must hold
    expect(adler32(saturated)).toBe(adler32Reference(saturated));
  });

  it('packRgb drops alpha and keeps r, g, b in order, for widths that are not a multiple of 4', () => {
    for (const width of [1, 4, 5, 7, 8]) {
      const rgba = Uint8Array.from({ length: width * 4 }, (_, i) => i + 1);
      const out = new Uint8Array((width * 3 + 3) & ~3);
      packRgb(new Uint32Array(rgba.buffer), new Uint32Array(out.buffer), out, width);
      const expected = [...rgba].filter((_, i) => i % 4 !== 3);
      expect([...out.subarray(0, width * 3)]).toEqual(expected);
    }
  });

  it('the Up filter subtracts the row above byte by byte, wrapping, for RGB rows of any length', () => {
    const n = 3 * 5; // 15 bytes: not whole words
    const cur = new Uint8Array(16);
    const prev = new Uint8Array(16);
    for (let i = 0; i < n; i += 1) {
      cur[i] = (i * 37) & 255;
      prev[i] = (200 + i * 11) & 255;
    }
    const out = new Uint8Array(n + 2).fill(0xee);
    filterRow(FILTERS.up, cur, prev, n, 3, out, 0);
    expect(out[0]).toBe(2);
    expect([...out.subarray(1, n + 1)]).toEqual([...cur.subarray(0, n)].map((c, i) => (c - prev[i]! + 256) & 255));
    expect(out[n + 1]).toBe(0xee); // nothing written past the row
  });
});
