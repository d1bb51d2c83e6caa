import { Group, Rect } from './konva-parts.ts';
import { selectCanvas, selectShowOverflow, selectView } from '../store/selectors.ts';
import { useEditorStore } from '../store/editor-store.ts';

/** The workspace colour; the mask over everything outside the canvas is drawn in it. */
export const WORKSPACE_COLOR = '#e6e8ec';
/** How much of a layer's overflow stays visible when overflow is shown: enough to grab it, clearly not output. */
const DIMMED_OPACITY = 0.72;
/** Far enough in canvas pixels to cover the stage at any zoom the editor allows. */
const FAR = 1_000_000;

/**
 * Covers what lies outside the canvas: layers stay whole and draggable underneath, but their overflow is dimmed,
 * or hidden, because the render clips it. Also draws the canvas outline.
 */
export function OverflowMask() {
  const canvas = useEditorStore(selectCanvas);
  const showOverflow = useEditorStore(selectShowOverflow);
  const { scale } = useEditorStore(selectView);
  const { width, height } = canvas;
  const opacity = showOverflow ? DIMMED_OPACITY : 1;
  return (
    <Group listening={false}>
      <Rect x={-FAR} y={-FAR} width={2 * FAR + width} height={FAR} fill={WORKSPACE_COLOR} opacity={opacity} />
      <Rect x={-FAR} y={height} width={2 * FAR + width} height={FAR} fill={WORKSPACE_COLOR} opacity={opacity} />
      <Rect x={-FAR} y={0} width={FAR} height={height} fill={WORKSPACE_COLOR} opacity={opacity} />
      <Rect x={width} y={0} width={FAR} height={height} fill={WORKSPACE_COLOR} opacity={opacity} />
      <Rect x={0} y={0} width={width} height={height} stroke="#7b8190" strokeWidth={1 / scale} />
    </Group>
  );
}
