// @ts-check
// The memory map of the scanline kernels (scanline-kernels.wat), computed here and only here: the kernels'
// source names these offsets (scripts/build-wasm.mjs puts the numbers in), and scanline-encoder.mjs fills the
// tables at the same ones. Fixed areas first, in order, each 64-byte aligned; the rows and the deflated output
// start at DYNAMIC. Plain JavaScript: the render workers load it without a TypeScript loader.

/** Records per block at most (a block ends sooner after BLOCK_BYTES of input). */
export const MAX_RECORDS = 16384;
/** Input bytes per deflate block at most (each block has its own Huffman code). */
export const BLOCK_BYTES = 65536;
/** The four literal frequency tables are this many bytes apart (286 u32 counts each, rounded up). */
export const LIT_FREQ_TABLE_BYTES = 2048;
/** The longest match deflate can code. */
export const MAX_MATCH = 258;

/**
 * The fixed areas, in memory order, with their sizes in bytes and what they hold.
 * @type {ReadonlyArray<readonly [name: string, bytes: number, holds: string]>}
 */
const AREAS = [
  ['STATE', 28, 'i32 record count (tokenize); at +8 and +12, the pending bits and their count (encode); at +16, +20, +24, three Adler-32 sums (adlerSums)'],
  ['DIST', 30 * 4, 'by distance code: i32 code | code length << 16 | extra bits << 24'],
  ['DIST_BASE', 30 * 4, 'by distance code: i32 smallest distance'],
  ['DIST_SMALL', 256, 'u8 distance code of distance d <= 256, at d - 1'],
  ['DIST_LARGE', 256, 'u8 distance code of distance d > 256, at (d - 1) >> 7'],
  ['LENGTH_SYMBOL', (MAX_MATCH + 1) * 2, 'by match length: u16 length symbol (257..285)'],
  ['DIST_FREQ', 30 * 4, 'by distance code: u32 frequency'],
  ['LENGTH', (MAX_MATCH + 1) * 4, "by match length: i32 its symbol's code with the extra bits after it | total bits << 24"],
  ['LIT', 256 * 16, 'by literal byte: i64 code, i64 code length'],
  ['LIT_FREQ', 4 * LIT_FREQ_TABLE_BYTES, '4 tables of 286 u32 frequencies: position i counts its literal in table i & 3'],
  ['RECORDS', MAX_RECORDS * 8, 'records of u32 literals before the match, u32 length << 16 | distance'],
];

const ALIGN = 64;

/**
 * Offsets for areas laid out one after another; throws if any two overlap (they cannot as laid out; the check
 * guards an edit of this function).
 * @param {ReadonlyArray<readonly [string, number, string]>} areas
 */
function layOut(areas) {
  /** @type {Record<string, number>} */
  const at = {};
  /** @type {Array<{ name: string, start: number, end: number }>} */
  const spans = [];
  let end = 0;
  for (const [name, bytes] of areas) {
    const start = Math.ceil(end / ALIGN) * ALIGN;
    at[name] = start;
    end = start + bytes;
    spans.push({ name, start, end });
  }
  for (const a of spans) {
    for (const b of spans) {
      if (a !== b && a.start < b.end && b.start < a.end) throw new Error(`scanline memory: ${a.name} [${a.start}, ${a.end}) overlaps ${b.name} [${b.start}, ${b.end})`);
    }
  }
  return { at, spans, end: Math.ceil(end / ALIGN) * ALIGN };
}

const layout = layOut(AREAS);
const at = layout.at;

/** Byte offsets of the fixed areas; the rows and the output are after DYNAMIC. */
export const AT = Object.freeze({
  STATE: /** @type {number} */ (at.STATE),
  DIST: /** @type {number} */ (at.DIST),
  DIST_BASE: /** @type {number} */ (at.DIST_BASE),
  DIST_SMALL: /** @type {number} */ (at.DIST_SMALL),
  DIST_LARGE: /** @type {number} */ (at.DIST_LARGE),
  LENGTH_SYMBOL: /** @type {number} */ (at.LENGTH_SYMBOL),
  DIST_FREQ: /** @type {number} */ (at.DIST_FREQ),
  LENGTH: /** @type {number} */ (at.LENGTH),
  LIT: /** @type {number} */ (at.LIT),
  LIT_FREQ: /** @type {number} */ (at.LIT_FREQ),
  RECORDS: /** @type {number} */ (at.RECORDS),
  DYNAMIC: layout.end,
});

/** The fixed areas as [start, end) byte ranges, in memory order (for the overlap test). */
export const AREA_SPANS = Object.freeze(layout.spans);

/** 64 KiB pages the module's memory starts with: the fixed areas. */
export const INITIAL_PAGES = Math.ceil(AT.DYNAMIC / 65536);

/** The numbers scanline-kernels.wat names. */
export const WAT_CONSTANTS = Object.freeze({
  ...AT,
  INITIAL_PAGES,
  LIT_FREQ_TABLE_BYTES,
  MAX_MATCH,
  /** The address of the last record tokenize may write before it stops for the block's last one. */
  LAST_RECORD: AT.RECORDS + (MAX_RECORDS - 1) * 8,
});
