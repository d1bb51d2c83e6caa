import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { Layer, Stage } from 'react-konva';
import type { KonvaEventObject } from 'konva/lib/Node';
import { fitView } from '../../core/index.ts';
import { firstImageFile } from '../images/image-input.ts';
import { usePlaceImage } from '../images/use-place-image.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectCanvas, selectLayer, selectView } from '../store/selectors.ts';
import { CanvasBackdrop } from './CanvasBackdrop.tsx';
import { LayerImageNode } from './LayerImageNode.tsx';
import { OverflowMask } from './OverflowMask.tsx';
import { SelectionTransformer } from './SelectionTransformer.tsx';
import { useElementSize } from './use-element-size.ts';

/** CSS pixels kept free around the canvas when it is fitted into the view. */
const VIEW_MARGIN = 40;

/**
 * The Konva stage: the size of its box on screen, scaled so the whole virtual canvas fits. Everything inside it
 * is in canvas pixels; the stage's scale and position are the view.
 */
export function EditorCanvas() {
  const boxRef = useRef<HTMLDivElement>(null);
  const box = useElementSize(boxRef);
  const canvas = useEditorStore(selectCanvas);
  const view = useEditorStore(selectView);
  const setView = useEditorStore((state) => state.setView);
  const select = useEditorStore((state) => state.select);
  const hasForeground = useEditorStore((state) => Boolean(selectLayer('foreground')(state)));
  const placeForeground = usePlaceImage('foreground');
  const [dropping, setDropping] = useState(false);

  const fitted = useMemo(() => fitView(canvas, box, VIEW_MARGIN), [canvas, box]);
  useEffect(() => setView(fitted), [fitted, setView]);

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
      className={`canvas-box${dropping ? ' canvas-box--dropping' : ''}`}
      data-testid="canvas-stage"
      aria-label="Composition canvas"
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
            <LayerImageNode kind="template" />
            <LayerImageNode kind="foreground" />
          </Layer>
          <Layer listening={false}>
            <OverflowMask />
          </Layer>
          <Layer>
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
