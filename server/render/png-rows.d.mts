// Types of png-rows.mjs (plain JavaScript so that worker threads load it without a TypeScript loader).
export declare const FILTERS: { none: 0; sub: 1; up: 2; average: 3; paeth: 4 };
export declare function filterRow(f: number, cur: Uint8Array, prev: Uint8Array, n: number, bpp: number, out: Uint8Array, o: number): void;
export declare function adaptiveRow(cur: Uint8Array, prev: Uint8Array, n: number, bpp: number, out: Uint8Array, o: number, scratch: Uint8Array): void;
