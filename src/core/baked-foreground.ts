import { SOLID_ALPHA } from './bake-effects.ts';
import type { CompositionDocument } from './document.ts';
import { bakedPlacement, bakedSize, effectPadding, hasEffects, type EffectPadding, type LayerEffects } from './layer-effects.ts';
import type { Size } from './size.ts';
import { visibleBox } from './visible-box.ts';

/**
 * What the Request panel names `origin_img` by while the foreground has effects: the image Submit sends is
 * baked on the server when it submits, so it has no URL before then.
 */
export const BAKED_AT_SUBMIT = '(the foreground with its effects baked in, made at Submit)';

/** The rows of an image that hold solid pixels (alpha >= SOLID_ALPHA): `top` and `bottom` (exclusive). */
export interface SolidRows {
  top: number;
  bottom: number;
}

/**
 * The composition as Submit sends it once the foreground's effects are baked: the foreground is the baked image
 * (`url`, the source grown by `padding`), placed by bakedPlacement so the subject stays on the layer's box. The
 * same for the Request panel (with BAKED_AT_SUBMIT and the padding worked out in the browser) and for Submit
 * (with the server's image and padding), so the panel shows the body Submit sends. Unchanged without effects.
 */
export function withBakedForeground(document: CompositionDocument, baked: { url: string; padding: EffectPadding }): CompositionDocument {
  const foreground = document.foreground;
  if (!foreground || !hasEffects(foreground.effects)) return document;
  const { box } = bakedPlacement(foreground, foreground.source, baked.padding);
  return { ...document, foreground: { source: { url: baked.url, ...bakedSize(foreground.source, baked.padding) }, ...box } };
}

/**
 * The padding the server's bake gives (bakeEffects: effectPadding on the box of the solid pixels) from the solid
 * rows alone: the effects reach below and above the subject by its base and height, never by its sides.
 */
export function bakedPadding(effects: LayerEffects, size: Size, rows: SolidRows | null): EffectPadding {
  const subject = rows ? { x: 0, y: rows.top, width: size.width, height: rows.bottom - rows.top } : undefined;
  return effectPadding(effects, size, subject);
}

/**
 * The first and last (exclusive) row of `count` rows of RGBA pixels with an alpha of SOLID_ALPHA or more, or
 * null when there is none: one strip of an image, read from the top or the bottom until a solid row is found.
 */
export function solidRowsOf(pixels: ArrayLike<number>, width: number, count: number): SolidRows | null {
  const box = visibleBox(pixels, width, count, SOLID_ALPHA);
  return box && { top: box.y, bottom: box.y + box.height };
}
