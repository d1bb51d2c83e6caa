// The PNG row filters in plain JavaScript: the ones scanline-kernels.wat has no SIMD kernel for (none, Paeth,
// libpng's adaptive choice), and the definition the tests hold the kernels to. Plain JavaScript on purpose:
// worker threads start without a TypeScript loader. Rows are held in buffers padded to whole 32-bit words.

export const FILTERS = /** @type {const} */ ({ none: 0, sub: 1, up: 2, average: 3, paeth: 4 });

let upScratch = new Uint32Array(0);

/**
 * Writes filter type `f` of the first `n` bytes of `cur` (previous row `prev`, `bpp` bytes per pixel) to
 * out[o + 1 ...], the type byte at out[o]. `cur` and `prev` start on a 4-byte boundary.
 * @param {number} f
 * @param {Uint8Array} cur
 * @param {Uint8Array} prev
 * @param {number} n
 * @param {number} bpp
 * @param {Uint8Array} out
 * @param {number} o
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

/**
 * libpng's heuristic: the filter whose output has the least sum of absolute (signed) bytes.
 * @param {Uint8Array} cur
 * @param {Uint8Array} prev
 * @param {number} n
 * @param {number} bpp
 * @param {Uint8Array} out
 * @param {number} o
 * @param {Uint8Array} scratch n + 1 bytes
 */
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
