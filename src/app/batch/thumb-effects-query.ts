import { queryOptions } from '@tanstack/react-query';
import { hasEffects, type LayerEffects } from '../../core/index.ts';
import { bakeEffectsCanvas } from '../effects/bake-effects-canvas.ts';
import { loadImage } from '../images/load-image.ts';

/** A grid preview is a couple of hundred pixels wide: its effects are baked at that size, in a few ms. */
const THUMB_EFFECTS_SIDE = 256;

/**
 * A batch product's shadows and reflection for its grid preview, baked as the editor and the server bake them,
 * as a small image (a data: URL, which the page's CSP allows). The product's pixels are let go once baked.
 */
export const thumbEffectsQuery = (url: string, effects: LayerEffects | null) =>
  queryOptions({
    queryKey: ['batch-thumb-effects', url, effects],
    queryFn: async ({ client }) => {
      const image = await loadImage(url, client);
      const baked = bakeEffectsCanvas(image, image.naturalWidth, image.naturalHeight, effects!, THUMB_EFFECTS_SIDE);
      return { src: baked.canvas.toDataURL('image/png'), padding: baked.padding, imageWidth: baked.imageWidth, imageHeight: baked.imageHeight, width: baked.canvas.width, height: baked.canvas.height };
    },
    enabled: Boolean(url) && hasEffects(effects),
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
