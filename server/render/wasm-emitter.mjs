// A tiny WebAssembly assembler: enough of the binary format (types, one memory, functions, exports, the
// instructions named below) to write the resampler's SIMD kernels (resample-kernels.mjs) as readable source
// in the repository, with no build step and no binary checked in. The bytes are a pure function of the source.

const TYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, v128: 0x7b };

/** Plain opcodes, and the SIMD ones (prefix 0xfd, then the number as LEB128). */
const OPS = {
  block: [0x02], loop: [0x03], if: [0x04], else: [0x05], end: [0x0b], br: [0x0c], br_if: [0x0d],
  return: [0x0f], select: [0x1b],
  'local.get': [0x20], 'local.set': [0x21], 'local.tee': [0x22],
  'i32.load': [0x28], 'i64.load': [0x29], 'f32.load': [0x2a], 'i32.load8_u': [0x2d], 'i32.load16_u': [0x2f],
  'i32.store': [0x36], 'i64.store': [0x37], 'i32.store8': [0x3a], 'i64.store32': [0x3e],
  'i32.const': [0x41], 'i64.const': [0x42], 'f32.const': [0x43],
  'i32.eqz': [0x45], 'i32.eq': [0x46], 'i32.ne': [0x47], 'i32.lt_s': [0x48], 'i32.lt_u': [0x49],
  'i32.gt_s': [0x4a], 'i32.gt_u': [0x4b], 'i32.le_s': [0x4c], 'i32.le_u': [0x4d], 'i32.ge_s': [0x4e],
  'i32.ge_u': [0x4f], 'f32.gt': [0x5e],
  'i32.ctz': [0x68], 'i32.add': [0x6a], 'i32.sub': [0x6b], 'i32.mul': [0x6c], 'i32.and': [0x71], 'i32.or': [0x72],
  'i32.xor': [0x73], 'i32.shl': [0x74], 'i32.shr_u': [0x76],
  'i64.add': [0x7c], 'i64.and': [0x83], 'i64.or': [0x84], 'i64.shl': [0x86], 'i64.shr_u': [0x88], 'i32.wrap_i64': [0xa7], 'i64.extend_i32_u': [0xad],
  'f32.mul': [0x94], 'f32.div': [0x95], 'f32.min': [0x96],
  'v128.load': [0xfd, 0x00], 'v128.store': [0xfd, 0x0b], 'v128.const': [0xfd, 0x0c],
  'i8x16.shuffle': [0xfd, 0x0d], 'i8x16.splat': [0xfd, 0x0f], 'v128.or': [0xfd, 0x50],
  'i16x8.add': [0xfd, 0x8e, 0x01], 'i16x8.sub': [0xfd, 0x91, 0x01], 'i16x8.mul': [0xfd, 0x95, 0x01],
  'i16x8.shr_u': [0xfd, 0x8d, 0x01], 'i8x16.eq': [0xfd, 0x23], 'v128.and': [0xfd, 0x4e], 'v128.xor': [0xfd, 0x51],
  'i8x16.bitmask': [0xfd, 0x64], 'i8x16.sub': [0xfd, 0x71], 'i8x16.avgr_u': [0xfd, 0x7b],
  'f32x4.splat': [0xfd, 0x13], 'i32x4.extract_lane': [0xfd, 0x1b],
  'f32x4.extract_lane': [0xfd, 0x1f], 'f32x4.replace_lane': [0xfd, 0x20],
  'f32x4.gt': [0xfd, 0x44], 'v128.bitselect': [0xfd, 0x52], 'v128.load32_zero': [0xfd, 0x5c],
  'i8x16.narrow_i16x8_u': [0xfd, 0x66], 'i16x8.narrow_i32x4_u': [0xfd, 0x86, 0x01],
  'i16x8.extend_low_i8x16_u': [0xfd, 0x89, 0x01], 'i16x8.extend_high_i8x16_u': [0xfd, 0x8a, 0x01],
  'i16x8.extadd_pairwise_i8x16_u': [0xfd, 0x7d], 'i32x4.extadd_pairwise_i16x8_u': [0xfd, 0x7f],
  'i32x4.add': [0xfd, 0xae, 0x01], 'i32x4.dot_i16x8_s': [0xfd, 0xba, 0x01], 'i16x8.const': [0xfd, 0x0c], 'i32x4.extend_low_i16x8_u': [0xfd, 0xa9, 0x01],
  'f32x4.add': [0xfd, 0xe4, 0x01], 'f32x4.mul': [0xfd, 0xe6, 0x01],
  'f32x4.min': [0xfd, 0xe8, 0x01], 'f32x4.max': [0xfd, 0xe9, 0x01],
  'f32x4.pmin': [0xfd, 0xea, 0x01], 'f32x4.pmax': [0xfd, 0xeb, 0x01],
  'i32x4.trunc_sat_f32x4_s': [0xfd, 0xf8, 0x01], 'f32x4.convert_i32x4_u': [0xfd, 0xfb, 0x01],
};

/** What follows each opcode that takes an immediate. */
const IMMEDIATE = {
  block: 'blocktype', loop: 'blocktype', if: 'blocktype', br: 'u32', br_if: 'u32',
  'local.get': 'u32', 'local.set': 'u32', 'local.tee': 'u32',
  'i32.load': 'memarg', 'f32.load': 'memarg', 'i32.store': 'memarg', 'i32.load8_u': 'memarg',
  'i32.load16_u': 'memarg', 'i32.store8': 'memarg', 'i64.store32': 'memarg', 'i64.load': 'memarg',
  'i64.store': 'memarg',
  'v128.load': 'memarg', 'v128.store': 'memarg', 'v128.load32_zero': 'memarg',
  'i32.const': 's32', 'i64.const': 's32', 'f32.const': 'f32', 'v128.const': 'f32x4', 'i16x8.const': 'i16x8',
  'i32x4.extract_lane': 'lane', 'i8x16.shuffle': 'lanes16', 'f32x4.extract_lane': 'lane', 'f32x4.replace_lane': 'lane',
};

export function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n) {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const f32Bytes = (v) => [...new Uint8Array(Float32Array.of(v).buffer)];
const name = (s) => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];

/** One instruction: 'op' or ['op', immediate]. */
function instruction(item) {
  const [op, imm] = Array.isArray(item) ? item : [item];
  const code = OPS[op];
  if (!code) throw new Error(`wasm-emitter: unknown instruction ${op}`);
  switch (IMMEDIATE[op]) {
    case undefined:
      return code;
    case 'blocktype':
      return [...code, 0x40]; // no result
    case 'u32':
      return [...code, ...uleb(imm)];
    case 's32':
      return [...code, ...sleb(imm)];
    case 'f32':
      return [...code, ...f32Bytes(imm)];
    case 'f32x4':
      return [...code, ...imm.flatMap(f32Bytes)];
    case 'i16x8': // v128.const written as eight 16-bit lanes
      return [...code, ...imm.flatMap((v) => [v & 0xff, (v >> 8) & 0xff])];
    case 'lane':
      return [...code, imm];
    case 'lanes16':
      return [...code, ...imm];
    case 'memarg':
      return [...code, 0, ...uleb(imm ?? 0)]; // alignment hint 1 byte (any address), then the offset
  }
  throw new Error(`wasm-emitter: bad immediate for ${op}`);
}

/**
 * A module with one exported memory (`memory`, `pages` of 64 KiB to start) and the given functions, each
 * `{ name, params: ['i32', ...], results?: ['i32'], locals: ['v128', ...], body: [instruction, ...] }`,
 * exported by name.
 */
export function emitModule(pages, functions) {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [TYPE[t]])), ...vec((f.results ?? []).map((t) => [TYPE[t]]))]);
  const bodies = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [1, TYPE[t]]));
    const code = [...locals, ...f.body.flatMap(instruction), 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(bodies)),
  ]);
}
