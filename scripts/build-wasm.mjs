// @ts-check
// Assembles the render workers' WebAssembly kernels from their text source (server/render/*.wat) with wabt, the
// WebAssembly Binary Toolkit's own assembler (a dev dependency: the server loads the committed .wasm and needs
// no build step). A kernel source may name the constants of its memory layout as {NAME}, {NAME+n} or {NAME-n};
// they are the numbers its layout module computes, so the source and the JavaScript that fills the memory read
// one layout. server/render/wasm-build.test.ts checks that every committed .wasm is its source's assembly.
//
//   node scripts/build-wasm.mjs        (npm run build:wasm) rewrites the .wasm files
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';
import { WAT_CONSTANTS as SCANLINE_CONSTANTS } from '../server/render/scanline-memory.mjs';

const RENDER = new URL('../server/render/', import.meta.url);

/** Each kernel module: its source, its binary, and the constants its source may name. */
export const KERNEL_MODULES = [
  { source: 'resample-kernels.wat', binary: 'resample-kernels.wasm', constants: {} },
  { source: 'scanline-kernels.wat', binary: 'scanline-kernels.wasm', constants: SCANLINE_CONSTANTS },
];

/**
 * The source with each {NAME}, {NAME+n} or {NAME-n} replaced by its number.
 * @param {string} text
 * @param {Record<string, number>} constants
 * @param {string} file for the error
 */
export function substituteConstants(text, constants, file) {
  return text.replace(/\{([A-Z][A-Z0-9_]*)(?:([+-])(\d+))?\}/g, (_, name, sign, amount) => {
    const value = constants[name];
    if (value === undefined) throw new Error(`${file}: {${name}} is not a constant of its memory layout`);
    return String(sign === '-' ? value - Number(amount) : sign === '+' ? value + Number(amount) : value);
  });
}

/**
 * The binary of each kernel module, assembled from its source (SIMD enabled, no name section).
 * @returns {Promise<Array<{ binary: string, bytes: Uint8Array }>>}
 */
export async function assembleKernels() {
  const wabt = await initWabt();
  const built = [];
  for (const { source, binary, constants } of KERNEL_MODULES) {
    const text = substituteConstants(await readFile(new URL(source, RENDER), 'utf8'), constants, source);
    const module = wabt.parseWat(source, text, { simd: true });
    try {
      module.resolveNames();
      module.validate();
      built.push({ binary, bytes: Uint8Array.from(module.toBinary({ log: false, write_debug_names: false }).buffer) });
    } finally {
      module.destroy();
    }
  }
  return built;
}

/** Where a kernel module's binary is committed. */
export const binaryPath = (/** @type {string} */ binary) => fileURLToPath(new URL(binary, RENDER));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { binary, bytes } of await assembleKernels()) {
    await writeFile(binaryPath(binary), bytes);
    console.log(`${binary}: ${bytes.length} bytes`);
  }
}
