import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Layer, Stage } from './konva-parts.ts';
import type Konva from 'konva';
import type { KonvaEventObject } from 'konva/lib/Node';
import { firstImageFile } from '../images/image-input.ts';
import { usePlaceImage } from '../images/use-place-image.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectCanvas, selectLayer, selectView } from '../store/selectors.ts';
import { CanvasBackdrop } from './CanvasBackdrop.tsx';
import { presentLayer } from './layer-canvas-shift.ts';
import { LayerEffectsNode } from './LayerEffectsNode.tsx';
import { LayerImageNode } from './LayerImageNode.tsx';
import { trackModifierKeys } from './modifier-keys.ts';
import { OverflowMask } from './OverflowMask.tsx';
import { SelectionTransformer } from './SelectionTransformer.tsx';
import { SnapGuides } from './SnapGuides.tsx';
import { useElementSize } from './use-element-size.ts';
import { useCanvasContextMenu } from './use-canvas-context-menu.ts';
import { usePan } from './use-pan.ts';
import { useTouchGestures } from './use-touch-gestures.ts';
import { useWheelZoom } from './use-wheel-zoom.ts';

/** The handles' layer, shown through a view (presentLayer) and drawn over the overflow mask (an element after
 * the stage), so that they can be grabbed. A ref callback: React 19 runs what it returns when the element goes. */
function presentHandles(layer: Konva.Layer | null): (() => void) | undefined {
  if (!layer) return undefined;
  layer.getCanvas()._canvas.style.zIndex = '1';
  return presentLayer(layer);
}

/** A content layer (effects, images), shown through a view (presentLayer); the same ref callback contract. */
function presentContent(layer: Konva.Layer | null): (() => void) | undefined {
  return layer ? presentLayer(layer) : undefined;
}

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
  useCanvasContextMenu(boxRef);
  useTouchGestures(boxRef);

  useEffect(trackModifierKeys, []);
  useEffect(() => useEditorStore.getState().setViewport(box), [box]);
  useEffect(() => {
    if (useEditorStore.getState().zoomMode === 'fit') useEditorStore.getState().zoomToFit();
  }, [canvas]);

  // A click on empty canvas; a tap there deselects in use-touch-gestures (Konva never hears that touch).
  const deselectOnEmpty = (event: KonvaEventObject<MouseEvent>) => {
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
      // Its own stacking context: the handles' canvas is lifted over the mask, and no further.
      style={{ isolation: 'isolate' }}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <CanvasBackdrop />
      {box.width > 0 && box.height > 0 && (
        <Stage
          width={box.width}
          height={box.height}
          scaleX={view.scale}
          scaleY={view.scale}
          x={view.offsetX}
          y={view.offsetY}
          onMouseDown={deselectOnEmpty}
        >
          {/*
            Each image alone on a layer, and the handles on theirs: a drag slides those canvases by CSS instead of
            drawing them (layer-drag.ts). The backdrop, the mask and the guides are elements, not canvases: without
            a GPU every canvas costs a copy on each frame that changes anything. Layers named 'content' make up
            the picture (export-preview.ts).
          */}
          <Layer name="content" ref={presentContent}>
            <LayerImageNode kind="template" panning={panReady} />
          </Layer>
          <Layer name="content" ref={presentContent}>
            <LayerEffectsNode kind="foreground" />
            <LayerImageNode kind="foreground" panning={panReady} />
          </Layer>
          <Layer ref={presentHandles}>
            <SelectionTransformer />
          </Layer>
        </Stage>
      )}
      <OverflowMask />
      <SnapGuides />
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
