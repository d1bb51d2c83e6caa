import { useQuery } from '@tanstack/react-query';
import type Konva from 'konva';
import type { KonvaEventObject } from 'konva/lib/Node';
import { Image as KonvaImage, Rect } from './konva-parts.ts';
import type { LayerKind } from '../../core/index.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectLayer } from '../store/selectors.ts';
import { moveFollowers } from './layer-followers.ts';
import { layerNodeId } from './layer-node-id.ts';
import { startLayerDrag } from './layer-drag.ts';
import { clearSnapGuides } from './snap-layer.ts';

function setCursor(event: KonvaEventObject<MouseEvent>, cursor: string) {
  const container = event.target.getStage()?.container();
  if (container) container.style.cursor = cursor;
}

/**
 * One layer on the canvas, drawn from its downscaled preview bitmap at its canvas-pixel rectangle, alone on its
 * Konva layer so that a drag can slide that layer's canvas (layer-drag.ts). A drag or a resize tells the store
 * once, at the end (one undo step).
 */
export function LayerImageNode({ kind, panning }: { kind: LayerKind; panning: boolean }) {
  const layer = useEditorStore(selectLayer(kind));
  const select = useEditorStore((state) => state.select);
  const setLayerRect = useEditorStore((state) => state.setLayerRect);
  const preview = useQuery({ ...previewImageQuery(layer?.source.url ?? ''), enabled: Boolean(layer) });
  if (!layer) return null;

  // A press (mouse, pen or one finger: a second finger is the touch gestures', use-touch-gestures.ts) starts on
  // pointerdown, and cancels the mouse events the browser would send after it: Konva would hit-test the whole
  // stage again for the mousedown, and that press is a frame at 4x throttling (bench/editor.ts). What mousedown
  // did by default, focusing the canvas and ending a text selection, is done here.
  const pressWithPointer = (event: KonvaEventObject<PointerEvent>) => {
    const evt = event.evt;
    select(kind);
    if (evt.button === 0 && !panning) {
      evt.preventDefault();
      const box = event.target.getStage()?.container().closest<HTMLElement>('[tabindex]');
      // In a task of its own, after the press has started the drag: focusing brings the page's style and
      // layout up to date first, and the two together were a 4x-throttled frame's worth of work.
      setTimeout(() => {
        // Not for a finger: the keys it could bring are a keyboard's, and the focus ring would show at each tap.
        if (evt.pointerType !== 'touch') box?.focus({ preventScroll: true });
        // As the browser's own press would: text left selected in a field is let go. (Kept, Chromium works out
        // where its caret would be again on every frame of the drag: ~3 ms of a 4x-throttled frame.)
        window.getSelection()?.removeAllRanges();
      });
    }
    if (evt.button !== 0 || panning) return;
    const pointer = { x: evt.clientX, y: evt.clientY };
    startLayerDrag({ node: event.target, kind, pointer, pointerId: evt.pointerId, commit: (position) => setLayerRect(kind, position) });
    // The drag's moves go to the stage without a hit test of the page each (Chromium skips it for a captured
    // pointer); the capture ends with the release.
    if (evt.target instanceof Element) evt.target.setPointerCapture(evt.pointerId);
  };
  const commitTransform = (event: KonvaEventObject<Event>) => {
    const node = event.target as Konva.Shape;
    clearSnapGuides();
    // Fold the transformer's scale into integer width/height: the request has sizes, not scales.
    const width = Math.round(node.width() * node.scaleX());
    const height = Math.round(node.height() * node.scaleY());
    const x = Math.round(node.x());
    const y = Math.round(node.y());
    node.setAttrs({ scaleX: 1, scaleY: 1, x, y, width, height });
    moveFollowers(node);
    setLayerRect(kind, { x, y, width, height });
  };
  const common = {
    id: layerNodeId(kind),
    name: 'layer',
    x: layer.x,
    y: layer.y,
    width: layer.width,
    height: layer.height,
    // Nothing is drawn in a hollow or stroked way: one fill pass suffices.
    perfectDrawEnabled: false,
    onPointerDown: pressWithPointer,
    // The effects follow the corner live, scaled with the layer (no new bake while the pointer moves).
    onTransform: (event: KonvaEventObject<Event>) => moveFollowers(event.target),
    onTransformEnd: commitTransform,
    onMouseEnter: (event: KonvaEventObject<MouseEvent>) => setCursor(event, 'move'),
    onMouseLeave: (event: KonvaEventObject<MouseEvent>) => setCursor(event, 'default'),
  };
  if (!preview.data) {
    // Until the image is decoded, a placeholder holds its place so the layout is visible and editable.
    return <Rect {...common} fill={preview.isError ? '#f3c4c4' : '#cfd3da'} opacity={0.6} />;
  }
  return <KonvaImage {...common} image={preview.data.bitmap as HTMLImageElement} />;
}
