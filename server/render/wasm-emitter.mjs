// A tiny WebAssembly assembler: enough of the binary format (types, one memory, functions, exports, the
// instructions named below) to write the resampler's SIMD kernels (resample-kernels.mjs) as readable source
// in the repository, with no build step and no binary checked in. The bytes are a pure function of the source.

const TYPE = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Plain opcodes, and the SIMD ones (prefix 0xfd, then the number as LEB128). */
const OPS = {
  block: [0x02], loop: [0x03], end: [0x0b], br: [0x0c], br_if: [0x0d], select: [0x1b],
  'local.get': [0x20], 'local.set': [0x21], 'local.tee': [0x22],
  'i32.load': [0x28], 'f32.load': [0x2a], 'i32.store': [0x36],
  'i32.const': [0x41], 'f32.const': [0x43],
  'i32.eqz': [0x45], 'i32.lt_u': [0x49], 'i32.ge_u': [0x4f], 'i32.gt_s': [0x4a], 'f32.gt': [0x5e],
  'i32.add': [0x6a], 'i32.sub': [0x6b], 'i32.mul': [0x6c], 'i32.shl': [0x74],
  'f32.mul': [0x94], 'f32.div': [0x95], 'f32.min': [0x96],
  'v128.load': [0xfd, 0x00], 'v128.store': [0xfd, 0x0b], 'v128.const': [0xfd, 0x0c],
  'f32x4.splat': [0xfd, 0x13], 'i32x4.extract_lane': [0xfd, 0x1b],
  'f32x4.extract_lane': [0xfd, 0x1f], 'f32x4.replace_lane': [0xfd, 0x20],
  'f32x4.gt': [0xfd, 0x44], 'v128.bitselect': [0xfd, 0x52], 'v128.load32_zero': [0xfd, 0x5c],
  'i8x16.narrow_i16x8_u': [0xfd, 0x66], 'i16x8.narrow_i32x4_u': [0xfd, 0x86, 0x01],
  'i16x8.extend_low_i8x16_u': [0xfd, 0x89, 0x01], 'i32x4.extend_low_i16x8_u': [0xfd, 0xa9, 0x01],
  'f32x4.add': [0xfd, 0xe4, 0x01], 'f32x4.mul': [0xfd, 0xe6, 0x01],
  'f32x4.min': [0xfd, 0xe8, 0x01], 'f32x4.max': [0xfd, 0xe9, 0x01],
  'i32x4.trunc_sat_f32x4_s': [0xfd, 0xf8, 0x01], 'f32x4.convert_i32x4_u': [0xfd, 0xfb, 0x01],
};

/** What follows each opcode that takes an immediate. */
const IMMEDIATE = {
  block: 'blocktype', loop: 'blocktype', br: 'u32', br_if: 'u32',
  'local.get': 'u32', 'local.set': 'u32', 'local.tee': 'u32',
  'i32.load': 'memarg', 'f32.load': 'memarg', 'i32.store': 'memarg',
  'v128.load': 'memarg', 'v128.store': 'memarg', 'v128.load32_zero': 'memarg',
  'i32.const': 's32', 'f32.const': 'f32', 'v128.const': 'f32x4',
  'i32x4.extract_lane': 'lane', 'f32x4.extract_lane': 'lane', 'f32x4.replace_lane': 'lane',
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
    case 'lane':
      return [...code, imm];
    case 'memarg':
      return [...code, 0, ...uleb(imm ?? 0)]; // alignment hint 1 byte (any address), then the offset
  }
  throw new Error(`wasm-emitter: bad immediate for ${op}`);
}

/**
 * A module with one exported memory (`memory`, `pages` of 64 KiB to start) and the given functions, each
 * `{ name, params: ['i32', ...], locals: ['v128', ...], body: [instruction, ...] }`, exported by name.
 * Functions return nothing.
 */
export function emitModule(pages, functions) {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [TYPE[t]])), 0x00]);
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
