import { useEffect, useRef } from 'react';
import type { SnapGuide } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectView } from '../store/selectors.ts';
import { useSnapGuides } from './snap-guides-store.ts';

/**
 * The lines a drag or resize is snapped to, 1 screen pixel wide across the whole view: elements over the stage,
 * not a Konva layer, so showing or hiding one costs no canvas drawing. They come and go many times during a
 * drag, so they are kept up to date by hand rather than by React: each change moves (a CSS translation) and
 * shows or hides elements that stay, with no element added or removed and no render. In a box of their own
 * that contains its layout and paint.
 */
export function SnapGuides() {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // One pool of lines per axis, so that a line never changes from vertical to horizontal.
    const pools: Record<SnapGuide['axis'], HTMLDivElement[]> = { x: [], y: [] };
    const lineAt = (axis: SnapGuide['axis'], index: number) => {
      const pool = pools[axis];
      while (pool.length <= index) {
        const line = document.createElement('div');
        line.className = `snap-guide snap-guide--${axis}`;
        line.dataset.axis = axis;
        element.append(line);
        pool.push(line);
      }
      return pool[index]!;
    };
    const draw = () => {
      const { guides } = useSnapGuides.getState();
      const view = selectView(useEditorStore.getState());
      const shown = { x: 0, y: 0 };
      for (const guide of guides) {
        const line = lineAt(guide.axis, shown[guide.axis]++);
        const vertical = guide.axis === 'x';
        const at = (vertical ? view.offsetX : view.offsetY) + guide.position * view.scale - 0.5;
        line.style.transform = vertical ? `translateX(${at}px)` : `translateY(${at}px)`;
        line.style.visibility = 'visible';
        line.dataset.testid = 'snap-guide';
        line.dataset.position = String(guide.position);
      }
      for (const axis of ['x', 'y'] as const) {
        for (const line of pools[axis].slice(shown[axis])) {
          line.style.visibility = 'hidden';
          delete line.dataset.testid;
        }
      }
    };
    draw();
    const stopGuides = useSnapGuides.subscribe(draw);
    const stopView = useEditorStore.subscribe((state, previous) => {
      if (selectView(state) !== selectView(previous)) draw();
    });
    return () => {
      stopGuides();
      stopView();
      element.replaceChildren();
    };
  }, []);
  return <div ref={box} className="snap-guides" />;
}
