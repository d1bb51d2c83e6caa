import type Konva from 'konva';
import { useEffect, useRef } from 'react';
import { Transformer } from 'react-konva';
import { useEditorStore } from '../store/editor-store.ts';
import { selectDocument, selectSelection } from '../store/selectors.ts';
import { layerNodeId } from './layer-node-id.ts';

/** Smallest size, in screen pixels, a layer can be scaled down to with the handles. */
const MIN_SCREEN_SIDE = 4;

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
    transformer.nodes(node ? [node] : []);
    transformer.getLayer()?.batchDraw();
  }, [selection, document]);

  return (
    <Transformer
      ref={transformerRef}
      rotateEnabled={false}
      flipEnabled={false}
      keepRatio
      shiftBehavior="inverted"
      enabledAnchors={['top-left', 'top-right', 'bottom-left', 'bottom-right']}
      anchorSize={10}
      anchorCornerRadius={2}
      anchorStroke="#2563eb"
      borderStroke="#2563eb"
      ignoreStroke
      boundBoxFunc={(oldBox, newBox) =>
        Math.abs(newBox.width) < MIN_SCREEN_SIDE || Math.abs(newBox.height) < MIN_SCREEN_SIDE ? oldBox : newBox
      }
    />
  );
}
