import { BATCH_SUBJECT_ALPHA, visibleBox, type Rect } from '../../core/index.ts';

/**
 * The box of a product file's subject (its pixels at least BATCH_SUBJECT_ALPHA opaque, as the server finds it),
 * or null when the whole image is the subject (a JPEG, an opaque image) or it cannot be decoded here. Decoded
 * at full size and let go at once: nothing of it is kept, so a large batch does not hold its pixels.
 */
export async function fileSubject(file: File): Promise<Rect | null> {
  if (file.type === 'image/jpeg') return null;
  let bitmap: ImageBitmap | null = null;
  try {
    bitmap = await createImageBitmap(file);
    const { width, height } = bitmap;
    const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(bitmap, 0, 0);
    const box = visibleBox(context.getImageData(0, 0, width, height).data, width, height, BATCH_SUBJECT_ALPHA);
    return box && (box.width < width || box.height < height) ? box : null;
  } catch {
    return null;
  } finally {
    bitmap?.close();
  }
}
