import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { hasEffects, type LayerEffects } from '../../core/index.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';
import { bakeEffectsCanvas, type EffectsCanvas } from './bake-effects-canvas.ts';

/**
 * Longest side the editor bakes effects at: shadows are blurred and the reflection fades, so a quarter of the
 * preview's pixels look the same on screen, and a change of a slider shows in a few tens of ms instead of ~0.2 s.
 */
export const EFFECTS_PREVIEW_MAX_SIDE = 1024;

export type EffectsImage = EffectsCanvas;

/** What the canvas draws around a layer: its effects baked (src/core/bake-effects.ts, as the server does) on its preview. */
export const effectsImageQuery = (url: string, effects: LayerEffects | undefined) =>
  queryOptions({
    queryKey: ['effects-image', url, effects ?? null],
    queryFn: async ({ client }): Promise<EffectsImage> => {
      const preview = await client.ensureQueryData(previewImageQuery(url));
      return bakeEffectsCanvas(preview.bitmap, preview.naturalWidth, preview.naturalHeight, effects!, EFFECTS_PREVIEW_MAX_SIDE);
    },
    enabled: Boolean(url) && hasEffects(effects),
    // While a slider moves, the last bake stays on the canvas until the next is ready.
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 30_000,
    retry: false,
  });
