import { placeInSlot, type BatchPlacement, type CompositionDocument, type Rect } from '../../core/index.ts';
import type { BatchRule } from '../store/batch-slice.ts';

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

/** Where an item of this size goes by the rule (the preview; the server places it the same way). */
export function placeItem(document: CompositionDocument, rule: BatchRule, size: { width: number; height: number }): Rect | null {
  const slot = batchSlot(document);
  return slot ? placeInSlot(slot, size, batchPlacement(document, rule)) : null;
}
