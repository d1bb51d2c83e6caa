import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernels, binaryPath, substituteConstants } from '../../scripts/build-wasm.mjs';
import { AREA_SPANS, AT, MAX_RECORDS } from './scanline-memory.mjs';
import { KERNEL_EXPORTS } from './wasm-kernels.mjs';

describe('the WebAssembly kernels', () => {
  it('are committed as the assembly of their .wat source, byte for byte (else: npm run build:wasm)', async () => {
    const built = await assembleKernels();
    expect(built.map((b) => b.binary).sort()).toEqual(Object.keys(KERNEL_EXPORTS).sort());
    for (const { binary, bytes } of built) {
      const committed = new Uint8Array(readFileSync(binaryPath(binary)));
      expect(Buffer.from(committed).equals(Buffer.from(bytes)), `${binary} is not its source's assembly: run npm run build:wasm`).toBe(true);
    }
  });

  it("export the functions wasm-kernels.mjs declares, with their parameter counts", () => {
    for (const [file, declared] of Object.entries(KERNEL_EXPORTS)) {
      const exports = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(binaryPath(file)))).exports;
      const functions = Object.fromEntries(Object.entries(exports).flatMap(([name, value]) => (typeof value === 'function' ? [[name, value.length]] : [])));
      expect(functions, file).toEqual(declared);
    }
  });

  it('lay the scanline memory out without overlap, the records and tables before the rows', () => {
    const spans = [...AREA_SPANS].sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i += 1) expect(spans[i]!.start, `${spans[i - 1]!.name} runs into ${spans[i]!.name}`).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(spans.at(-1)!.end).toBeLessThanOrEqual(AT.DYNAMIC);
    const records = spans.find((s) => s.name === 'RECORDS')!;
    expect(records.end - records.start).toBe(MAX_RECORDS * 8);
  });

  it('refuse a source that names a constant its layout does not have', () => {
    expect(substituteConstants('(i32.const {LIT+8})', { LIT: 64 }, 'x.wat')).toBe('(i32.const 72)');
    expect(() => substituteConstants('(i32.const {NOPE})', { LIT: 64 }, 'x.wat')).toThrow('x.wat: {NOPE} is not a constant of its memory layout');
  });
});
