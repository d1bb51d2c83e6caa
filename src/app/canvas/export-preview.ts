import { Konva } from './konva-parts.ts';
import type { Size } from '../../core/index.ts';

/**
 * The editor's own rendering of the canvas area (colour, template, foreground; no mask, no handles), as a PNG
 * data URL at most `maxSide` pixels on its longest side: what the user approved when they submitted.
 */
export function exportCanvasPreview(canvas: Size, maxSide = 1024): string | null {
  const stage = Konva.stages[0];
  const content = stage?.getLayers()[0];
  if (!stage || !content) return null;
  const scale = stage.scaleX();
  const pixelRatio = Math.min(maxSide / Math.max(canvas.width, canvas.height), 1) / scale;
  return content.toDataURL({
    x: stage.x(),
    y: stage.y(),
    width: canvas.width * scale,
    height: canvas.height * scale,
    pixelRatio,
    mimeType: 'image/png',
  });
}
