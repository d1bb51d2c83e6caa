import type { Rect } from './geometry.ts';
import { MAX_SIDE, type Size } from './size.ts';

/** Where a batch item's subject goes inside the slot: on the slot's floor (bottom centre) or in its middle. */
export type BatchAnchor = 'bottom' | 'center';

/**
 * The rule one batch applies to every product. `scale` absent: each subject is fitted into the slot (as large
 * as fits). `scale` given: every product is drawn at that many canvas pixels per image pixel, so products keep
 * their sizes relative to each other (a small jar stays smaller than a large bottle).
 */
export interface BatchPlacement {
  anchor: BatchAnchor;
  scale?: number;
}

export const DEFAULT_BATCH_PLACEMENT: BatchPlacement = { anchor: 'bottom' };

/**
 * Alpha (of 255) from which a batch item's pixel is part of its subject: a faint shadow or fringe does not widen
 * the box. The server places items by it, and the editor's preview finds the same box.
 */
export const BATCH_SUBJECT_ALPHA = 8;

/**
 * The foreground's rectangle on the canvas (whole pixels, what modify_origin_img_size and overlay_origin_x/y
 * say) for an image of `image` pixels whose subject is `subject` inside it (the whole image when absent: a
 * photo; a cut-out with transparent margins passes the box of its opaque pixels). The subject, not the image,
 * is fitted into the slot and anchored, so margins neither shrink the product nor lift it off the floor; the
 * margins may lie outside the slot (they are transparent).
 */
export function placeInSlot(slot: Rect, image: Size, placement: BatchPlacement, subject?: Rect): Rect {
  const box = subject && subject.width > 0 && subject.height > 0 ? subject : { x: 0, y: 0, ...image };
  let scale = placement.scale ?? Math.min(slot.width / box.width, slot.height / box.height);
  // The image must stay drawable: no side above MAX_SIDE, none below 1 pixel.
  scale = Math.min(scale, MAX_SIDE / image.width, MAX_SIDE / image.height);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  // The scale actually drawn, after rounding the image's size, so the subject's edges land where computed.
  const sx = width / image.width;
  const sy = height / image.height;
  const subjectWidth = box.width * sx;
  const subjectHeight = box.height * sy;
  const subjectLeft = slot.x + (slot.width - subjectWidth) / 2;
  const subjectTop = placement.anchor === 'bottom' ? slot.y + slot.height - subjectHeight : slot.y + (slot.height - subjectHeight) / 2;
  return { x: Math.round(subjectLeft - box.x * sx), y: Math.round(subjectTop - box.y * sy), width, height };
}
