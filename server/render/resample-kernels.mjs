// The resampler's inner loops as WebAssembly SIMD (source here, assembled by wasm-emitter.mjs when the worker
// loads): one pixel is one f32x4 of (r, g, b, a), so every tap is one multiply-add for all four channels.
// Pointers are byte offsets in the module's own memory; the caller (catrom-resampler.mjs) copies source rows
// in and result rows out.
import { emitModule } from './wasm-emitter.mjs';

const ZERO = ['v128.const', [0, 0, 0, 0]];
const MAX8 = ['v128.const', [255, 255, 255, 255]];
const HALF = ['v128.const', [0.5, 0.5, 0.5, 0.5]];

/** `while (ptr < end) { body; ptr += step ... }` with the exit test first. */
function loopWhileBelow(ptr, end, body, steps) {
  return [
    'block', 'loop',
    ['local.get', ptr], ['local.get', end], 'i32.ge_u', ['br_if', 1],
    ...body,
    ...steps.flatMap(([local, step]) => [['local.get', local], ['i32.const', step], 'i32.add', ['local.set', local]]),
    ['br', 0],
    'end', 'end',
  ];
}

/** end = base + (count << shift) */
const setEnd = (end, base, count, shift) => [['local.get', base], ['local.get', count], ['i32.const', shift], 'i32.shl', 'i32.add', ['local.set', end]];

/** The four bytes at the address on the stack, widened to f32x4. */
const loadPixel = ['v128.load32_zero', 'i16x8.extend_low_i8x16_u', 'i32x4.extend_low_i16x8_u', 'f32x4.convert_i32x4_u'];

/** Each pixel's alpha byte set (as eight 16-bit lanes, little-endian): a mask for v128.bitselect. */
const ALPHA_BYTES = ['i16x8.const', [0, 0xff00, 0, 0xff00, 0, 0xff00, 0, 0xff00]];
const i16x8 = (v) => ['i16x8.const', [v, v, v, v, v, v, v, v]];

/**
 * One half (two pixels, as eight 16-bit lanes widened by `extend`) of overOpaque, from locals 4 (s), 5 (d) and
 * 6 (alpha): x = s * a + d * (255 - a) + 127, then floor(x / 255) as (x + (x >> 8) + 1) >> 8, exact for every
 * x up to 255 * 255 + 127 (and no lane passes 2^16).
 */
const overHalf = (extend) => [
  ['local.get', 4], extend, ['local.get', 6], extend, 'i16x8.mul',
  ['local.get', 5], extend, i16x8(255), ['local.get', 6], extend, 'i16x8.sub', 'i16x8.mul',
  'i16x8.add', i16x8(127), 'i16x8.add',
  ['local.tee', 7], ['local.get', 7], ['i32.const', 8], 'i16x8.shr_u', 'i16x8.add', i16x8(1), 'i16x8.add',
  ['i32.const', 8], 'i16x8.shr_u',
];

const FUNCTIONS = [
  {
    // prepRgba(src, dst, n): n RGBA byte pixels -> f32x4 (r*a, g*a, b*a, a), a in 0..255.
    name: 'prepRgba',
    params: ['i32', 'i32', 'i32'],
    locals: ['i32', 'v128'], // 3 end, 4 pixel
    body: [
      ...setEnd(3, 0, 2, 2),
      ...loopWhileBelow(0, 3, [
        ['local.get', 1],
        ['local.get', 0], ...loadPixel, ['local.tee', 4],
        ['local.get', 4], ['f32x4.extract_lane', 3], 'f32x4.splat', 'f32x4.mul',
        ['local.get', 4], ['f32x4.extract_lane', 3], ['f32x4.replace_lane', 3],
        'v128.store',
      ], [[0, 4], [1, 16]]),
    ],
  },
  {
    // prepRgb(src, dst, n): n RGB byte pixels -> f32x4 (r*255, g*255, b*255, 255), premultiplied as if alpha
    // were 255. Reads one byte past the last pixel.
    name: 'prepRgb',
    params: ['i32', 'i32', 'i32'],
    locals: ['i32'], // 3 end
    body: [
      ['local.get', 2], ['i32.const', 3], 'i32.mul', ['local.get', 0], 'i32.add', ['local.set', 3],
      ...loopWhileBelow(0, 3, [
        ['local.get', 1],
        ['local.get', 0], ...loadPixel, ['f32.const', 1], ['f32x4.replace_lane', 3], MAX8, 'f32x4.mul',
        'v128.store',
      ], [[0, 3], [1, 16]]),
    ],
  },
  {
    // hrow(prow, out, vw, starts, counts, weights, weightStride): for each output column, the weighted sum of
    // its taps of the premultiplied row, then IM's clamp between passes: colour = clamp(sum / alpha) in 0..255,
    // alpha = min(alpha / 255, 1), stored premultiplied again (alpha <= 0: all zero).
    name: 'hrow',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'i32', 'v128', 'f32', 'f32'], // 7 outEnd, 8 p, 9 n, 10 wq, 11 acc, 12 A, 13 alpha
    body: [
      ...setEnd(7, 1, 2, 4),
      ...loopWhileBelow(1, 7, [
        ['local.get', 0], ['local.get', 3], 'i32.load', ['i32.const', 4], 'i32.shl', 'i32.add', ['local.set', 8],
        ['local.get', 4], 'i32.load', ['local.set', 9],
        ['local.get', 5], ['local.set', 10],
        ZERO, ['local.set', 11],
        'block', 'loop',
        ['local.get', 9], 'i32.eqz', ['br_if', 1],
        ['local.get', 11], ['local.get', 10], 'f32.load', 'f32x4.splat', ['local.get', 8], 'v128.load', 'f32x4.mul', 'f32x4.add', ['local.set', 11],
        ['local.get', 8], ['i32.const', 16], 'i32.add', ['local.set', 8],
        ['local.get', 10], ['i32.const', 4], 'i32.add', ['local.set', 10],
        ['local.get', 9], ['i32.const', 1], 'i32.sub', ['local.set', 9],
        ['br', 0],
        'end', 'end',
        ['local.get', 11], ['f32x4.extract_lane', 3], ['local.set', 12],
        ['local.get', 1],
        ['local.get', 11], ['f32.const', 1], ['local.get', 12], 'f32.div', 'f32x4.splat', 'f32x4.mul', ZERO, 'f32x4.pmax', MAX8, 'f32x4.pmin',
        ['local.get', 12], ['f32.const', 255], 'f32.div', ['f32.const', 1], 'f32.min', ['local.tee', 13], 'f32x4.splat', 'f32x4.mul',
        ['local.get', 13], ['f32x4.replace_lane', 3],
        ZERO,
        ['local.get', 12], 'f32x4.splat', ZERO, 'f32x4.gt',
        'v128.bitselect',
        'v128.store',
        ['local.get', 5], ['local.get', 6], 'i32.add', ['local.set', 5],
      ], [[1, 16], [3, 4], [4, 4]]),
    ],
  },
  {
    // hrow4(prow, out, vw, starts, weights): hrow for exactly four taps per column (enlarging or mild
    // shrinking; missing taps weigh 0), weights four f32 per column, the tap loop unrolled.
    name: 'hrow4',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'v128', 'f32', 'f32'], // 5 outEnd, 6 p, 7 acc, 8 A, 9 alpha
    body: [
      ...setEnd(5, 1, 2, 4),
      ...loopWhileBelow(1, 5, [
        ['local.get', 0], ['local.get', 3], 'i32.load', ['i32.const', 4], 'i32.shl', 'i32.add', ['local.set', 6],
        ['local.get', 4], ['f32.load', 0], 'f32x4.splat', ['local.get', 6], ['v128.load', 0], 'f32x4.mul',
        ['local.get', 4], ['f32.load', 4], 'f32x4.splat', ['local.get', 6], ['v128.load', 16], 'f32x4.mul', 'f32x4.add',
        ['local.get', 4], ['f32.load', 8], 'f32x4.splat', ['local.get', 6], ['v128.load', 32], 'f32x4.mul', 'f32x4.add',
        ['local.get', 4], ['f32.load', 12], 'f32x4.splat', ['local.get', 6], ['v128.load', 48], 'f32x4.mul', 'f32x4.add',
        ['local.tee', 7], ['f32x4.extract_lane', 3], ['local.set', 8],
        ['local.get', 1],
        ['local.get', 7], ['f32.const', 1], ['local.get', 8], 'f32.div', 'f32x4.splat', 'f32x4.mul', ZERO, 'f32x4.pmax', MAX8, 'f32x4.pmin',
        ['local.get', 8], ['f32.const', 255], 'f32.div', ['f32.const', 1], 'f32.min', ['local.tee', 9], 'f32x4.splat', 'f32x4.mul',
        ['local.get', 9], ['f32x4.replace_lane', 3],
        ZERO,
        ['local.get', 8], 'f32x4.splat', ZERO, 'f32x4.gt',
        'v128.bitselect',
        'v128.store',
      ], [[1, 16], [3, 4], [4, 16]]),
    ],
  },
  {
    // vrow4(r0, r1, r2, r3, w0, w1, w2, w3, dst, vw): the weighted sum of four premultiplied rows, divided by
    // its alpha, clamped, rounded, written as RGBA bytes (alpha <= 0: transparent black).
    name: 'vrow4',
    params: ['i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'f32', 'f32', 'i32', 'i32'],
    locals: ['i32', 'v128', 'v128', 'v128', 'v128', 'v128', 'f32'], // 10 end, 11-14 weights, 15 sum, 16 A
    body: [
      ['local.get', 4], 'f32x4.splat', ['local.set', 11],
      ['local.get', 5], 'f32x4.splat', ['local.set', 12],
      ['local.get', 6], 'f32x4.splat', ['local.set', 13],
      ['local.get', 7], 'f32x4.splat', ['local.set', 14],
      ...setEnd(10, 8, 9, 2),
      ...loopWhileBelow(8, 10, [
        ['local.get', 0], 'v128.load', ['local.get', 11], 'f32x4.mul',
        ['local.get', 1], 'v128.load', ['local.get', 12], 'f32x4.mul', 'f32x4.add',
        ['local.get', 2], 'v128.load', ['local.get', 13], 'f32x4.mul', 'f32x4.add',
        ['local.get', 3], 'v128.load', ['local.get', 14], 'f32x4.mul', 'f32x4.add',
        ['local.tee', 15], ['f32x4.extract_lane', 3], ['local.set', 16],
        ['local.get', 8],
        ['local.get', 15], ['f32.const', 1], ['local.get', 16], 'f32.div', 'f32x4.splat', 'f32x4.mul', ZERO, 'f32x4.pmax', MAX8, 'f32x4.pmin',
        ['local.get', 16], ['f32.const', 255], 'f32.mul', ['f32.const', 255], 'f32.min', ['f32x4.replace_lane', 3],
        HALF, 'f32x4.add', 'i32x4.trunc_sat_f32x4_s',
        ['local.tee', 15], ['local.get', 15], 'i16x8.narrow_i32x4_u',
        ['local.tee', 15], ['local.get', 15], 'i8x16.narrow_i16x8_u',
        ['i32x4.extract_lane', 0],
        ['i32.const', 0],
        ['local.get', 16], ['f32.const', 0], 'f32.gt',
        'select',
        'i32.store',
      ], [[0, 16], [1, 16], [2, 16], [3, 16], [8, 4]]),
    ],
  },
  {
    // vaccum(acc, row, w, vw): acc += w * row, for more than four vertical taps (shrinking).
    name: 'vaccum',
    params: ['i32', 'i32', 'f32', 'i32'],
    locals: ['i32', 'v128'], // 4 end, 5 weight
    body: [
      ['local.get', 2], 'f32x4.splat', ['local.set', 5],
      ...setEnd(4, 0, 3, 4),
      ...loopWhileBelow(0, 4, [
        ['local.get', 0],
        ['local.get', 0], 'v128.load', ['local.get', 1], 'v128.load', ['local.get', 5], 'f32x4.mul', 'f32x4.add',
        'v128.store',
      ], [[0, 16], [1, 16]]),
    ],
  },
  {
    // overOpaque(dst, src, n): n RGBA pixels of src (not premultiplied) over dst, whose every pixel is opaque,
    // four at a time: c = floor((s * sa + d * (255 - sa) + 127) / 255), alpha kept (255). Exact at sa 0 (d)
    // and 255 (s), so transparent padding after src's last pixel leaves dst as it is, alpha included.
    name: 'overOpaque',
    params: ['i32', 'i32', 'i32'],
    locals: ['i32', 'v128', 'v128', 'v128', 'v128'], // 3 end, 4 s, 5 d, 6 alpha, 7 low half result
    body: [
      ...setEnd(3, 0, 2, 2),
      ...loopWhileBelow(0, 3, [
        ['local.get', 1], 'v128.load', ['local.tee', 4],
        ['local.get', 4], ['i8x16.shuffle', [3, 3, 3, 3, 7, 7, 7, 7, 11, 11, 11, 11, 15, 15, 15, 15]], ['local.set', 6],
        ['local.get', 0], 'v128.load', ['local.set', 5],
        ...overHalf('i16x8.extend_low_i8x16_u'), ['local.set', 7],
        ['local.get', 0],
        ['local.get', 5],
        ['local.get', 7], ...overHalf('i16x8.extend_high_i8x16_u'), 'i8x16.narrow_i16x8_u',
        ALPHA_BYTES, 'v128.bitselect', // alpha from dst, colour from the blend
        'v128.store',
      ], [[0, 16], [1, 16]]),
    ],
  },
  {
    // packRgb(src, dst, n): n RGBA pixels to RGB bytes, four at a time (reads up to 12 bytes past 4n, writes
    // up to 13 past 3n).
    name: 'packRgb',
    params: ['i32', 'i32', 'i32'],
    locals: ['i32'], // 3 end
    body: [
      ...setEnd(3, 0, 2, 2),
      ...loopWhileBelow(0, 3, [
        ['local.get', 1],
        ['local.get', 0], 'v128.load', ['local.get', 0], 'v128.load',
        ['i8x16.shuffle', [0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0]],
        'v128.store',
      ], [[0, 16], [1, 12]]),
    ],
  },
];

/** The kernels' module bytes (deterministic). */
export const KERNELS_WASM = emitModule(16, FUNCTIONS);

/** A fresh instance: its exports are the functions above and `memory`. */
export function instantiateKernels() {
  return new WebAssembly.Instance(new WebAssembly.Module(KERNELS_WASM)).exports;
}
