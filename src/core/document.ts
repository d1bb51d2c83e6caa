import type { Rect } from './geometry.ts';
import type { LayerEffects } from './layer-effects.ts';
import type { Size } from './size.ts';

/** An image a layer shows: where it lives and its natural (upright) size in pixels. */
export interface ImageSource {
  url: string;
  width: number;
  height: number;
  /** A cut-out's subject box inside the image (POST /api/foregrounds' `subject`): what "fill" is measured on. */
  subject?: Rect;
}

/** A layer placed on the canvas: integer canvas pixels, top-left corner and the size it is drawn at. */
export interface Layer {
  source: ImageSource;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Shadows and reflection drawn around the image (a foreground's; none when absent). */
  effects?: LayerEffects;
}

export type LayerKind = 'foreground' | 'template';

/** The whole composition as plain data. Bottom to top: colour, template, foreground. */
export interface CompositionDocument {
  canvas: Size;
  /** Lower-case "#rrggbb", or null for no colour (transparent where no layer covers the canvas). */
  colorCode: string | null;
  template: Layer | null;
  foreground: Layer | null;
  /** The marketplace preset last applied (marketplace-rules.ts), whose rules the editor checks live. */
  marketplace?: string;
}

export const DEFAULT_CANVAS: Size = { width: 3840, height: 3840 };

export function emptyDocument(canvas: Size = DEFAULT_CANVAS): CompositionDocument {
  return { canvas: { ...canvas }, colorCode: null, template: null, foreground: null };
}
