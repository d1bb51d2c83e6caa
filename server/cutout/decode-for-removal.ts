import sharp from 'sharp';
import { MODEL_SIDE } from './isnet-session.ts';
import type { PixelImage } from './refine-matte.ts';

/** The guided filter is fitted at this long side, the model's own resolution: finer adds cost, not detail. */
const WORKING_SIDE = 1024;

export interface DecodedForRemoval {
  photo: PixelImage;
  /** The photo at the guided filter's working size, RGB. */
  working: PixelImage;
}

/**
 * The views of the photo a removal needs, decoded by sharp (upright, sRGB): `modelInput`, the photo stretched
 * to MODEL_SIDE x MODEL_SIDE (RGB; null when only the photo's own alpha is used), comes first, so that the
 * model can start while the full-size photo and the working copy are still being decoded (`views`). Runs on
 * the remover's own thread: sharp's output cannot be handed from one thread to another without a copy, and a
 * copy of a 12-MP photo on the server's thread stalled its event loop.
 */
export function decodeForRemoval(image: Uint8Array, useModel: boolean, maxPixels: number): { modelInput: Promise<Uint8Array | null>; views: Promise<DecodedForRemoval> } {
  const upright = () => sharp(image, { limitInputPixels: maxPixels }).autoOrient().toColourspace('srgb');
  // Transparent pixels' colours are arbitrary: the model and the guide see them on white.
  const opaque = () => upright().flatten({ background: '#ffffff' });
  const modelInput = useModel
    ? opaque().resize(MODEL_SIDE, MODEL_SIDE, { fit: 'fill', kernel: 'linear' }).raw().toBuffer().then((data) => new Uint8Array(data.buffer, data.byteOffset, data.length))
    : Promise.resolve(null);
  const views = Promise.all([
    upright().raw().toBuffer({ resolveWithObject: true }),
    opaque().resize(WORKING_SIDE, WORKING_SIDE, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true }),
  ]).then(([full, working]) => {
    const channels = full.info.channels;
    if (channels !== 3 && channels !== 4) throw new Error(`unexpected ${channels}-channel decode`);
    return {
      photo: { width: full.info.width, height: full.info.height, channels, data: full.data },
      working: { width: working.info.width, height: working.info.height, channels: working.info.channels, data: working.data },
    };
  });
  // Whoever awaits one view first may fail before awaiting the other: the other's failure is then not unhandled.
  views.catch(() => undefined);
  modelInput.catch(() => undefined);
  return { modelInput, views };
}
