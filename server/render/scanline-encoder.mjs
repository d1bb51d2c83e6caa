// PNG scanlines to a piece of a deflate stream (RFC 1951), in WebAssembly (scanline-kernels.wat): rows are
// filtered 16 bytes at a time, then deflated as runs of one byte among literals, with a dynamic Huffman code
// per 64 KB. Faster than Node's zlib for a slightly different size: docs/PERFORMANCE.md ("PNG settings") has the
// measured figures (bench/render.ts) and why runs and not a hash table. Plain JavaScript: it runs in the render
// workers (typed by its JSDoc, checked by tsconfig.workers.json).
import { adaptiveRow, filterRow, FILTERS } from './png-rows.mjs';
import { AT, BLOCK_BYTES, LIT_FREQ_TABLE_BYTES, MAX_MATCH } from './scanline-memory.mjs';
import { instantiateScanlineKernels } from './wasm-kernels.mjs';

const WINDOW = 32768; // the distance codes' range

// The length and distance alphabets of RFC 1951, 3.2.5.
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which the code-length code's lengths are sent. */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * Code lengths of a Huffman code for `freq` (n symbols), none longer than `maxBits`, into `lengths`. Symbols of
 * frequency 0 get length 0; at least two symbols get a code, so every code written is complete.
  * @param {ArrayLike<number>} freq
  * @param {number} n
  * @param {number} maxBits
  * @param {Uint8Array} lengths
 */
export function huffmanLengths(freq, n, maxBits, lengths) {
  lengths.fill(0, 0, n);
  // Sort the used symbols by frequency (packed as freq * 512 + symbol, so a typed sort does it).
  const keys = [];
  for (let s = 0; s < n; s += 1) if (freq[s] > 0) keys.push(freq[s] * 512 + s);
  for (let s = 0; keys.length < 2; s += 1) if (freq[s] === 0) keys.push(s); // frequency 0, sorts first
  const sorted = Float64Array.from(keys).sort();
  const m = sorted.length;
  // Moffat and Katajainen's in-place computation of minimum-redundancy code lengths over the sorted weights.
  const a = new Float64Array(m);
  for (let i = 0; i < m; i += 1) a[i] = Math.floor(sorted[i] / 512) + 1;
  a[0] += a[1];
  let root = 0;
  let leaf = 2;
  for (let next = 1; next < m - 1; next += 1) {
    if (leaf >= m || a[root] < a[leaf]) {
      a[next] = a[root];
      a[root++] = next;
    } else a[next] = a[leaf++];
    if (leaf >= m || (root < next && a[root] < a[leaf])) {
      a[next] += a[root];
      a[root++] = next;
    } else a[next] += a[leaf++];
  }
  a[m - 2] = 0;
  for (let next = m - 3; next >= 0; next -= 1) a[next] = a[a[next]] + 1;
  let avail = 1;
  let used = 0;
  let depth = 0;
  root = m - 2;
  let next = m - 1;
  while (avail > 0) {
    while (root >= 0 && a[root] === depth) {
      used += 1;
      root -= 1;
    }
    while (avail > used) {
      a[next--] = depth;
      avail -= 1;
    }
    avail = 2 * used;
    depth += 1;
    used = 0;
  }
  // a[i] is now the length of the i-th least frequent symbol. Limit the lengths to maxBits: clamp, then
  // lengthen the deepest codes still short of the limit until the Kraft sum is exactly 1 again.
  const count = new Int32Array(Math.max(depth, maxBits) + 1);
  for (let i = 0; i < m; i += 1) count[Math.min(a[i], maxBits)] += 1;
  let kraft = 0;
  for (let len = 1; len <= maxBits; len += 1) kraft += count[len] * 2 ** (maxBits - len);
  while (kraft > 2 ** maxBits) {
    count[maxBits] -= 1;
    for (let len = maxBits - 1; len > 0; len -= 1) {
      if (count[len] > 0) {
        count[len] -= 1;
        count[len + 1] += 2;
        break;
      }
    }
    kraft -= 1;
  }
  // Hand the lengths out again: the longest to the least frequent.
  let i = 0;
  for (let len = maxBits; len > 0; len -= 1) {
    for (let k = count[len]; k > 0; k -= 1) lengths[sorted[i++] % 512] = len;
  }
}

/**
 * Canonical codes for `lengths` (n symbols), bit-reversed for deflate's LSB-first order, into `codes`.
 * @param {Uint8Array} lengths
 * @param {number} n
 * @param {Uint16Array} codes
 */
export function canonicalCodes(lengths, n, codes) {
  const count = new Int32Array(16);
  for (let s = 0; s < n; s += 1) count[lengths[s]] += 1;
  count[0] = 0;
  const next = new Int32Array(16);
  let code = 0;
  for (let len = 1; len < 16; len += 1) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  for (let s = 0; s < n; s += 1) {
    const len = lengths[s];
    if (len === 0) continue;
    let c = next[len]++;
    let r = 0;
    for (let b = 0; b < len; b += 1) {
      r = (r << 1) | (c & 1);
      c >>= 1;
    }
    codes[s] = r;
  }
}

/** Deflate output: bytes into `out` from `pos`, bits gathered LSB first, fewer than 8 pending between calls. */
class BitWriter {
  /**
   * @param {Uint8Array} out
   * @param {number} pos
   */
  constructor(out, pos) {
    this.out = out;
    this.pos = pos;
    this.bits = 0;
    this.count = 0;
  }

  /**
   * Writes the low `n` bits (n <= 16) of `value`.
   * @param {number} value
   * @param {number} n
   */
  write(value, n) {
    this.bits |= value << this.count;
    this.count += n;
    while (this.count >= 8) {
      this.out[this.pos++] = this.bits;
      this.bits >>>= 8;
      this.count -= 8;
    }
  }

  /** Pads to a byte boundary with zero bits. */
  align() {
    if (this.count > 0) this.out[this.pos++] = this.bits;
    this.bits = 0;
    this.count = 0;
  }
}

/** The most a piece of n input bytes can take: 9 bits a byte (a Huffman code is never worse than a flat
 * 9-bit one), plus each block's header, plus the ending.
  * @param {number} n
  */
export function deflatedBound(n) {
  return n + (n >>> 3) + (Math.floor(n / BLOCK_BYTES) + 1) * 400 + 24;
}

const kernels = instantiateScanlineKernels();
const memory = kernels.memory;
let bytes = new Uint8Array(memory.buffer);
let words = new Uint32Array(memory.buffer);

/**
 * Grows the memory to at least `end` bytes, and refreshes the views a growth detaches.
 * @param {number} end
 */
function reserve(end) {
  if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  if (bytes.buffer !== memory.buffer) {
    bytes = new Uint8Array(memory.buffer);
    words = new Uint32Array(memory.buffer);
  }
}
const align64 = (/** @type {number} */ n) => (n + 63) & ~63;

// Tables that never change: distance codes by distance, their bases, the length symbol of each match length.
{
  const lengthSymbol = new Uint16Array(memory.buffer, AT.LENGTH_SYMBOL, MAX_MATCH + 1);
  for (let len = 3; len <= MAX_MATCH; len += 1) lengthSymbol[len] = lengthSymbolOf(len);
  for (let code = 0; code < DIST_BASE.length; code += 1) {
    words[AT.DIST_BASE / 4 + code] = DIST_BASE[code];
    const end = code + 1 < DIST_BASE.length ? DIST_BASE[code + 1] : WINDOW + 1;
    for (let d = DIST_BASE[code]; d < end; d += 1) {
      if (d <= 256) bytes[AT.DIST_SMALL + d - 1] = code;
      else bytes[AT.DIST_LARGE + ((d - 1) >> 7)] = code;
    }
  }
}

/**
 * @param {number} len
 */
function lengthSymbolOf(len) {
  let code = LENGTH_BASE.length - 1;
  while (LENGTH_BASE[code] > len) code -= 1;
  return 257 + code;
}

const litLengths = new Uint8Array(286);
const distLengths = new Uint8Array(30);
const litCodes = new Uint16Array(286);
const distCodes = new Uint16Array(30);
const clFreq = new Uint32Array(19);
const clLengths = new Uint8Array(19);
const clCodes = new Uint16Array(19);
const clSymbols = new Uint8Array(286 + 30);
const clExtra = new Uint8Array(286 + 30);
const allLengths = new Uint8Array(286 + 30);

const litFreq = new Uint32Array(286);

/**
 * Writes one dynamic-Huffman block (BFINAL 0) of the `records` records at AT.RECORDS, whose literals start at
 * address `from` and whose frequencies are counted.
  * @param {BitWriter} w
  * @param {number} from
  * @param {number} records
 */
function writeBlock(w, from, records) {
  const T = LIT_FREQ_TABLE_BYTES / 4;
  const f = AT.LIT_FREQ / 4;
  for (let s = 0; s < 286; s += 1) litFreq[s] = words[f + s] + words[f + T + s] + words[f + 2 * T + s] + words[f + 3 * T + s];
  const distFreq = words.subarray(AT.DIST_FREQ / 4, AT.DIST_FREQ / 4 + 30);
  litFreq[256] = 1; // end of block
  huffmanLengths(litFreq, 286, 15, litLengths);
  huffmanLengths(distFreq, 30, 15, distLengths);
  canonicalCodes(litLengths, 286, litCodes);
  canonicalCodes(distLengths, 30, distCodes);
  let hlit = 286;
  while (hlit > 257 && litLengths[hlit - 1] === 0) hlit -= 1;
  let hdist = 30;
  while (hdist > 1 && distLengths[hdist - 1] === 0) hdist -= 1;

  // The code lengths, run-length coded with symbols 16 (repeat the last 3-6 times), 17 and 18 (zeros).
  const all = allLengths.subarray(0, hlit + hdist);
  all.set(litLengths.subarray(0, hlit));
  all.set(distLengths.subarray(0, hdist), hlit);
  clFreq.fill(0);
  let k = 0;
  for (let i = 0; i < all.length; ) {
    const len = all[i];
    let run = 1;
    while (i + run < all.length && all[i + run] === len) run += 1;
    i += run;
    if (len === 0) {
      while (run >= 11) {
        const r = Math.min(run, 138);
        clSymbols[k] = 18;
        clExtra[k++] = r - 11;
        run -= r;
      }
      if (run >= 3) {
        clSymbols[k] = 17;
        clExtra[k++] = run - 3;
        run = 0;
      }
    } else {
      clSymbols[k++] = len;
      run -= 1;
      while (run >= 3) {
        const r = Math.min(run, 6);
        clSymbols[k] = 16;
        clExtra[k++] = r - 3;
        run -= r;
      }
    }
    while (run > 0) {
      clSymbols[k++] = len;
      run -= 1;
    }
  }
  for (let i = 0; i < k; i += 1) clFreq[clSymbols[i]] += 1;
  huffmanLengths(clFreq, 19, 7, clLengths);
  canonicalCodes(clLengths, 19, clCodes);
  let hclen = 19;
  while (hclen > 4 && clLengths[CL_ORDER[hclen - 1]] === 0) hclen -= 1;

  w.write(0b100, 3); // BFINAL 0, BTYPE 10 (dynamic Huffman)
  w.write(hlit - 257, 5);
  w.write(hdist - 1, 5);
  w.write(hclen - 4, 4);
  for (let i = 0; i < hclen; i += 1) w.write(clLengths[CL_ORDER[i]], 3);
  for (let i = 0; i < k; i += 1) {
    const s = clSymbols[i];
    w.write(clCodes[s], clLengths[s]);
    if (s === 16) w.write(clExtra[i], 2);
    else if (s === 17) w.write(clExtra[i], 3);
    else if (s === 18) w.write(clExtra[i], 7);
  }

  // The tables the encoding kernel reads: each literal's code; each match length's symbol code with its
  // extra bits after it; each distance code with its length and extra-bit count.
  for (let s = 0; s < 256; s += 1) {
    words[AT.LIT / 4 + 4 * s] = litCodes[s]; // i64 code, i64 length (high words stay 0)
    words[AT.LIT / 4 + 4 * s + 2] = litLengths[s];
  }
  for (let len = 3; len <= MAX_MATCH; len += 1) {
    const sym = lengthSymbolOf(len);
    const codeLength = litLengths[sym];
    const extra = LENGTH_EXTRA[sym - 257];
    words[AT.LENGTH / 4 + len] = (litCodes[sym] | ((len - LENGTH_BASE[sym - 257]) << codeLength)) | ((codeLength + extra) << 24);
  }
  for (let d = 0; d < 30; d += 1) words[AT.DIST / 4 + d] = distCodes[d] | (distLengths[d] << 16) | (DIST_EXTRA[d] << 24);
  w.pos = kernels.encode(from, AT.RECORDS, AT.RECORDS + records * 8, w.pos, w.bits, w.count);
  w.bits = words[AT.STATE / 4 + 2];
  w.count = words[AT.STATE / 4 + 3];
  w.write(litCodes[256], litLengths[256]);
  words.fill(0, f, f + 4 * T);
  distFreq.fill(0);
}

/**
 * Deflates `n` bytes at address `input` as a piece of a raw deflate stream, to address `output`; returns the
 * end address. A piece that is not `last` ends on a byte boundary with an empty stored block (zlib's
 * Z_SYNC_FLUSH), so pieces made apart can be joined; the `last` one ends the stream.
  * @param {number} input
  * @param {number} n
  * @param {number} output
  * @param {boolean} last
 */
function deflate(input, n, output, last) {
  const w = new BitWriter(bytes, output);
  words.fill(0, AT.LIT_FREQ / 4, (AT.LIT_FREQ + 4 * LIT_FREQ_TABLE_BYTES) / 4);
  words.fill(0, AT.DIST_FREQ / 4, AT.DIST_FREQ / 4 + 30);
  for (let i = 0; i < n; ) {
    const from = i;
    i = kernels.tokenize(input, n, i, i + BLOCK_BYTES);
    writeBlock(w, input + from, words[AT.STATE / 4]);
  }
  if (last) {
    w.write(0b011, 3); // BFINAL 1, BTYPE 01 (fixed Huffman), then its end-of-block code: seven 0 bits
    w.write(0, 7);
    w.align();
  } else {
    w.write(0, 3); // BFINAL 0, BTYPE 00 (stored), empty: LEN 0, NLEN 0xffff
    w.align();
    w.write(0, 16);
    w.write(0xffff, 16);
  }
  return w.pos;
}

const ADLER_BASE = 65521;
/** Chunks of 16 bytes per adlerSums call: 5552 bytes, zlib's NMAX, keep the 32-bit sums from overflowing. */
const ADLER_CHUNKS = 347;

/**
 * Adler-32 of the `n` bytes at address `at`, the 16-byte chunks summed in WebAssembly.
 * @param {number} at
 * @param {number} n
 */
function adler32At(at, n) {
  let a = 1;
  let b = 0;
  const end = at + n;
  for (let p = at; end - p >= 16; ) {
    const k = Math.min(ADLER_CHUNKS, (end - p) >> 4);
    kernels.adlerSums(p, k);
    const sum = words[AT.STATE / 4 + 4];
    const prefix = words[AT.STATE / 4 + 5];
    const dot = words[AT.STATE / 4 + 6];
    b = (b + ((16 * k * a) % ADLER_BASE) + ((16 * prefix) % ADLER_BASE) + dot) % ADLER_BASE;
    a = (a + sum) % ADLER_BASE;
    p += k * 16;
  }
  for (let p = end - ((end - at) & 15); p < end; p += 1) {
    a = (a + bytes[p]) % ADLER_BASE;
    b = (b + a) % ADLER_BASE;
  }
  return ((b << 16) | a) >>> 0;
}

/** A PNG filter for every row, or libpng's per-row choice ('adaptive'). @typedef {keyof typeof FILTERS | 'adaptive'} ScanlineFilter */

/** The filters with a SIMD kernel; png-rows.mjs does the others. */
const FILTER_KERNELS = { sub: kernels.filterSub, up: kernels.filterUp, average: kernels.filterAverage };

/**
 * One strip of PNG rows in the encoder's memory. Each raw row is written to `row` (or its word view `row32`),
 * then `filter` (or `skip`, for the row before the strip) takes it; `filtered` holds the strip's filtered
 * rows, each led by its filter type, and `deflate` deflates them. The first row's previous row is zeros, as
 * PNG wants for an image's first row. Valid until the next `new ScanlineStrip`.
 */
export class ScanlineStrip {
  /**
   * @param {number} rowBytes
   * @param {number} rows
   * @param {number} bpp
   */
  constructor(rowBytes, rows, bpp) {
    this.rowBytes = rowBytes;
    this.bpp = bpp;
    // Two raw rows, each after 32 zero bytes (the left neighbours of the first pixel) and with slack after
    // it for the 16-byte steps; then the filtered rows; then the deflated bytes.
    const slot = align64(rowBytes + 64);
    this.rowAt = [AT.DYNAMIC + 32, AT.DYNAMIC + slot + 32];
    this.filteredAt = AT.DYNAMIC + 2 * slot;
    this.filteredBytes = rows * (rowBytes + 1);
    this.outputAt = align64(this.filteredAt + this.filteredBytes + 64);
    reserve(this.outputAt + deflatedBound(this.filteredBytes) + 64);
    bytes.fill(0, AT.DYNAMIC, AT.DYNAMIC + 2 * slot);
    this.current = 1;
    this.filtered = bytes.subarray(this.filteredAt, this.filteredAt + this.filteredBytes);
    this.views = this.rowAt.map((at) => ({ row: bytes.subarray(at, at + rowBytes), row32: new Uint32Array(memory.buffer, at, (rowBytes + 3) >> 2) }));
    /** @type {Uint8Array | null} */
    this.scratch = null;
  }

  get row() {
    return this.views[this.current].row;
  }

  get row32() {
    return this.views[this.current].row32;
  }

  /** The current row becomes the previous one, unfiltered. */
  skip() {
    this.current ^= 1;
  }

  /**
   * Filters the current row (PNG filter `f`, or 'adaptive' for libpng's heuristic) into filtered row `index`.
   * @param {ScanlineFilter} f
   * @param {number} index
   */
  filter(f, index) {
    const o = index * (this.rowBytes + 1);
    const cur = this.current;
    if (f === 'adaptive') {
      this.scratch ??= new Uint8Array(this.rowBytes + 1);
      adaptiveRow(this.views[cur].row, this.views[cur ^ 1].row, this.rowBytes, this.bpp, this.filtered, o, this.scratch);
    } else if (f === 'sub' || f === 'up' || f === 'average') {
      this.filtered[o] = FILTERS[f];
      FILTER_KERNELS[f](this.rowAt[cur], this.rowAt[cur ^ 1], this.filteredAt + o + 1, this.rowBytes, this.bpp);
    } else {
      filterRow(FILTERS[f], this.views[cur].row, this.views[cur ^ 1].row, this.rowBytes, this.bpp, this.filtered, o);
    }
    this.current ^= 1;
  }

  /** Adler-32 of the filtered rows (zlib's checksum of the stream's uncompressed bytes). */
  adler32() {
    return adler32At(this.filteredAt, this.filteredBytes);
  }

  /**
   * Deflates the filtered rows; returns a view of the deflated piece (see `deflate`), valid with the strip.
   * @param {boolean} last
   */
  deflate(last) {
    const end = deflate(this.filteredAt, this.filteredBytes, this.outputAt, last);
    return bytes.subarray(this.outputAt, end);
  }
}

/**
 * Adler-32 of `input` (any bytes).
 * @param {Uint8Array} input
 */
export function adler32(input) {
  const strip = new ScanlineStrip(Math.max(0, input.length - 1), 1, 1);
  bytes.set(input, strip.filteredAt);
  return adler32At(strip.filteredAt, input.length);
}

/**
 * Deflates `input` (any bytes) as a piece of a raw deflate stream; for tests and benchmarks.
 * @param {Uint8Array} input
 * @param {boolean} last
 */
export function deflatePiece(input, last) {
  // The input goes where the filtered rows would be (one row of its length); no row is filtered.
  const strip = new ScanlineStrip(Math.max(0, input.length - 1), 1, 1);
  strip.filteredBytes = input.length;
  bytes.set(input, strip.filteredAt);
  return Uint8Array.from(strip.deflate(last));
}
