// PNG scanline work of the render workers: packing RGBA rows to RGB, the row filters, and Adler-32.
// Plain JavaScript on purpose: worker threads start without a TypeScript loader (vitest, tsx, node alike).
// Rows are held in buffers padded to a whole number of 32-bit words, so the hot loops run a word at a time.

export const FILTERS = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 };

/**
 * Packs `width` RGBA pixels (32-bit, little-endian: r in the low byte) into RGB bytes, four pixels into three
 * words at a time.
 */
export function packRgb(src32, dst32, dst8, width) {
  let i = 0;
  let o = 0;
  for (const end = width - 3; i < end; i += 4, o += 3) {
    const p0 = src32[i];
    const p1 = src32[i + 1];
    const p2 = src32[i + 2];
    const p3 = src32[i + 3];
    dst32[o] = (p0 & 0xffffff) | (p1 << 24);
    dst32[o + 1] = ((p1 >>> 8) & 0xffff) | (p2 << 16);
    dst32[o + 2] = ((p2 >>> 16) & 0xff) | (p3 << 8);
  }
  for (let b = o * 4; i < width; i += 1, b += 3) {
    const p = src32[i];
    dst8[b] = p;
    dst8[b + 1] = p >>> 8;
    dst8[b + 2] = p >>> 16;
  }
}

let upScratch = new Uint32Array(0);

/**
 * Writes filter type `f` of the first `n` bytes of `cur` (previous row `prev`, `bpp` bytes per pixel) to
 * out[o + 1 ...], the type byte at out[o]. `cur` and `prev` start on a 4-byte boundary.
 */
export function filterRow(f, cur, prev, n, bpp, out, o) {
  out[o] = f;
  o += 1;
  switch (f) {
    case 0:
      out.set(cur.subarray(0, n), o);
      return;
    case 1:
      for (let i = 0; i < bpp; i += 1) out[o + i] = cur[i];
      for (let i = bpp; i < n; i += 1) out[o + i] = cur[i] - cur[i - bpp];
      return;
    case 2: {
      // Byte-wise cur - prev, four bytes per 32-bit operation (no borrow between bytes), into an aligned
      // scratch row, then one copy to the (unaligned) place after the filter byte.
      const words = (n + 3) >> 2;
      if (upScratch.length < words) upScratch = new Uint32Array(words);
      const c32 = new Uint32Array(cur.buffer, cur.byteOffset, words);
      const p32 = new Uint32Array(prev.buffer, prev.byteOffset, words);
      for (let i = 0; i < words; i += 1) {
        const a = c32[i];
        const b = p32[i];
        upScratch[i] = ((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080);
      }
      out.set(new Uint8Array(upScratch.buffer, 0, n), o);
      return;
    }
    case 3:
      for (let i = 0; i < bpp; i += 1) out[o + i] = cur[i] - (prev[i] >> 1);
      for (let i = bpp; i < n; i += 1) out[o + i] = cur[i] - ((cur[i - bpp] + prev[i]) >> 1);
      return;
    case 4:
      for (let i = 0; i < bpp; i += 1) out[o + i] = cur[i] - prev[i];
      for (let i = bpp; i < n; i += 1) {
        const a = cur[i - bpp];
        const b = prev[i];
        const c = prev[i - bpp];
        const p = a + b - c;
        const pa = p > a ? p - a : a - p;
        const pb = p > b ? p - b : b - p;
        const pc = p > c ? p - c : c - p;
        out[o + i] = cur[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
  }
}

/** libpng's heuristic: the filter whose output has the least sum of absolute (signed) bytes. */
export function adaptiveRow(cur, prev, n, bpp, out, o, scratch) {
  let best = 0;
  let bestSum = Infinity;
  for (let f = 0; f <= 4; f += 1) {
    filterRow(f, cur, prev, n, bpp, scratch, 0);
    let sum = 0;
    for (let i = 1; i <= n; i += 1) {
      const v = scratch[i];
      sum += v < 128 ? v : 256 - v;
      if (sum >= bestSum) break;
    }
    if (sum < bestSum) {
      bestSum = sum;
      best = f;
    }
  }
  filterRow(best, cur, prev, n, bpp, out, o);
}

const BASE = 65521;

/**
 * Adler-32 of `buf` (which starts on a 4-byte boundary). Blocks of 16 words: the bytes at each position in a
 * word are summed in 16-bit lanes (two lanes per 32-bit number), and so are the running sums that make B;
 * 16 words keep every lane below 2^16.
 */
export function adler32(buf) {
  const words = buf.length >>> 2;
  const w32 = new Uint32Array(buf.buffer, buf.byteOffset, words);
  let a = 1;
  let b = 0;
  for (let i = 0; i < words; ) {
    const end = Math.min(i + 16, words);
    const n = (end - i) * 4;
    let sumEven = 0; // bytes 0 and 2 of each word, in the low and high lane
    let sumOdd = 0; // bytes 1 and 3
    let runEven = 0; // after each word, the sums so far, added up
    let runOdd = 0;
    for (; i < end; i += 1) {
      const w = w32[i];
      sumEven += w & 0xff00ff;
      sumOdd += (w >>> 8) & 0xff00ff;
      runEven += sumEven;
      runOdd += sumOdd;
    }
    const s0 = sumEven & 0xffff;
    const s1 = sumOdd & 0xffff;
    const s2 = sumEven >>> 16;
    const s3 = sumOdd >>> 16;
    const r = (runEven & 0xffff) + (runOdd & 0xffff) + (runEven >>> 16) + (runOdd >>> 16);
    // Byte m of the block (m = 4j + lane) adds (n - m) times to B: 4 * (words after it, itself included) - lane.
    b = (b + n * a + 4 * r - (s1 + 2 * s2 + 3 * s3)) % BASE;
    a = (a + s0 + s1 + s2 + s3) % BASE;
  }
  for (let i = words * 4; i < buf.length; i += 1) {
    a = (a + buf[i]) % BASE;
    b = (b + a) % BASE;
  }
  return ((b << 16) | a) >>> 0;
}
