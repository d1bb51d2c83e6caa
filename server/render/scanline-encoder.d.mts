// Types of scanline-encoder.mjs (plain JavaScript so that worker threads load it without a TypeScript loader).
export declare function huffmanLengths(freq: ArrayLike<number>, n: number, maxBits: number, lengths: Uint8Array): void;
export declare function canonicalCodes(lengths: Uint8Array, n: number, codes: Uint16Array): void;
export declare function deflatedBound(n: number): number;
export declare function adler32(input: Uint8Array): number;
export declare function deflatePiece(input: Uint8Array, last: boolean): Uint8Array;
export type ScanlineFilter = 'none' | 'sub' | 'up' | 'average' | 'paeth' | 'adaptive';
export declare class ScanlineStrip {
  constructor(rowBytes: number, rows: number, bpp: number);
  readonly row: Uint8Array;
  readonly row32: Uint32Array;
  readonly filtered: Uint8Array;
  skip(): void;
  adler32(): number;
  filter(f: ScanlineFilter, index: number): void;
  deflate(last: boolean): Uint8Array;
}
