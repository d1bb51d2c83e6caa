// Types of catrom-resampler.mjs (plain JavaScript so that worker threads load it without a TypeScript loader).
export declare function heap(): Uint8Array;
export declare function resetScratch(): void;
export declare function take(bytes: number): number;
export declare class LayerRows {
  constructor(t: { src: SharedArrayBuffer; srcW: number; srcH: number; channels: 3 | 4; outW: number; outH: number; vx: number; vw: number; fromRow: number; toRow: number });
  row(y: number): number;
}
