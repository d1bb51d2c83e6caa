import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Layer, Stage } from './konva-parts.ts';
import type { KonvaEventObject } from 'konva/lib/Node';
import { firstImageFile } from '../images/image-input.ts';
import { usePlaceImage } from '../images/use-place-image.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectCanvas, selectLayer, selectView } from '../store/selectors.ts';
import { CanvasBackdrop } from './CanvasBackdrop.tsx';
import { LayerImageNode } from './LayerImageNode.tsx';
import { trackModifierKeys } from './modifier-keys.ts';
import { OverflowMask } from './OverflowMask.tsx';
import { SelectionTransformer } from './SelectionTransformer.tsx';
import { SnapGuides } from './SnapGuides.tsx';
import { useElementSize } from './use-element-size.ts';
import { usePan } from './use-pan.ts';
import { useWheelZoom } from './use-wheel-zoom.ts';

/**
 * The Konva stage: the size of its box on screen; its scale and position are the view (fitted, or zoomed and
 * panned by the user). Everything inside it is in canvas pixels.
 */
export function EditorCanvas() {
  const boxRef = useRef<HTMLDivElement>(null);
  const box = useElementSize(boxRef);
  const canvas = useEditorStore(selectCanvas);
  const view = useEditorStore(selectView);
  const select = useEditorStore((state) => state.select);
  const hasForeground = useEditorStore((state) => Boolean(selectLayer('foreground')(state)));
  const placeForeground = usePlaceImage('foreground');
  const [dropping, setDropping] = useState(false);
  const panReady = usePan(boxRef);
  useWheelZoom(boxRef);

  useEffect(trackModifierKeys, []);
  useEffect(() => useEditorStore.getState().setViewport(box), [box]);
  useEffect(() => {
    if (useEditorStore.getState().zoomMode === 'fit') useEditorStore.getState().zoomToFit();
  }, [canvas]);

  const deselectOnEmpty = (event: KonvaEventObject<MouseEvent | TouchEvent>) => {
    if (event.target === event.target.getStage()) select(null);
  };
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    const file = firstImageFile(event.dataTransfer.files);
    if (file) placeForeground.mutate({ file });
  };

  return (
    <div
      ref={boxRef}
      className={`canvas-box${dropping ? ' canvas-box--dropping' : ''}${panReady ? ' canvas-box--pan' : ''}`}
      data-testid="canvas-stage"
      role="application"
      aria-label="Composition canvas. Tab selects a layer, arrow keys move it, Shift+arrow by 10 pixels."
      tabIndex={0}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      {box.width > 0 && box.height > 0 && (
        <Stage
          width={box.width}
          height={box.height}
          scaleX={view.scale}
          scaleY={view.scale}
          x={view.offsetX}
          y={view.offsetY}
          onMouseDown={deselectOnEmpty}
          onTouchStart={deselectOnEmpty}
        >
          <Layer>
            <CanvasBackdrop />
            <LayerImageNode kind="template" panning={panReady} />
            <LayerImageNode kind="foreground" panning={panReady} />
          </Layer>
          {/* One overlay canvas, not three: without a GPU every canvas is composited in software on each frame. */}
          <Layer>
            <OverflowMask />
            <SnapGuides />
            <SelectionTransformer />
          </Layer>
        </Stage>
      )}
      {!hasForeground && (
        <div className="canvas-hint" data-testid="canvas-hint">
          Drop a foreground image here, paste one, or load it from the Layers panel.
        </div>
      )}
      {placeForeground.isPending && <div className="canvas-hint">Loading image…</div>}
      {placeForeground.isError && (
        <div className="canvas-hint canvas-hint--error" role="alert">
          {placeForeground.error.message}
        </div>
      )}
    </div>
  );
}
