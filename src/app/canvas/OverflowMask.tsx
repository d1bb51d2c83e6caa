import type { CSSProperties } from 'react';
import { selectCanvas, selectShowOverflow, selectView } from '../store/selectors.ts';
import { useEditorStore } from '../store/editor-store.ts';

/** The workspace colour (styles.css, light or dark); the mask over everything outside the canvas is drawn in it. */
const WORKSPACE_RGB = 'var(--workspace-rgb)';
/** How much of a layer's overflow stays visible when overflow is shown: enough to grab it, clearly not output. */
const DIMMED_OPACITY = 0.72;
/**
 * Covers what lies outside the canvas: layers stay whole and draggable underneath, but their overflow is dimmed,
 * or hidden, because the render clips it. Also draws the canvas outline. Elements over the stage, not a Konva
 * layer: they never need drawing while a layer is dragged under them.
 */
export function OverflowMask() {
  const canvas = useEditorStore(selectCanvas);
  const showOverflow = useEditorStore(selectShowOverflow);
  const view = useEditorStore(selectView);
  const opacity = showOverflow ? DIMMED_OPACITY : 1;
  const left = view.offsetX;
  const top = view.offsetY;
  const width = canvas.width * view.scale;
  const height = canvas.height * view.scale;
  const shade = (place: CSSProperties): CSSProperties => ({ position: 'absolute', background: `rgba(${WORKSPACE_RGB}, ${opacity})`, ...place });
  // Four bands inside the canvas box (which clips them), not one shadow reaching far out: a box of the view's
  // size is cheap to paint and composite on every frame of a drag under it.
  return (
    <div data-testid="overflow-mask" style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      <div style={shade({ left: 0, right: 0, top: 0, height: Math.max(0, top) })} />
      <div style={shade({ left: 0, right: 0, top: top + height, bottom: 0 })} />
      <div style={shade({ left: 0, width: Math.max(0, left), top, height })} />
      <div style={shade({ left: left + width, right: 0, top, height })} />
      <div style={{ position: 'absolute', left, top, width, height, outline: '1px solid #7b8190', outlineOffset: -0.5 }} />
    </div>
  );
}
