import { Rect } from './konva-parts.ts';
import { selectCanvas, selectColorCode, selectView } from '../store/selectors.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { checkerboardPattern } from './checkerboard-pattern.ts';

/** The canvas area: the background colour, or a checkerboard where the output will be transparent. */
export function CanvasBackdrop() {
  const canvas = useEditorStore(selectCanvas);
  const colorCode = useEditorStore(selectColorCode);
  const { scale } = useEditorStore(selectView);
  if (colorCode) {
    return <Rect x={0} y={0} width={canvas.width} height={canvas.height} fill={colorCode} listening={false} />;
  }
  return (
    <Rect
      x={0}
      y={0}
      width={canvas.width}
      height={canvas.height}
      fillPatternImage={checkerboardPattern() as unknown as HTMLImageElement}
      fillPatternScaleX={1 / scale}
      fillPatternScaleY={1 / scale}
      listening={false}
    />
  );
}
