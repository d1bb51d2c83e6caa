import { intersectRect, type Rect } from './geometry.ts';
import type { Layer } from './document.ts';
import type { Size } from './size.ts';

/**
 * The subject's box on the canvas, in (fractional) canvas pixels: the cut-out's `subject` (in its image's
 * pixels) drawn where the layer draws the image; the layer's own box when the subject is not known.
 */
export function subjectOnCanvas(layer: Layer): Rect {
  const subject = layer.source.subject;
  if (!subject) return { x: layer.x, y: layer.y, width: layer.width, height: layer.height };
  const sx = layer.width / layer.source.width;
  const sy = layer.height / layer.source.height;
  return { x: layer.x + subject.x * sx, y: layer.y + subject.y * sy, width: subject.width * sx, height: subject.height * sy };
}

/**
 * How much of the frame a subject fills: the larger of its shares of the canvas's width and height, counting
 * only the part inside the canvas (0 when none is). A product 1700 px tall on a 2000 px square fills 0.85.
 */
export function subjectFill(subject: Rect, canvas: Size): number {
  const inside = intersectRect(subject, { x: 0, y: 0, ...canvas });
  return inside ? Math.max(inside.width / canvas.width, inside.height / canvas.height) : 0;
}

/** True when no part of the subject is cut off by an edge of the canvas (to a hundredth of a pixel). */
export function subjectInsideCanvas(subject: Rect, canvas: Size): boolean {
  const slack = 0.01;
  return (
    subject.x >= -slack &&
    subject.y >= -slack &&
    subject.x + subject.width <= canvas.width + slack &&
    subject.y + subject.height <= canvas.height + slack
  );
}

export type SubjectAlignment = { align: 'centre' } | { align: 'bottom'; floorMargin: number };

/**
 * The layer's rectangle that makes its subject fill `fill` (0..1) of the canvas (see subjectFill), centred on
 * the canvas, or centred horizontally with its base `floorMargin` px above the bottom edge. The layer is sized
 * up to the next whole pixel, so the fill is never below what was asked (a marketplace's minimum stays met).
 */
export function fitSubject(layer: Layer, canvas: Size, fill: number, alignment: SubjectAlignment = { align: 'centre' }): Rect {
  const { source } = layer;
  const subject = source.subject ?? { x: 0, y: 0, width: source.width, height: source.height };
  const scale = fill / Math.max(subject.width / canvas.width, subject.height / canvas.height);
  // The subject's share is measured on the layer's size; a hair of float error must not round a side up twice.
  const width = Math.max(1, Math.ceil(source.width * scale - 1e-9));
  const height = Math.max(1, Math.ceil(source.height * scale - 1e-9));
  const sx = width / source.width;
  const sy = height / source.height;
  const x = Math.round(canvas.width / 2 - (subject.x + subject.width / 2) * sx) + 0;
  const y =
    alignment.align === 'centre'
      ? Math.round(canvas.height / 2 - (subject.y + subject.height / 2) * sy) + 0
      : Math.floor(canvas.height - alignment.floorMargin - (subject.y + subject.height) * sy) + 0;
  return { x, y, width, height };
}
