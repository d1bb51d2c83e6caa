import { queryOptions } from '@tanstack/react-query';
import { boxInImage, visibleBox, type ImageSource, type Rect } from '../../core/index.ts';
import { localFileFor } from './local-files.ts';
import { previewImageQuery } from './preview-image-query.ts';

/** The visible pixels' box of the bitmap the canvas draws, in that bitmap's pixels; null when unreadable. */
function bitmapVisibleBox(bitmap: CanvasImageSource, width: number, height: number): Rect | null {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(bitmap, 0, 0, width, height);
  return visibleBox(context.getImageData(0, 0, width, height).data, width, height);
}

// What the query found, by URL, for the store's actions (which have no query client): see foundSubject.
const found = new Map<string, Rect | null>();

/**
 * The subject's box inside an image that is not a server cut-out (a transparent PNG the user brought): its
 * visible pixels, found once per URL on the bitmap the canvas already drew. Null when the image is opaque to
 * its edges (its box is the subject) or cannot be read.
 */
export const imageSubjectQuery = (url: string) =>
  queryOptions({
    queryKey: ['image-subject', url],
    queryFn: async ({ client }): Promise<Rect | null> => {
      if (localFileFor(url)?.type === 'image/jpeg') return null;
      const preview = await client.ensureQueryData(previewImageQuery(url));
      const { bitmap } = preview;
      const drawn = bitmap as { width: number; height: number } & Partial<{ naturalWidth: number; naturalHeight: number }>;
      const width = drawn.naturalWidth ?? drawn.width;
      const height = drawn.naturalHeight ?? drawn.height;
      const box = bitmapVisibleBox(bitmap, width, height);
      const subject = box && boxInImage(box, { width, height }, { width: preview.naturalWidth, height: preview.naturalHeight });
      const whole = !subject || (subject.x === 0 && subject.y === 0 && subject.width === preview.naturalWidth && subject.height === preview.naturalHeight);
      found.set(url, whole ? null : subject);
      return whole ? null : subject;
    },
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: false,
  });

/** The source with its subject: a cut-out's own, else the one found in its pixels (when the search has run). */
export function withSubject(source: ImageSource, subject: Rect | null | undefined): ImageSource {
  return source.subject || !subject ? source : { ...source, subject };
}

/** The source with the subject found in its pixels, if the search has run (useForegroundSubject runs it). */
export const withFoundSubject = (source: ImageSource): ImageSource => withSubject(source, found.get(source.url));
