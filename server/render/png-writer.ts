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

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, tail]);
}

/**
 * An 8-bit RGBA PNG whose IDAT stream is the concatenation of independently deflated row pieces (as pigz
 * does): a zlib header, the pieces in order, the combined Adler-32. One IDAT chunk per piece.
 */
export function assemblePng(width: number, height: number, pieces: readonly DeflatedPiece[]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  let adler = 1;
  const idats: Buffer[] = [];
  pieces.forEach((piece, i) => {
    adler = adler32Combine(adler, piece.adler, piece.length);
    const parts: Uint8Array[] = [];
    if (i === 0) parts.push(Uint8Array.of(0x78, 0x01));
    parts.push(piece.deflated);
    if (i === pieces.length - 1) {
      const trailer = Buffer.alloc(4);
      trailer.writeUInt32BE(adler, 0);
      parts.push(trailer);
    }
    idats.push(chunk('IDAT', Buffer.concat(parts)));
  });
  return Buffer.concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', ihdr),
    ...idats,
    chunk('IEND', new Uint8Array(0)),
  ]);
}
