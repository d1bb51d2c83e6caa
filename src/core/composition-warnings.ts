import type { CompositionDocument, Layer, LayerKind } from './document.ts';

/** What the editor knows of a layer's image beyond the document. */
export interface LayerImageFacts {
  /** The name the layer card shows for the image (a file's name, or a URL's host and path). */
  name: string;
  /** Whether any pixel is less than opaque; null until the editor has looked. */
  transparent: boolean | null;
}

/** Something that makes the result worse than the user may expect, though it can still be submitted. */
export type CompositionWarning =
  | { kind: 'blurry'; layer: LayerKind; message: string }
  | { kind: 'opaque-foreground'; layer: 'foreground'; message: string };

/** Drawn larger than this many times its natural size on either axis, an image looks soft. */
export const MAX_UPSCALE = 2;

function blurry(kind: LayerKind, layer: Layer, name: string): CompositionWarning | null {
  const { source } = layer;
  if (layer.width <= MAX_UPSCALE * source.width && layer.height <= MAX_UPSCALE * source.height) return null;
  return {
    kind: 'blurry',
    layer: kind,
    message: `${name} is ${source.width}x${source.height} and drawn at ${layer.width}x${layer.height}: it will look blurry`,
  };
}

/**
 * The warnings for a layout, foreground first: a layer drawn more than MAX_UPSCALE times its natural size, and a
 * foreground without a transparent pixel (a photo, not a cut-out: its own background would hide the new one).
 * A layer without facts gets none.
 */
export function compositionWarnings(
  document: CompositionDocument,
  facts: Partial<Record<LayerKind, LayerImageFacts>>,
): CompositionWarning[] {
  const warnings: CompositionWarning[] = [];
  const { foreground, template } = document;
  if (foreground && facts.foreground) {
    const tooLarge = blurry('foreground', foreground, facts.foreground.name);
    if (tooLarge) warnings.push(tooLarge);
    if (facts.foreground.transparent === false) {
      warnings.push({
        kind: 'opaque-foreground',
        layer: 'foreground',
        message: `${facts.foreground.name} has no transparent background: the background behind the subject will cover the new background`,
      });
    }
  }
  if (template && facts.template) {
    const tooLarge = blurry('template', template, facts.template.name);
    if (tooLarge) warnings.push(tooLarge);
  }
  return warnings;
}
