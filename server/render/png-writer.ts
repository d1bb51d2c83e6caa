import { crc32 } from 'node:zlib';

/** One piece of a zlib stream split by rows: raw deflate ending in a sync flush (the last one: finished). */
export interface DeflatedPiece {
  deflated: Uint8Array;
  /** Adler-32 of the piece's uncompressed (filtered) bytes, and their number. */
  adler: number;
  length: number;
}

const BASE = 65521;

/** zlib's adler32_combine: the checksum of A followed by B from those of A and B and B's length. */
export function adler32Combine(adler1: number, adler2: number, len2: number): number {
  const rem = len2 % BASE;
  let sum1 = adler1 & 0xffff;
  let sum2 = (rem * sum1) % BASE;
  sum1 += (adler2 & 0xffff) + BASE - 1;
  sum2 += ((adler1 >>> 16) & 0xffff) + ((adler2 >>> 16) & 0xffff) + BASE - rem;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum2 >= BASE * 2) sum2 -= BASE * 2;
  if (sum2 >= BASE) sum2 -= BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ZLIB_HEADER = [0x78, 0x01]; // deflate, 32 KB window, fastest-level hint
/** A chunk's length, type and CRC around its data. */
const CHUNK_OVERHEAD = 12;

/**
 * An 8-bit RGB (`channels` 3) or RGBA (4) PNG whose IDAT stream is the concatenation of independently
 * deflated row pieces (as pigz does): a zlib header, the pieces in order, the combined Adler-32. One IDAT
 * chunk per piece. Written straight into one buffer of the exact size: each piece's bytes are copied once.
 */
export function assemblePng(width: number, height: number, channels: 3 | 4, pieces: readonly DeflatedPiece[]): Buffer {
  const idatData = (i: number) => pieces[i]!.deflated.length + (i === 0 ? ZLIB_HEADER.length : 0) + (i === pieces.length - 1 ? 4 : 0);
  let total = SIGNATURE.length + (CHUNK_OVERHEAD + 13) + CHUNK_OVERHEAD;
  for (let i = 0; i < pieces.length; i += 1) total += CHUNK_OVERHEAD + idatData(i);
  const png = Buffer.allocUnsafeSlow(total);
  png.set(SIGNATURE, 0);
  let at = SIGNATURE.length;
  /** Writes a chunk whose data `fill` puts at the given offset; returns nothing, moves `at` past it. */
  const chunk = (type: string, dataLength: number, fill: (offset: number) => void) => {
    png.writeUInt32BE(dataLength, at);
    png.write(type, at + 4, 'latin1');
    fill(at + 8);
    png.writeUInt32BE(crc32(png.subarray(at + 4, at + 8 + dataLength)), at + 8 + dataLength);
    at += CHUNK_OVERHEAD + dataLength;
  };
  chunk('IHDR', 13, (o) => {
    png.writeUInt32BE(width, o);
    png.writeUInt32BE(height, o + 4);
    png[o + 8] = 8; // bit depth
    png[o + 9] = channels === 3 ? 2 : 6; // colour type: RGB or RGBA
    png[o + 10] = 0; // deflate
    png[o + 11] = 0; // adaptive filtering (a filter byte per row)
    png[o + 12] = 0; // not interlaced
  });
  let adler = 1;
  pieces.forEach((piece, i) => {
    adler = adler32Combine(adler, piece.adler, piece.length);
    chunk('IDAT', idatData(i), (o) => {
      if (i === 0) {
        png.set(ZLIB_HEADER, o);
        o += ZLIB_HEADER.length;
      }
      png.set(piece.deflated, o);
      if (i === pieces.length - 1) png.writeUInt32BE(adler, o + piece.deflated.length);
    });
  });
  chunk('IEND', 0, () => {});
  return png;
}
