// The PNG scanline encoder's hot loops as WebAssembly (source here, assembled by wasm-emitter.mjs when the
// worker loads): the row filters, 16 bytes at a time; `tokenize`, which finds runs and counts symbol
// frequencies; `encode`, which writes them with a block's Huffman codes. Everything per block around them
// (building codes, headers) is in scanline-encoder.mjs, which also owns the memory after AT.DYNAMIC.
import { emitModule } from './wasm-emitter.mjs';

/** Byte offsets of the fixed areas in the module's memory; the input and output areas follow `DYNAMIC`. */
export const AT = {
  STATE: 0, // i32 record count (tokenize); at 8, i32 pending bits and bit count (encode); at 16, three sums (adlerSums)
  LIT: 4096, // 256 x (i64 code, i64 code length), by literal byte
  LENGTH: 2048, // 259 x i32: length symbol's code with its extra bits after it | total bits << 24, by match length
  DIST: 64, // 30 x i32: distance code | code length << 16 | extra bits << 24
  DIST_BASE: 256, // 30 x i32
  DIST_SMALL: 512, // 256 x u8: distance code of distance d <= 256, at d - 1
  DIST_LARGE: 768, // 256 x u8: distance code of distance d > 256, at (d - 1) >> 7
  LENGTH_SYMBOL: 1024, // 259 x u16: the length symbol (257..285) of each match length
  DIST_FREQ: 1600, // 30 x u32
  LIT_FREQ: 8192, // 4 tables of 286 x u32, 2048 bytes apart: position i counts its literal in table i & 3
  RECORDS: 16384, // up to MAX_RECORDS x (u32 literals before the match, u32 length << 16 | distance)
  DYNAMIC: 196608,
};
export const LIT_FREQ_TABLE_BYTES = 2048;
/** Records per block at most (a block ends sooner after BLOCK_BYTES of input). */
export const MAX_RECORDS = 16384;
export const BLOCK_BYTES = 65536;
const MAX_MATCH = 258;

const get = (i) => ['local.get', i];
const set = (i) => ['local.set', i];
const c = (v) => ['i32.const', v];
/** local[i] += v */
const addTo = (i, v) => [get(i), c(v), 'i32.add', set(i)];
/** The u32 at the address on the stack, plus one. */
const increment = (address) => [...address, ...address, 'i32.load', c(1), 'i32.add', 'i32.store'];

/** The distance code of the distance in local `dist` (1..32768). */
const distCodeOf = (dist) => [
  get(dist), ['i32.load8_u', AT.DIST_SMALL - 1],
  get(dist), c(1), 'i32.sub', c(7), 'i32.shr_u', ['i32.load8_u', AT.DIST_LARGE],
  get(dist), c(256), 'i32.le_u',
  'select',
];

/** Counts the byte at inp + i + j (local 15 holds inp + i) in literal table `table`. */
const countLiteralAt = (j, table) => {
  const offset = AT.LIT_FREQ + table * LIT_FREQ_TABLE_BYTES;
  return [get(15), ['i32.load8_u', j], c(2), 'i32.shl', ['local.tee', 16], get(16), ['i32.load', offset], c(1), 'i32.add', ['i32.store', offset]];
};

/** Counts the byte at inp + i (local 0 + local 2) in table i & 3, then i += 1. */
const countLiteral = [
  get(0), get(2), 'i32.add', set(15),
  get(15), 'i32.load8_u', c(2), 'i32.shl', get(2), c(3), 'i32.and', c(11), 'i32.shl', 'i32.add', set(16),
  get(16), ['i32.load', AT.LIT_FREQ], c(1), 'i32.add', set(17),
  get(16), get(17), ['i32.store', AT.LIT_FREQ],
  ...addTo(2, 1),
];

const TOKENIZE = {
  // tokenize(inp, n, i, limit) -> the position reached: runs of one byte (matches at distance 1, at least 4
  // bytes after the byte they repeat) among literals, from position i until position `limit` is passed,
  // MAX_RECORDS - 1 runs are found, or the input's last 16 bytes are reached (those end it as literals). Runs
  // are found 16 bytes at a time: each byte compared with the one before it in one SIMD compare. Filtered
  // scanlines repeat mostly as runs (flat areas filter to zeros), and a hash table's other matches cost
  // more time than they save bytes here (see docs/PERFORMANCE.md). Each run is a record of the literals
  // before it and itself; a last record (run 0) holds the literals after the last run. The record count goes
  // to AT.STATE; frequencies add up.
  name: 'tokenize',
  params: ['i32', 'i32', 'i32', 'i32'],
  results: ['i32'],
  // 4 end, 5 rec, 6 recEnd, 7 mask, 8 k, 9 len, 10 max, 11 litStart, 12 p, 13 byte, 14 v128 byte splat,
  // 15 inp + i, 16 address, 17 value
  locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'v128', 'i32', 'i32', 'i32'],
  body: [
    get(1), c(16), 'i32.sub', set(4),
    get(3), get(4), get(3), get(4), 'i32.le_s', 'select', set(3), // limit = min(limit, n - 16)
    c(AT.RECORDS), set(5),
    c(AT.RECORDS + (MAX_RECORDS - 1) * 8), set(6),
    get(2), set(11),
    // The stream's first byte has none before it.
    get(2), 'i32.eqz', get(1), c(0), 'i32.gt_s', 'i32.and',
    'if', ...countLiteral, 'end',
    'block', 'loop',
    get(2), get(3), 'i32.gt_s', ['br_if', 1],
    get(5), get(6), 'i32.ge_u', ['br_if', 1],
    get(0), get(2), 'i32.add', ['local.tee', 15], 'v128.load',
    get(15), c(1), 'i32.sub', 'v128.load',
    'i8x16.eq', 'i8x16.bitmask', set(7),
    // Bit k: bytes i+k .. i+k+3 each equal the byte before, a run of at least 4 starts at i + k (k <= 12).
    get(7), get(7), c(1), 'i32.shr_u', 'i32.and', get(7), c(2), 'i32.shr_u', 'i32.and', get(7), c(3), 'i32.shr_u', 'i32.and',
    c(0x1fff), 'i32.and', set(7),
    get(7), 'i32.eqz',
    'if',
    // Thirteen literals, each counted in a table other than its neighbours'.
    ...[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 1].flatMap((table, j) => countLiteralAt(j, table)),
    ...addTo(2, 13),
    ['br', 1],
    'end',
    get(7), 'i32.ctz', get(2), 'i32.add', set(12),
    'block', 'loop',
    get(2), get(12), 'i32.ge_u', ['br_if', 1],
    ...countLiteral,
    ['br', 0],
    'end', 'end',
    // The run: max = min(258, n - p); extend 16 bytes at a time, then byte by byte.
    get(0), get(12), 'i32.add', c(1), 'i32.sub', 'i32.load8_u', ['local.tee', 13], 'i8x16.splat', set(14),
    c(MAX_MATCH), get(1), get(12), 'i32.sub', get(1), get(12), 'i32.sub', c(MAX_MATCH), 'i32.gt_u', 'select', set(10),
    c(4), set(9),
    'block', 'loop',
    get(9), c(16), 'i32.add', get(10), 'i32.gt_u', ['br_if', 1],
    get(0), get(12), 'i32.add', get(9), 'i32.add', 'v128.load', get(14), 'i8x16.eq', 'i8x16.bitmask', c(0xffff), 'i32.xor', ['local.tee', 8],
    'if', get(9), get(8), 'i32.ctz', 'i32.add', set(9), ['br', 2], 'end',
    ...addTo(9, 16), ['br', 0],
    'end', 'end',
    'block', 'loop',
    get(9), get(10), 'i32.ge_u', ['br_if', 1],
    get(0), get(12), 'i32.add', get(9), 'i32.add', 'i32.load8_u', get(13), 'i32.ne', ['br_if', 1],
    ...addTo(9, 1), ['br', 0],
    'end', 'end',
    get(5), get(12), get(11), 'i32.sub', 'i32.store',
    get(5), get(9), c(16), 'i32.shl', c(1), 'i32.or', ['i32.store', 4],
    ...addTo(5, 8),
    ...increment([get(9), c(1), 'i32.shl', ['i32.load16_u', AT.LENGTH_SYMBOL], c(2), 'i32.shl', c(AT.LIT_FREQ), 'i32.add']),
    ...increment([c(AT.DIST_FREQ)]),
    get(12), get(9), 'i32.add', ['local.tee', 2], set(11),
    ['br', 0],
    'end', 'end',
    // The input's last bytes are literals.
    get(2), get(4), 'i32.gt_s',
    'if',
    'block', 'loop',
    get(2), get(1), 'i32.ge_s', ['br_if', 1],
    ...countLiteral,
    ['br', 0],
    'end', 'end',
    'end',
    get(5), get(2), get(11), 'i32.sub', 'i32.store',
    get(5), c(0), ['i32.store', 4],
    c(AT.STATE), get(5), c(AT.RECORDS - 8), 'i32.sub', c(3), 'i32.shr_u', 'i32.store',
    get(2),
  ],
};

/** One literal: the byte at address q, its code into the bit buffer; q += 1. Needs no flush for three. */
const putLiteral = [
  get(0), 'i32.load8_u', c(4), 'i32.shl', set(9),
  get(6), get(9), ['i64.load', AT.LIT], get(7), 'i64.shl', 'i64.or', set(6),
  get(7), get(9), ['i64.load', AT.LIT + 8], 'i64.add', set(7),
  ...addTo(0, 1),
];

/**
 * Writes the bit buffer's whole bytes: all 8 bytes are stored, the output moves on by the whole ones, and
 * fewer than 8 bits stay pending (no branch).
 */
const flush = [
  get(3), get(6), 'i64.store',
  get(3), get(7), 'i32.wrap_i64', c(3), 'i32.shr_u', 'i32.add', set(3),
  get(6), get(7), ['i64.const', 56], 'i64.and', 'i64.shr_u', set(6),
  get(7), ['i64.const', 7], 'i64.and', set(7),
];

/** bits |= value << count; count += n, value and n i32 instruction lists. */
const putBits64 = (value, n) => [
  get(6), ...value, 'i64.extend_i32_u', get(7), 'i64.shl', 'i64.or', set(6),
  get(7), ...n, 'i64.extend_i32_u', 'i64.add', set(7),
];

const ENCODE = {
  // encode(q, rec, recEnd, out, bits, count) -> the output position reached: writes the records in
  // [rec, recEnd), their literals read from address q on, with the codes in AT.LIT, AT.LENGTH and AT.DIST,
  // after `count` (< 8) pending bits `bits`, through a 64-bit buffer flushed a whole byte at a time; leaves
  // fewer than 8 bits pending, in AT.STATE + 8 and + 12. Writes up to 8 bytes past the position returned.
  name: 'encode',
  params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
  results: ['i32'],
  locals: ['i64', 'i64', 'i32', 'i32', 'i32', 'i32', 'i32'], // 6 bits, 7 count, 8 litEnd, 9 entry, 10 match, 11 dist, 12 dc
  body: [
    get(4), 'i64.extend_i32_u', set(6),
    get(5), 'i64.extend_i32_u', set(7),
    'block', 'loop',
    get(1), get(2), 'i32.ge_u', ['br_if', 1],
    // The literals, three per flush (with fewer than 8 bits pending, three codes of at most 15 bits fit).
    get(1), 'i32.load', get(0), 'i32.add', set(8),
    'block', 'loop',
    get(0), c(2), 'i32.add', get(8), 'i32.ge_u', ['br_if', 1],
    ...putLiteral,
    ...putLiteral,
    ...putLiteral,
    ...flush,
    ['br', 0],
    'end', 'end',
    'block', 'loop',
    get(0), get(8), 'i32.ge_u', ['br_if', 1],
    ...putLiteral,
    ...flush,
    ['br', 0],
    'end', 'end',
    get(1), ['i32.load', 4], set(10),
    get(10),
    'if',
    // A match: its length code and extra bits (at most 20), then its distance code and extra bits (at most 28).
    get(10), c(16), 'i32.shr_u', c(2), 'i32.shl', ['i32.load', AT.LENGTH], set(9),
    ...putBits64([get(9), c(0xffffff), 'i32.and'], [get(9), c(24), 'i32.shr_u']),
    get(10), c(0xffff), 'i32.and', set(11),
    ...distCodeOf(11), c(2), 'i32.shl', set(12),
    get(12), ['i32.load', AT.DIST], set(9),
    ...putBits64(
      [get(9), c(0xffff), 'i32.and', get(11), get(12), ['i32.load', AT.DIST_BASE], 'i32.sub', get(9), c(16), 'i32.shr_u', c(255), 'i32.and', 'i32.shl', 'i32.or'],
      [get(9), c(16), 'i32.shr_u', c(255), 'i32.and', get(9), c(24), 'i32.shr_u', 'i32.add'],
    ),
    ...flush,
    get(0), get(10), c(16), 'i32.shr_u', 'i32.add', set(0),
    'end',
    ...addTo(1, 8),
    ['br', 0],
    'end', 'end',
    c(AT.STATE + 8), get(6), 'i32.wrap_i64', 'i32.store',
    c(AT.STATE + 12), get(7), 'i32.wrap_i64', 'i32.store',
    get(3),
  ],
};

/**
 * A row filter: filterX(cur, prev, out, n, bpp) writes the n filtered bytes of raw row `cur` (previous raw
 * row `prev`) to `out`, 16 at a time (reading and writing up to 15 bytes past n). `predict` leaves the
 * prediction of the 16 bytes at cur on the stack; locals 5 end, 6 left (cur - bpp).
 */
const rowFilter = (name, predict) => ({
  name,
  params: ['i32', 'i32', 'i32', 'i32', 'i32'],
  locals: ['i32', 'i32'],
  body: [
    get(2), get(3), 'i32.add', set(5),
    get(0), get(4), 'i32.sub', set(6),
    'block', 'loop',
    get(2), get(5), 'i32.ge_u', ['br_if', 1],
    get(2), get(0), 'v128.load', ...predict, 'i8x16.sub', 'v128.store',
    ...addTo(0, 16), ...addTo(1, 16), ...addTo(2, 16), ...addTo(6, 16),
    ['br', 0],
    'end', 'end',
  ],
});

const FILTERS = [
  rowFilter('filterSub', [get(6), 'v128.load']),
  rowFilter('filterUp', [get(1), 'v128.load']),
  // floor((left + up) / 2): the rounding-up average, less 1 where left + up is odd.
  rowFilter('filterAverage', [
    get(6), 'v128.load', get(1), 'v128.load', 'i8x16.avgr_u',
    get(6), 'v128.load', get(1), 'v128.load', 'v128.xor', c(1), 'i8x16.splat', 'v128.and',
    'i8x16.sub',
  ]),
];

const ADLER = {
  // adlerSums(p, k) -> nothing: for the 16k bytes at p, with a and b the Adler-32 sums so far (a0, b0), the
  // terms that add to them: AT.STATE + 16: sum of the bytes; + 20: sum of the bytes, each times 16 per chunk
  // of 16 after its own; + 24: sum of the bytes times their weight 16..1 within their chunk. Then
  // a = a0 + S, b = b0 + 16k * a0 + 16 * P + D (scanline-encoder.mjs takes them modulo 65521). k <= 347
  // keeps every lane below 2^31.
  name: 'adlerSums',
  params: ['i32', 'i32'],
  // 2 end, 3 v, 4 sums (per lane), 5 prefix (sums of earlier chunks, added up), 6 dot
  locals: ['i32', 'v128', 'v128', 'v128', 'v128'],
  body: [
    get(1), c(4), 'i32.shl', get(0), 'i32.add', set(2),
    'block', 'loop',
    get(0), get(2), 'i32.ge_u', ['br_if', 1],
    get(0), 'v128.load', set(3),
    get(5), get(4), 'i32x4.add', set(5),
    get(4), get(3), 'i16x8.extadd_pairwise_i8x16_u', 'i32x4.extadd_pairwise_i16x8_u', 'i32x4.add', set(4),
    get(6),
    get(3), 'i16x8.extend_low_i8x16_u', ['i16x8.const', [16, 15, 14, 13, 12, 11, 10, 9]], 'i32x4.dot_i16x8_s', 'i32x4.add',
    get(3), 'i16x8.extend_high_i8x16_u', ['i16x8.const', [8, 7, 6, 5, 4, 3, 2, 1]], 'i32x4.dot_i16x8_s', 'i32x4.add',
    set(6),
    ...addTo(0, 16),
    ['br', 0],
    'end', 'end',
    ...[[16, 4], [20, 5], [24, 6]].flatMap(([offset, local]) => [
      c(AT.STATE + offset),
      get(local), ['i32x4.extract_lane', 0], get(local), ['i32x4.extract_lane', 1], 'i32.add',
      get(local), ['i32x4.extract_lane', 2], 'i32.add', get(local), ['i32x4.extract_lane', 3], 'i32.add',
      'i32.store',
    ]),
  ],
};

/** The kernels' module bytes (deterministic). */
export const SCANLINE_WASM = emitModule(AT.DYNAMIC / 65536, [TOKENIZE, ENCODE, ...FILTERS, ADLER]);
