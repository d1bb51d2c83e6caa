import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32Reference } from './adler32-reference.ts';
import { FILTERS, filterRow } from './png-rows.mjs';
import { adler32, canonicalCodes, deflatePiece, huffmanLengths, ScanlineStrip, type ScanlineFilter } from './scanline-encoder.mjs';

/** Deterministic bytes: noise, runs of one byte and flat stretches, in the proportions `kind` says. */
function bytes(length: number, kind: 'noise' | 'runs' | 'mixed', seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 16;
  };
  for (let i = 0; i < length; ) {
    const run = kind === 'noise' ? 1 : kind === 'runs' ? 1 + (next() % 600) : next() % 4 === 0 ? 3 + (next() % 40) : 1;
    const value = next() & 255;
    for (let k = 0; k < run && i < length; k += 1) out[i++] = value;
  }
  return out;
}

/** Kraft's sum of a set of code lengths: exactly 1 for a complete prefix code. */
const kraft = (lengths: Uint8Array) => [...lengths].reduce((sum, len) => sum + (len ? 2 ** -len : 0), 0);

describe('scanline-encoder', () => {
  it('deflates any bytes into a stream zlib inflates back to them: noise, runs, mixed, tiny and empty', () => {
    for (const input of [
      bytes(300_000, 'noise'),
      bytes(300_000, 'runs'),
      bytes(300_000, 'mixed'),
      new Uint8Array(200_000), // one value: a run as long as the input
      Uint8Array.of(7),
      Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17),
      new Uint8Array(0),
    ]) {
      const deflated = deflatePiece(input, true);
      expect(Buffer.from(zlib.inflateRawSync(deflated)).equals(Buffer.from(input))).toBe(true);
    }
  });

  it('compresses runs to a small fraction and noise to about its own size', () => {
    const runs = bytes(300_000, 'runs');
    const noise = bytes(300_000, 'noise');
    expect(deflatePiece(runs, true).length).toBeLessThan(runs.length / 50);
    expect(deflatePiece(noise, true).length).toBeLessThan(noise.length * 1.01);
  });

  it('pieces deflated apart join into one stream (each but the last ends on a byte boundary)', () => {
    const parts = [bytes(70_000, 'mixed', 1), bytes(1, 'noise', 2), bytes(130_001, 'runs', 3), bytes(5, 'mixed', 4)];
    const joined = Buffer.concat(parts.map((part, i) => deflatePiece(part, i === parts.length - 1)));
    expect(Buffer.from(zlib.inflateRawSync(joined)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('filters rows as png-rows.mjs defines each PNG filter, the first row against zeros', () => {
    const bpp = 3;
    const rowBytes = 3 * 37; // not a multiple of 16: the 16-byte steps end inside a row
    const rows = [bytes(rowBytes, 'noise', 5), bytes(rowBytes, 'mixed', 6), bytes(rowBytes, 'noise', 7)];
    for (const f of ['none', 'sub', 'up', 'average', 'paeth'] as const) {
      const strip = new ScanlineStrip(rowBytes, rows.length, bpp);
      rows.forEach((row, i) => {
        strip.row.set(row);
        strip.filter(f, i);
      });
      const expected = new Uint8Array(rows.length * (rowBytes + 1));
      // png-rows.mjs wants rows padded to whole words.
      const padded = [new Uint8Array(rowBytes), ...rows].map((row) => {
        const copy = new Uint8Array((rowBytes + 3) & ~3);
        copy.set(row);
        return copy;
      });
      rows.forEach((_, i) => filterRow(FILTERS[f], padded[i + 1]!, padded[i]!, rowBytes, bpp, expected, i * (rowBytes + 1)));
      expect([...strip.filtered], f).toEqual([...expected]);
    }
  });

  it('a strip that starts inside the image filters its first row against the row before it', () => {
    const rowBytes = 40;
    const before = bytes(rowBytes, 'noise', 8);
    const first = bytes(rowBytes, 'noise', 9);
    const strip = new ScanlineStrip(rowBytes, 1, 4);
    strip.row.set(before);
    strip.skip();
    strip.row.set(first);
    strip.filter('up' satisfies ScanlineFilter, 0);
    expect(strip.filtered[0]).toBe(2);
    expect([...strip.filtered.subarray(1)]).toEqual([...first.map((v, i) => v - before[i]!)]); // Uint8Array.map wraps mod 256
    expect(Buffer.from(zlib.inflateRawSync(strip.deflate(true))).equals(Buffer.from(strip.filtered))).toBe(true);
  });

  it('adler32 equals the byte-at-a-time definition, for any length and for all-0xff bytes', () => {
    for (const length of [0, 1, 3, 15, 16, 17, 63, 1000, 5551, 5552, 5553, 100_003]) {
      const input = Uint8Array.from({ length }, (_, i) => (i * 7919 + (i >> 5)) & 255);
      expect(adler32(input), `${length} bytes`).toBe(adler32Reference(input));
    }
    const saturated = new Uint8Array(70_001).fill(255); // the largest sums the 32-bit lanes must hold
    expect(adler32(saturated)).toBe(adler32Reference(saturated));
  });

  it("a strip's adler32 is that of its filtered rows", () => {
    for (const [rowBytes, rows] of [[1, 1], [47, 3], [11520, 3], [3, 2000]] as const) {
      const strip = new ScanlineStrip(rowBytes, rows, 3);
      for (let i = 0; i < rows; i += 1) {
        strip.row.set(bytes(rowBytes, 'noise', i + 1));
        strip.filter('up', i);
      }
      expect(strip.adler32(), `${rowBytes}x${rows}`).toBe(adler32Reference(strip.filtered));
    }
  });

  it('huffmanLengths makes complete codes within the length limit, shorter for more frequent symbols', () => {
    const lengths = new Uint8Array(286);
    // Fibonacci frequencies make the deepest unlimited tree (one more level per symbol).
    const fib = new Uint32Array(286);
    let [a, b] = [1, 1];
    for (let s = 0; s < 30; s += 1) {
      fib[s] = a;
      [a, b] = [b, a + b];
    }
    huffmanLengths(fib, 286, 15, lengths);
    expect(Math.max(...lengths)).toBe(15);
    expect(kraft(lengths)).toBe(1);
    for (let s = 1; s < 30; s += 1) expect(lengths[s]).toBeLessThanOrEqual(lengths[s - 1]!);

    // One symbol alone still gets a complete code (a second, unused, symbol takes the other half).
    const single = new Uint32Array(19);
    single[5] = 100;
    const singleLengths = new Uint8Array(19);
    huffmanLengths(single, 19, 7, singleLengths);
    expect(singleLengths[5]).toBe(1);
    expect(kraft(singleLengths)).toBe(1);
  });

  it('canonicalCodes gives each length consecutive codes, bit-reversed for deflate', () => {
    const lengths = Uint8Array.of(2, 1, 3, 3); // RFC 1951 3.2.2: B=0, A=10, C=110, D=111
    const codes = new Uint16Array(4);
    canonicalCodes(lengths, 4, codes);
    expect([...codes]).toEqual([0b01, 0b0, 0b011, 0b111]);
  });
});
