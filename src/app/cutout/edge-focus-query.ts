import { queryOptions } from '@tanstack/react-query';
import { edgeFocusPoint, type ImagePoint } from '../../core/index.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';

/** The alpha is read at this size at most: the point only centres the view, a few photo pixels either way do not show. */
const SAMPLE_MAX_SIDE = 1024;

/**
 * Where the look at a cut-out's edge starts, in the cut-out's pixels: `edgeFocusPoint` of its alpha, read from
 * the preview bitmap the canvas already has; the cut-out's centre when no pixel is half opaque.
 */
export const edgeFocusQuery = (cutoutUrl: string) =>
  queryOptions({
    queryKey: ['edge-focus', cutoutUrl],
    queryFn: async ({ client }): Promise<ImagePoint> => {
      const preview = await client.fetchQuery(previewImageQuery(cutoutUrl));
      const { naturalWidth, naturalHeight } = preview;
      const scale = Math.min(1, SAMPLE_MAX_SIDE / Math.max(naturalWidth, naturalHeight));
      const width = Math.max(1, Math.round(naturalWidth * scale));
      const height = Math.max(1, Math.round(naturalHeight * scale));
      const context = new OffscreenCanvas(width, height).getContext('2d');
      if (!context) throw new Error('this browser cannot read the cut-out’s pixels (no 2D canvas)');
      context.drawImage(preview.bitmap, 0, 0, width, height);
      const point = edgeFocusPoint(context.getImageData(0, 0, width, height));
      if (!point) return { x: naturalWidth / 2, y: naturalHeight / 2 };
      return { x: (point.x * naturalWidth) / width, y: (point.y * naturalHeight) / height };
    },
    staleTime: Infinity,
    retry: false,
  });
