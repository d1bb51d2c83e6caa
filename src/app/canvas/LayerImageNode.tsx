import { useQuery } from '@tanstack/react-query';
import type Konva from 'konva';
import type { KonvaEventObject } from 'konva/lib/Node';
import { Image as KonvaImage, Rect } from './konva-parts.ts';
import type { LayerKind } from '../../core/index.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectLayer } from '../store/selectors.ts';
import { layerNodeId } from './layer-node-id.ts';
import { clearSnapGuides, snapDraggedLayer } from './snap-layer.ts';

function setCursor(event: KonvaEventObject<MouseEvent>, cursor: string) {
  const container = event.target.getStage()?.container();
  if (container) container.style.cursor = cursor;
}

/**
 * One layer on the canvas, drawn from its downscaled preview bitmap at its canvas-pixel rectangle. Konva moves
 * and scales the node itself while the pointer is down; the store hears of it once, at the end (one undo step).
 */
export function LayerImageNode({ kind, panning }: { kind: LayerKind; panning: boolean }) {
  const layer = useEditorStore(selectLayer(kind));
  const select = useEditorStore((state) => state.select);
  const setLayerRect = useEditorStore((state) => state.setLayerRect);
  const preview = useQuery({ ...previewImageQuery(layer?.source.url ?? ''), enabled: Boolean(layer) });
  if (!layer) return null;

  const snapWhileDragging = (event: KonvaEventObject<DragEvent>) => {
    const node = event.target;
    const rect = snapDraggedLayer(kind, { x: node.x(), y: node.y(), width: node.width(), height: node.height() });
    // Whole canvas pixels while dragging, so the preview shows exactly what the request will say.
    node.position({ x: Math.round(rect.x), y: Math.round(rect.y) });
  };
  const commitMove = (event: KonvaEventObject<DragEvent>) => {
    const node = event.target;
    clearSnapGuides();
    node.position({ x: Math.round(node.x()), y: Math.round(node.y()) });
    setLayerRect(kind, { x: node.x(), y: node.y() });
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
    setLayerRect(kind, { x, y, width, height });
  };
  const common = {
    id: layerNodeId(kind),
    name: 'layer',
    x: layer.x,
    y: layer.y,
    width: layer.width,
    height: layer.height,
    draggable: !panning,
    onMouseDown: () => select(kind),
    onTouchStart: () => select(kind),
    onDragStart: () => select(kind),
    onDragMove: snapWhileDragging,
    onDragEnd: commitMove,
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
