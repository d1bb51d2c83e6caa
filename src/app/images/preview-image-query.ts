import { queryOptions } from '@tanstack/react-query';
import { loadImage } from './load-image.ts';
import { makePreview } from './preview-bitmap.ts';

/** An image the canvas draws: loaded once per URL, downscaled, and kept while the document uses it. */
export const previewImageQuery = (url: string) =>
  queryOptions({
    queryKey: ['preview-image', url],
    queryFn: async ({ client }) => makePreview(await loadImage(url, client)),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: false,
  });
