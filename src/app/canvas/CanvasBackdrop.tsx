import type { CSSProperties } from 'react';
import { selectCanvas, selectColorCode, selectView } from '../store/selectors.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { CHECKER_DARK, CHECKER_LIGHT, CHECKER_SQUARE } from './checkerboard-pattern.ts';

/**
 * The canvas area under the layers: the background colour, or a checkerboard where the output will be
 * transparent. An element behind the stage, not a Konva layer: without a GPU every canvas on the page costs
 * a copy on each frame that changes anything, a drag included.
 */
export function CanvasBackdrop() {
  const canvas = useEditorStore(selectCanvas);
  const colorCode = useEditorStore(selectColorCode);
  const view = useEditorStore(selectView);
  const style: CSSProperties = {
    position: 'absolute',
    left: view.offsetX,
    top: view.offsetY,
    width: canvas.width * view.scale,
    height: canvas.height * view.scale,
    pointerEvents: 'none',
    background:
      colorCode ??
      `repeating-conic-gradient(${CHECKER_DARK} 0 25%, ${CHECKER_LIGHT} 0 50%) 0 0 / ${2 * CHECKER_SQUARE}px ${2 * CHECKER_SQUARE}px`,
  };
  return <div data-testid="canvas-backdrop" style={style} />;
}
