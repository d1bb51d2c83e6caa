import { deflateRawSync, constants } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { adler32 } from './scanline-encoder.mjs'; // checked against RFC 1950's definition in scanline-encoder.test.ts
import { adler32Combine, assemblePng } from './png-writer.ts';

describe('png-writer', () => {
  it('adler32Combine gives the checksum of the concatenation', () => {
    const x = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 255);
    const y = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 104729 + 13) & 255);
    const xy = new Uint8Array(x.length + y.length);
    xy.set(x);
    xy.set(y, x.length);
    expect(adler32Combine(adler32(x), adler32(y), y.length)).toBe(adler32(xy));
    expect(adler32Combine(1, adler32(y), y.length)).toBe(adler32(y));
  });

  it('joins independently deflated row pieces into one valid PNG', async () => {
    const width = 5;
    const height = 7;
    const rows: Uint8Array[] = [];
    for (let y = 0; y < height; y += 1) {
      const row = new Uint8Array(1 + width * 4); // filter type 0, then RGBA
      for (let x = 0; x < width; x += 1) row.set([x * 50, y * 30, 200, 255 - x * 10], 1 + x * 4);
      rows.push(row);
    }
    const piece = (from: number, to: number, last: boolean) => {
      const bytes = Buffer.concat(rows.slice(from, to));
      const deflated = deflateRawSync(bytes, { level: 1, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
      return { deflated, adler: adler32(bytes), length: bytes.length };
    };
    const png = assemblePng(width, height, 4, [piece(0, 3, false), piece(3, 4, false), piece(4, 7, true)]);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([width, height, 4]);
    expect([...data.subarray((6 * width + 4) * 4, (6 * width + 4) * 4 + 4)]).toEqual([200, 180, 200, 215]);
  });

  it('writes an RGB PNG (no alpha channel) from three-byte pixels', async () => {
    const width = 3;
    const height = 2;
    const rows = Buffer.concat([Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), Uint8Array.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90)]);
    const png = assemblePng(width, height, 3, [{ deflated: deflateRawSync(rows), adler: adler32(rows), length: rows.length }]);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([width, height, 3]);
    expect([...data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });
});
