import type Konva from 'konva';
import { useCallback, useEffect, useRef } from 'react';
import type { Box } from 'konva/lib/shapes/Transformer';
import { Transformer } from './konva-parts.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectDocument, selectSelection } from '../store/selectors.ts';
import { layerNodeId } from './layer-node-id.ts';
import { modifierKeys } from './modifier-keys.ts';
import { snapResizedLayer } from './snap-layer.ts';

/** Smallest size, in screen pixels, a layer can be scaled down to with the handles. */
const MIN_SCREEN_SIDE = 4;
const CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
/**
 * The handles' size in CSS px: small for a mouse; for a finger (a coarse pointer) larger, and grabbable a good
 * way around what is drawn (the hit stroke), so the area a finger can press is 32 px square.
 */
const COARSE_POINTER = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
const ANCHOR_SIZE = COARSE_POINTER ? 18 : 10;
/** Only for a finger: with a style function Konva lays the handles out anew on every update. */
const styleAnchor = COARSE_POINTER ? (anchor: Konva.Rect) => void anchor.hitStrokeWidth(14) : undefined;

/**
 * Corner handles on the selected layer. The aspect ratio is kept unless Shift is held ('inverted'), there is no
 * rotation handle (the API cannot express rotation) and no side handles (they would distort by default).
 */
export function SelectionTransformer() {
  const transformerRef = useRef<Konva.Transformer>(null);
  const selection = useEditorStore(selectSelection);
  // The node may be replaced when its image changes; re-attach whenever the document does.
  const document = useEditorStore(selectDocument);

  useEffect(() => {
    const transformer = transformerRef.current;
    if (!transformer) return;
    const node = selection ? transformer.getStage()?.findOne(`#${layerNodeId(selection)}`) : undefined;
    const attached = transformer.nodes();
    // Unchanged after a drag: drawing the handles again would cost a frame the slid canvas already covers.
    if (attached.length === (node ? 1 : 0) && (!node || attached[0] === node)) return;
    transformer.nodes(node ? [node] : []);
    transformer.getLayer()?.batchDraw();
  }, [selection, document]);

  // Props keep their identity from one render to the next: Konva draws the handles again for any prop that is
  // not the same object, and the document changes at the end of every drag.
  const boundBox = useCallback(
    (oldBox: Box, newBox: Box): Box => {
      if (Math.abs(newBox.width) < MIN_SCREEN_SIDE || Math.abs(newBox.height) < MIN_SCREEN_SIDE) return oldBox;
      const anchor = transformerRef.current?.getActiveAnchor() ?? '';
      if (!selection || !anchor) return newBox;
      // The box is in stage (screen) pixels; snapping works in canvas pixels.
      const { scale, offsetX, offsetY } = useEditorStore.getState().view;
      const rect = {
        x: (newBox.x - offsetX) / scale,
        y: (newBox.y - offsetY) / scale,
        width: newBox.width / scale,
        height: newBox.height / scale,
      };
      const edges = { left: anchor.includes('left'), top: anchor.includes('top') };
      const snapped = snapResizedLayer(selection, rect, edges, !modifierKeys.shift).rect;
      return {
        ...newBox,
        x: snapped.x * scale + offsetX,
        y: snapped.y * scale + offsetY,
        width: snapped.width * scale,
        height: snapped.height * scale,
      };
    },
    [selection],
  );

  return (
    <Transformer
      ref={transformerRef}
      rotateEnabled={false}
      flipEnabled={false}
      keepRatio
      shiftBehavior="inverted"
      enabledAnchors={CORNERS}
      anchorSize={ANCHOR_SIZE}
      anchorStyleFunc={styleAnchor}
      anchorCornerRadius={2}
      anchorStroke="#2563eb"
      borderStroke="#2563eb"
      ignoreStroke
      boundBoxFunc={boundBox}
    />
  );
}
