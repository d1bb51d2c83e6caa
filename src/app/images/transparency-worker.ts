import { hasTransparentPixel } from '../../core/transparency.ts';

// Reads a bitmap's alpha away from the page's thread: a 2048-px preview is 16 MB of pixels, hundreds of
// milliseconds to read back and scan on a slow machine.

export interface TransparencyRequest {
  id: number;
  bitmap: ImageBitmap;
}

export interface TransparencyAnswer {
  id: number;
  transparent: boolean | null;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TransparencyRequest>) => void) | null;
  postMessage(message: TransparencyAnswer): void;
};

scope.onmessage = ({ data: { id, bitmap } }) => {
  let transparent: boolean | null = null;
  try {
    const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true });
    if (context) {
      context.drawImage(bitmap, 0, 0);
      transparent = hasTransparentPixel(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
    }
  } catch {
    // A bitmap that cannot be drawn or read (detached, too large): unknown, answered so that the check ends.
    transparent = null;
  } finally {
    bitmap.close();
  }
  scope.postMessage({ id, transparent });
};
