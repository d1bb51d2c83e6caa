/**
 * Longest side of the bitmaps the canvas draws while editing. The full-resolution image (up to 8192 px a side)
 * would cost a full-size draw on every frame; 2048 px stays sharp on a 2x screen up to about a 1:1 view.
 */
export const PREVIEW_MAX_SIDE = 2048;

export interface PreviewImage {
  /** What Konva draws: at most PREVIEW_MAX_SIDE on its longest side. */
  bitmap: CanvasImageSource;
  /** The image's natural (full) size, which the layout and the request are made of. */
  naturalWidth: number;
  naturalHeight: number;
}

export async function makePreview(image: HTMLImageElement, maxSide = PREVIEW_MAX_SIDE): Promise<PreviewImage> {
  const naturalWidth = image.naturalWidth;
  const naturalHeight = image.naturalHeight;
  const scale = Math.min(1, maxSide / Math.max(naturalWidth, naturalHeight));
  if (scale === 1) return { bitmap: image, naturalWidth, naturalHeight };
  const width = Math.max(1, Math.round(naturalWidth * scale));
  const height = Math.max(1, Math.round(naturalHeight * scale));
  const bitmap = await createImageBitmap(image, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  return { bitmap, naturalWidth, naturalHeight };
}
