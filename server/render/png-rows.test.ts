import { describe, expect, it } from 'vitest';
import { FILTERS, filterRow } from './png-rows.mjs';

describe('png-rows', () => {
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
