import type { CSSProperties } from 'react';
import { useEditorStore } from '../store/editor-store.ts';
import { selectView } from '../store/selectors.ts';
import { useSnapGuides } from './snap-guides-store.ts';

const GUIDE_COLOR = '#ff3d8b';

/**
 * The lines a drag or resize is snapped to, 1 screen pixel wide across the whole view. Elements over the stage,
 * not a Konva layer: showing or hiding one during a drag then costs no canvas drawing.
 */
export function SnapGuides() {
  const guides = useSnapGuides((state) => state.guides);
  const view = useEditorStore(selectView);
  return (
    // In a box of their own that contains its layout and paint: a guide that comes or goes during a drag
    // restyles and lays out only this box, not the page.
    <div className="snap-guides">
      {guides.map((guide) => {
        const vertical = guide.axis === 'x';
        const at = (vertical ? view.offsetX : view.offsetY) + guide.position * view.scale - 0.5;
        const style: CSSProperties = vertical
          ? { position: 'absolute', left: at, top: 0, width: 1, height: '100%', background: GUIDE_COLOR, pointerEvents: 'none' }
          : { position: 'absolute', left: 0, top: at, width: '100%', height: 1, background: GUIDE_COLOR, pointerEvents: 'none' };
        return (
          <div
            key={`${guide.axis}${guide.position}`}
            data-testid="snap-guide"
            data-axis={guide.axis}
            data-position={guide.position}
            style={style}
          />
        );
      })}
    </div>
  );
}
