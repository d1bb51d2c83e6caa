// Types of canvas-rows.mjs (plain JavaScript so that worker threads load it without a TypeScript loader).
export interface CanvasLayer {
  x: number;
  y: number;
  w: number;
  h: number;
  opaque: boolean;
  overOpaque?: boolean;
  pixels?: SharedArrayBuffer;
  source?: { data: SharedArrayBuffer; width: number; height: number; channels: 3 | 4 };
  outW?: number;
  outH?: number;
  vx?: number;
  vy?: number;
}
export declare class CanvasRows {
  constructor(t: { width: number; bg: readonly number[]; layers: readonly CanvasLayer[] }, first: number, end: number);
  row(y: number): number;
  readonly rgba: Uint32Array;
  packRgb(): Uint8Array;
}
