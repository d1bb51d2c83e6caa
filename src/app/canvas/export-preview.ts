import { Konva } from './konva-parts.ts';
import type { Size } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectColorCode } from '../store/selectors.ts';
import { checkerboardPattern } from './checkerboard-pattern.ts';

/**
 * The editor's own rendering of the canvas area (colour, template, foreground; no mask, no handles), at most
 * `maxSide` pixels on its longest side: what the user approved when they submitted. Drawing only; encoding it
 * is left to the caller (`toBlob` encodes off the main thread).
 */
export function drawCanvasPreview(canvas: Size, maxSide = 1024): HTMLCanvasElement | null {
  const stage = Konva.stages[0];
  if (!stage) return null;
  const scale = stage.scaleX();
  const ratio = Math.min(maxSide / Math.max(canvas.width, canvas.height), 1);
  const output = document.createElement('canvas');
  output.width = Math.round(canvas.width * ratio);
  output.height = Math.round(canvas.height * ratio);
  const context = output.getContext('2d');
  if (!context) return null;
  // The backdrop is an element on screen (CanvasBackdrop.tsx), so it is painted here as it looks there.
  const colorCode = selectColorCode(useEditorStore.getState());
  context.fillStyle = colorCode ?? context.createPattern(checkerboardPattern(), 'repeat')!;
  context.fillRect(0, 0, output.width, output.height);
  // The images are on one layer each (EditorCanvas.tsx), stacked here in their order.
  const area = { x: stage.x(), y: stage.y(), width: canvas.width * scale, height: canvas.height * scale, pixelRatio: ratio / scale };
  for (const layer of stage.find('.content')) context.drawImage(layer.toCanvas(area), 0, 0, output.width, output.height);
  return output;
}

/** drawCanvasPreview as a PNG data URL. */
export function exportCanvasPreview(canvas: Size, maxSide = 1024): string | null {
  return drawCanvasPreview(canvas, maxSide)?.toDataURL('image/png') ?? null;
}
