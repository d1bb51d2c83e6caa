import { queryOptions } from '@tanstack/react-query';
import { imageHasTransparency } from './image-transparency.ts';
import { localFileFor } from './local-files.ts';
import { previewImageQuery } from './preview-image-query.ts';

/**
 * Whether an image has any transparent pixel (null: could not tell), once per URL, from the bitmap the canvas
 * already drew (no second load). A picked JPEG is opaque without looking.
 */
export const imageTransparencyQuery = (url: string) =>
  queryOptions({
    queryKey: ['image-transparency', url],
    queryFn: async ({ client }): Promise<boolean | null> => {
      if (localFileFor(url)?.type === 'image/jpeg') return false;
      return imageHasTransparency((await client.ensureQueryData(previewImageQuery(url))).bitmap);
    },
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: false,
  });
