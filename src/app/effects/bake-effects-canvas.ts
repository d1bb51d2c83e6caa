import { bakeEffects, scaleEffects, type EffectPadding, type LayerEffects } from '../../core/index.ts';

export interface EffectsCanvas {
  /** The shadows and reflection alone (the subject is drawn apart), on a transparent canvas. */
  canvas: HTMLCanvasElement;
  /** Where the image sits inside it, in its pixels, and the size it was baked for. */
  padding: EffectPadding;
  imageWidth: number;
  imageHeight: number;
}

/**
 * An image's effects baked by src/core/bake-effects.ts (as the server bakes them) at most `maxSide` px long:
 * blurred shadows and a fading reflection look the same from fewer pixels, at a fraction of the time.
 */
export function bakeEffectsCanvas(image: CanvasImageSource, naturalWidth: number, naturalHeight: number, effects: LayerEffects, maxSide: number): EffectsCanvas {
  const scale = Math.min(1, maxSide / Math.max(naturalWidth, naturalHeight));
  const width = Math.max(1, Math.round(naturalWidth * scale));
  const height = Math.max(1, Math.round(naturalHeight * scale));
  const source = document.createElement('canvas');
  source.width = width;
  source.height = height;
  const sourceContext = source.getContext('2d', { willReadFrequently: true })!;
  sourceContext.drawImage(image, 0, 0, width, height);
  const pixels = sourceContext.getImageData(0, 0, width, height).data;
  const baked = bakeEffects({ data: pixels, width, height }, scaleEffects(effects, width / naturalWidth), { subject: false });
  const canvas = document.createElement('canvas');
  canvas.width = baked.width;
  canvas.height = baked.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(baked.data.buffer as ArrayBuffer), baked.width, baked.height), 0, 0);
  return { canvas, padding: baked.padding, imageWidth: width, imageHeight: height };
}
