import { queryOptions } from '@tanstack/react-query';
import { solidRowsOf, type SolidRows } from '../../core/index.ts';
import { loadImage } from '../images/load-image.ts';

/** Rows read at a time: a strip of a 4000 px wide image is 4 MB of pixels. */
const STRIP_ROWS = 256;

/**
 * The rows of a foreground's solid pixels at its full size (the server's bake measures the same, so the Request
 * panel can show the baked image's size and place before Submit makes it). Read in strips from the top down and
 * from the bottom up, each way only until a solid row: a cut-out's subject reaches near both edges, so a 24 MP
 * image costs a strip or two of each. null when no pixel is solid (the bake then uses the whole image).
 */
export const solidRowsQuery = (url: string) =>
  queryOptions({
    queryKey: ['solid-rows', url],
    queryFn: async ({ client }): Promise<SolidRows | null> => {
      const image = await loadImage(url, client);
      const { naturalWidth: width, naturalHeight: height } = image;
      const strip = document.createElement('canvas');
      strip.width = width;
      strip.height = Math.min(STRIP_ROWS, height);
      const context = strip.getContext('2d', { willReadFrequently: true })!;
      const read = (from: number) => {
        const rows = Math.min(STRIP_ROWS, height - from);
        context.clearRect(0, 0, width, rows);
        context.drawImage(image, 0, from, width, rows, 0, 0, width, rows);
        const found = solidRowsOf(context.getImageData(0, 0, width, rows).data, width, rows);
        return found && { top: from + found.top, bottom: from + found.bottom };
      };
      let top = -1;
      for (let from = 0; from < height && top < 0; from += STRIP_ROWS) top = read(from)?.top ?? -1;
      if (top < 0) return null;
      let bottom = -1;
      for (let to = height; to > top && bottom < 0; to -= STRIP_ROWS) bottom = read(Math.max(top, to - STRIP_ROWS))?.bottom ?? -1;
      return { top, bottom };
    },
    enabled: Boolean(url),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: false,
  });
