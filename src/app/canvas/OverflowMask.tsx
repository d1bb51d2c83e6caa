import type { CSSProperties } from 'react';
import { selectCanvas, selectShowOverflow, selectView } from '../store/selectors.ts';
import { useEditorStore } from '../store/editor-store.ts';

/** The workspace colour (rgb of --workspace); the mask over everything outside the canvas is drawn in it. */
const WORKSPACE_RGB = '230, 232, 236';
/** How much of a layer's overflow stays visible when overflow is shown: enough to grab it, clearly not output. */
const DIMMED_OPACITY = 0.72;
/** Far enough in screen pixels to cover the whole view. */
const FAR = 100_000;

/**
 * Covers what lies outside the canvas: layers stay whole and draggable underneath, but their overflow is dimmed,
 * or hidden, because the render clips it. Also draws the canvas outline. An element over the stage (a shadow
 * around the canvas area), not a Konva layer: it never needs drawing while a layer is dragged under it.
 */
export function OverflowMask() {
  const canvas = useEditorStore(selectCanvas);
  const showOverflow = useEditorStore(selectShowOverflow);
  const view = useEditorStore(selectView);
  const opacity = showOverflow ? DIMMED_OPACITY : 1;
  const style: CSSProperties = {
    position: 'absolute',
    left: view.offsetX,
    top: view.offsetY,
    width: canvas.width * view.scale,
    height: canvas.height * view.scale,
    pointerEvents: 'none',
    boxShadow: `0 0 0 ${FAR}px rgba(${WORKSPACE_RGB}, ${opacity})`,
    outline: '1px solid #7b8190',
    outlineOffset: -0.5,
  };
  return <div data-testid="overflow-mask" style={style} />;
}
