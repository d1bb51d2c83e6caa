import type { ImageSource, Rect } from '../../core/index.ts';

/** The photo a cut-out was made from, and which part of it the cut-out is: what "Restore original" puts back. */
export interface CutoutOrigin {
  photo: ImageSource;
  /** The photo's address as the server was given it (a picked file's upload): the full-size original to compare with. */
  photoUrl: string;
  crop: Rect;
  /** The server's warning about the cut-out (the model was unsure of the subject), shown while it is the layer. */
  warning: string | null;
}

// By the cut-out's URL, for this tab (a reloaded draft keeps the cut-out; the photo is then a Replace away).
const origins = new Map<string, CutoutOrigin>();

export function rememberCutoutOrigin(cutoutUrl: string, origin: CutoutOrigin): void {
  origins.set(cutoutUrl, origin);
}

export function cutoutOrigin(cutoutUrl: string): CutoutOrigin | undefined {
  return origins.get(cutoutUrl);
}
