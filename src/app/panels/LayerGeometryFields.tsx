import { MAX_SIDE, type LayerKind } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectKeepAspectRatio, selectLayer } from '../store/selectors.ts';
import { NumberField } from './NumberField.tsx';

/** x, y, width and height of one layer in canvas pixels; typing moves or resizes the layer on the canvas. */
export function LayerGeometryFields({ kind }: { kind: LayerKind }) {
  const layer = useEditorStore(selectLayer(kind));
  const keepAspectRatio = useEditorStore(selectKeepAspectRatio);
  const setLayerRect = useEditorStore((state) => state.setLayerRect);
  if (!layer) return null;
  const ratio = layer.width / layer.height;
  const setWidth = (width: number) =>
    setLayerRect(kind, keepAspectRatio ? { width, height: Math.round(width / ratio) } : { width });
  const setHeight = (height: number) =>
    setLayerRect(kind, keepAspectRatio ? { height, width: Math.round(height * ratio) } : { height });
  return (
    <div className="field-grid">
      <NumberField label="X" testId={`${kind}-x`} value={layer.x} min={-MAX_SIDE} max={MAX_SIDE} onCommit={(x) => setLayerRect(kind, { x })} />
      <NumberField label="Y" testId={`${kind}-y`} value={layer.y} min={-MAX_SIDE} max={MAX_SIDE} onCommit={(y) => setLayerRect(kind, { y })} />
      <NumberField label="W" testId={`${kind}-width`} value={layer.width} min={1} max={MAX_SIDE} onCommit={setWidth} />
      <NumberField label="H" testId={`${kind}-height`} value={layer.height} min={1} max={MAX_SIDE} onCommit={setHeight} />
    </div>
  );
}
