import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adler32Reference } from './adler32-reference.ts';
import { adler32, deflatePiece, ScanlineStrip, type ScanlineFilter } from './scanline-encoder.mjs';

// Properties of the scanline encoder over generated inputs (fast-check: random each run, shrunk to a smallest
// failing case, its seed printed to replay). zlib is the judge: whatever goes in must inflate back.

/** A stretch of bytes of one kind: noise, a run (up to well past a block), or a short repeating pattern. */
const segment = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 3000 }), // noise
  fc.record({ value: fc.integer({ min: 0, max: 255 }), length: fc.integer({ min: 1, max: 70_000 }) }).map(({ value, length }) => new Uint8Array(length).fill(value)),
  // Runs around the 4-byte minimum and the 16-byte SIMD steps.
  fc.record({ value: fc.integer({ min: 0, max: 255 }), length: fc.integer({ min: 1, max: 40 }) }).map(({ value, length }) => new Uint8Array(length).fill(value)),
  // Repeats at distances other than 1 (which the encoder leaves as literals).
  fc.record({ pattern: fc.uint8Array({ minLength: 2, maxLength: 16 }), times: fc.integer({ min: 1, max: 400 }) }).map(({ pattern, times }) => {
    const out = new Uint8Array(pattern.length * times);
    for (let i = 0; i < times; i += 1) out.set(pattern, i * pattern.length);
    return out;
  }),
);

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** The raw rows back from filtered ones (the PNG decoder's side, RFC 2083 6), to check a strip end to end. */
function unfilter(filtered: Uint8Array, rowBytes: number, rows: number, bpp: number, before: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = before;
  for (let r = 0; r < rows; r += 1) {
    const type = filtered[r * (rowBytes + 1)]!;
    const line = filtered.subarray(r * (rowBytes + 1) + 1, (r + 1) * (rowBytes + 1));
    const cur = new Uint8Array(rowBytes);
    for (let i = 0; i < rowBytes; i += 1) {
      const left = i >= bpp ? cur[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      let predicted = 0;
      if (type === 1) predicted = left;
      else if (type === 2) predicted = up;
      else if (type === 3) predicted = (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) throw new Error(`row ${r}: filter type ${type}`);
      cur[i] = (line[i]! + predicted) & 255;
    }
    out.push(cur);
    prev = cur;
  }
  return out;
}

describe('scanline-encoder, properties', () => {
  it('any mix of noise, long and short runs and patterns deflates to a stream zlib inflates back to it', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 0, maxLength: 12 }), (parts) => {
        const input = concat(parts);
        expect(Buffer.from(zlib.inflateRawSync(deflatePiece(input, true))).equals(Buffer.from(input))).toBe(true);
        expect(adler32(input)).toBe(adler32Reference(input));
      }),
      { numRuns: 60 },
    );
  });

  it('pieces deflated apart, each ending on a byte boundary but the last, inflate as one stream', () => {
    fc.assert(
      fc.property(fc.array(fc.array(segment, { minLength: 1, maxLength: 4 }).map(concat), { minLength: 1, maxLength: 5 }), (pieces) => {
        const joined = Buffer.concat(pieces.map((piece, i) => deflatePiece(piece, i === pieces.length - 1)));
        expect(Buffer.from(zlib.inflateRawSync(joined)).equals(Buffer.from(concat(pieces)))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('a strip of rows, with every filter, deflates to its filtered rows, which unfilter to the rows', () => {
    const strips = fc
      .record({
        bpp: fc.constantFrom(3, 4),
        pixels: fc.integer({ min: 1, max: 300 }),
        rows: fc.integer({ min: 1, max: 12 }),
        filter: fc.constantFrom<ScanlineFilter>('none', 'sub', 'up', 'average', 'paeth', 'adaptive'),
        startsInside: fc.boolean(),
        kind: fc.constantFrom('noise', 'flat', 'mixed'),
        seed: fc.integer(),
      })
      .map((s) => {
        const rowBytes = s.pixels * s.bpp;
        let x = s.seed >>> 0;
        const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
        const row = () =>
          Uint8Array.from({ length: rowBytes }, (_, i) => (s.kind === 'flat' ? 200 : s.kind === 'noise' ? next() : i % (s.bpp * 17) < s.bpp * 9 ? 30 : next()));
        return { ...s, rowBytes, before: s.startsInside ? row() : new Uint8Array(rowBytes), raw: Array.from({ length: s.rows }, row) };
      });
    fc.assert(
      fc.property(strips, ({ bpp, rowBytes, rows, filter, startsInside, before, raw }) => {
        const strip = new ScanlineStrip(rowBytes, rows, bpp);
        if (startsInside) {
          strip.row.set(before);
          strip.skip();
        }
        raw.forEach((r, i) => {
          strip.row.set(r);
          strip.filter(filter, i);
        });
        const filtered = Uint8Array.from(strip.filtered);
        expect(strip.adler32()).toBe(adler32Reference(filtered));
        expect(Buffer.from(zlib.inflateRawSync(strip.deflate(true))).equals(Buffer.from(filtered))).toBe(true);
        expect(unfilter(filtered, rowBytes, rows, bpp, before).map((r) => [...r])).toEqual(raw.map((r) => [...r]));
      }),
      { numRuns: 150 },
    );
  });
});
