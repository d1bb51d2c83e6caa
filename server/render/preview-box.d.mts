// Types of preview-box.mjs (plain JavaScript so that worker threads load it without a TypeScript loader).
export interface PreviewPixels {
  data: SharedArrayBuffer;
  width: number;
  height: number;
  channels: 3 | 4;
  k: number;
}
export declare class PreviewBox {
  constructor(preview: PreviewPixels, canvasWidth: number, canvasHeight: number);
  add(y: number, row32: Uint32Array): void;
}
