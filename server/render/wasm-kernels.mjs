// @ts-check
// Loads the render workers' WebAssembly kernels: the .wasm files beside this one, assembled from their .wat
// source by scripts/build-wasm.mjs. Each load checks the module's exports against the signatures declared
// here, so these declarations (which type the JavaScript that calls the kernels) cannot drift from the source
// unnoticed: a function renamed, added or given another number of parameters fails the first load.
import { readFileSync } from 'node:fs';

/**
 * @typedef {object} ResampleKernels resample-kernels.wat
 * @property {WebAssembly.Memory} memory
 * @property {(src: number, dst: number, n: number) => void} prepRgba
 * @property {(src: number, dst: number, n: number) => void} prepRgb
 * @property {(prow: number, out: number, vw: number, starts: number, counts: number, weights: number, weightStride: number) => void} hrow
 * @property {(prow: number, out: number, vw: number, starts: number, weights: number) => void} hrow4
 * @property {(r0: number, r1: number, r2: number, r3: number, w0: number, w1: number, w2: number, w3: number, dst: number, vw: number) => void} vrow4
 * @property {(acc: number, row: number, w: number, vw: number) => void} vaccum
 * @property {(dst: number, src: number, n: number) => void} overOpaque
 * @property {(src: number, dst: number, n: number) => void} packRgb
 */

/**
 * @typedef {object} ScanlineKernels scanline-kernels.wat
 * @property {WebAssembly.Memory} memory
 * @property {(inp: number, n: number, i: number, limit: number) => number} tokenize
 * @property {(q: number, rec: number, recEnd: number, out: number, bitsIn: number, countIn: number) => number} encode
 * @property {(cur: number, prev: number, out: number, n: number, bpp: number) => void} filterSub
 * @property {(cur: number, prev: number, out: number, n: number, bpp: number) => void} filterUp
 * @property {(cur: number, prev: number, out: number, n: number, bpp: number) => void} filterAverage
 * @property {(p: number, k: number) => void} adlerSums
 */

/** Each module's exported functions and their parameter counts, as the typedefs above declare them. */
export const KERNEL_EXPORTS = {
  'resample-kernels.wasm': { prepRgba: 3, prepRgb: 3, hrow: 7, hrow4: 5, vrow4: 10, vaccum: 4, overOpaque: 3, packRgb: 3 },
  'scanline-kernels.wasm': { tokenize: 4, encode: 6, filterSub: 5, filterUp: 5, filterAverage: 5, adlerSums: 2 },
};

/**
 * A fresh instance of a kernel module, its exports checked against KERNEL_EXPORTS.
 * @param {keyof typeof KERNEL_EXPORTS} file
 * @returns {WebAssembly.Exports}
 */
function instantiate(file) {
  const bytes = readFileSync(new URL(file, import.meta.url));
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  const declared = KERNEL_EXPORTS[file];
  const actual = Object.keys(exports).filter((name) => typeof exports[name] === 'function');
  for (const [name, params] of Object.entries(declared)) {
    const fn = exports[name];
    if (typeof fn !== 'function' || fn.length !== params) {
      throw new Error(`${file}: export ${name} should be a function of ${params} parameters (see wasm-kernels.mjs); rebuild with npm run build:wasm`);
    }
  }
  const undeclared = actual.filter((name) => !(name in declared));
  if (undeclared.length > 0 || !(exports.memory instanceof WebAssembly.Memory)) {
    throw new Error(`${file}: exports ${undeclared.join(', ') || '(no memory)'} are not declared in wasm-kernels.mjs`);
  }
  return exports;
}

/** @returns {ResampleKernels} */
export function instantiateResampleKernels() {
  return /** @type {ResampleKernels} */ (/** @type {unknown} */ (instantiate('resample-kernels.wasm')));
}

/** @returns {ScanlineKernels} */
export function instantiateScanlineKernels() {
  return /** @type {ScanlineKernels} */ (/** @type {unknown} */ (instantiate('scanline-kernels.wasm')));
}
