import { Line } from './konva-parts.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectView } from '../store/selectors.ts';
import { useSnapGuides } from './snap-guides-store.ts';

const FAR = 1_000_000;

/** The lines a drag or resize is snapped to, drawn 1 screen pixel wide across the whole view. */
export function SnapGuides() {
  const guides = useSnapGuides((state) => state.guides);
  const { scale } = useEditorStore(selectView);
  return (
    <>
      {guides.map((guide) => (
        <Line
          key={`${guide.axis}${guide.position}`}
          points={guide.axis === 'x' ? [guide.position, -FAR, guide.position, FAR] : [-FAR, guide.position, FAR, guide.position]}
          stroke="#ff3d8b"
          strokeWidth={1 / scale}
          listening={false}
        />
      ))}
    </>
  );
}
