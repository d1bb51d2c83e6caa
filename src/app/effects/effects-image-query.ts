import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { bakeEffects, hasEffects, scaleEffects, type EffectPadding, type LayerEffects } from '../../core/index.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';

/**
 * Longest side the editor bakes effects at: shadows are blurred and the reflection fades, so a quarter of the
 * preview's pixels look the same on screen, and a change of a slider shows in a few tens of ms instead of ~0.2 s.
 */
export const EFFECTS_PREVIEW_MAX_SIDE = 1024;

export interface EffectsImage {
  /** The shadows and reflection alone (the subject is its own node), on a transparent canvas. */
  canvas: HTMLCanvasElement;
  /** Where the image sits inside it, in its pixels, and the size it was baked for. */
  padding: EffectPadding;
  imageWidth: number;
  imageHeight: number;
}

/** What the canvas draws around a layer: its effects baked (src/core/bake-effects.ts, as the server does) on its preview. */
export const effectsImageQuery = (url: string, effects: LayerEffects | undefined) =>
  queryOptions({
    queryKey: ['effects-image', url, effects ?? null],
    queryFn: async ({ client }): Promise<EffectsImage> => {
      const preview = await client.ensureQueryData(previewImageQuery(url));
      const scale = Math.min(1, EFFECTS_PREVIEW_MAX_SIDE / Math.max(preview.naturalWidth, preview.naturalHeight));
      const width = Math.max(1, Math.round(preview.naturalWidth * scale));
      const height = Math.max(1, Math.round(preview.naturalHeight * scale));
      const source = document.createElement('canvas');
      source.width = width;
      source.height = height;
      const sourceContext = source.getContext('2d', { willReadFrequently: true })!;
      sourceContext.drawImage(preview.bitmap, 0, 0, width, height);
      const pixels = sourceContext.getImageData(0, 0, width, height).data;
      const baked = bakeEffects({ data: pixels, width, height }, scaleEffects(effects!, width / preview.naturalWidth), { subject: false });
      const canvas = document.createElement('canvas');
      canvas.width = baked.width;
      canvas.height = baked.height;
      canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(baked.data.buffer as ArrayBuffer), baked.width, baked.height), 0, 0);
      return { canvas, padding: baked.padding, imageWidth: width, imageHeight: height };
    },
    enabled: Boolean(url) && hasEffects(effects),
    // While a slider moves, the last bake stays on the canvas until the next is ready.
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 30_000,
    retry: false,
  });
