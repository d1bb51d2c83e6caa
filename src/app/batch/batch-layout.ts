import { hasEffects, MAX_EFFECT_PIXELS, placeInSlot, scaleEffects, type BatchPlacement, type CompositionDocument, type Layer, type LayerEffects, type Rect } from '../../core/index.ts';
import type { BatchEditing, BatchOverride, BatchRule } from '../store/batch-slice.ts';

/** The slot of the batch: the layout's foreground box; null when the layout has no foreground. */
export function batchSlot(document: CompositionDocument): Rect | null {
  const layer = document.foreground;
  return layer ? { x: layer.x, y: layer.y, width: layer.width, height: layer.height } : null;
}

/** The rule as the API takes it; "same scale" is the scale the layout's own product is drawn at. */
export function batchPlacement(document: CompositionDocument, rule: BatchRule): BatchPlacement {
  const layer = document.foreground;
  if (rule.sizing === 'same-scale' && layer) return { anchor: rule.anchor, scale: layer.width / layer.source.width };
  return { anchor: rule.anchor };
}

/**
 * Where an item of this size goes by the rule: its subject (the box of a cut-out's visible pixels; absent or null,
 * the whole image) fitted into the slot, as the server places it.
 */
export function placeItem(document: CompositionDocument, rule: BatchRule, size: { width: number; height: number }, subject?: Rect | null): Rect | null {
  const slot = batchSlot(document);
  return slot ? placeInSlot(slot, size, batchPlacement(document, rule), subject ?? undefined) : null;
}

/**
 * The batch's layout: the document, except while an item is open in the editor, when the editor's foreground is
 * that item and the layout's own (the slot) waits in `editing`.
 */
export function batchLayout(document: CompositionDocument, editing: BatchEditing | null): CompositionDocument {
  return editing ? { ...document, foreground: editing.layoutForeground } : document;
}

/**
 * The layout's own shadows and reflection (those of its product, the slot) for an item drawn at `box` from an
 * image of `size`: every product placed by the rule gets them, at the same lengths on the canvas as the
 * layout's product (effects are in the image's pixels, so a photo drawn at a quarter of its size gets four
 * times the blur). Null when the layout's product has none.
 */
export function layoutEffectsFor(layout: CompositionDocument, box: Rect, size: { width: number; height: number }): LayerEffects | null {
  const slot = layout.foreground;
  if (!slot || !hasEffects(slot.effects)) return null;
  const scaled = scaleEffects(slot.effects, slot.width / slot.source.width / (box.width / size.width));
  const clamp = (pixels: number) => Math.min(MAX_EFFECT_PIXELS, pixels);
  return {
    shadows: scaled.shadows.map((shadow) => ({ ...shadow, blur: clamp(shadow.blur), distance: clamp(Math.round(shadow.distance)) })),
    reflection: scaled.reflection && { ...scaled.reflection, gap: clamp(scaled.reflection.gap) },
  };
}

/** The effects an item renders with: its override's, or else the layout's (layoutEffectsFor). */
export function itemEffects(layout: CompositionDocument, override: BatchOverride | null | undefined, box: Rect | null, size: { width: number; height: number } | null | undefined): LayerEffects | null {
  if (override) return override.effects;
  return box && size ? layoutEffectsFor(layout, box, size) : null;
}

/**
 * What the item adjusted in the editor keeps: the layer's box and effects. Null when it is where the rule puts
 * it with the effects the rule gives it (`ruledEffects`, the layout's): nothing overrides the rule then.
 */
export function overrideOf(layer: Layer, ruled: Rect | null, ruledEffects: LayerEffects | null = null): BatchOverride | null {
  const box = { x: layer.x, y: layer.y, width: layer.width, height: layer.height };
  const effects = hasEffects(layer.effects) ? layer.effects : null;
  const moved = !ruled || box.x !== ruled.x || box.y !== ruled.y || box.width !== ruled.width || box.height !== ruled.height;
  const ownEffects = JSON.stringify(effects) !== JSON.stringify(ruledEffects);
  return moved || ownEffects ? { box, effects } : null;
}
